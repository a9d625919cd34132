import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { InboxRepository } from '../../src/notifications/inbox/inbox.repository';
import { NotificationPublisher } from '../../src/notifications/notification-publisher.service';
import type { NotificationDraft } from '../../src/notifications/notification';
import { PreferencesRepository } from '../../src/notifications/preferences.repository';
import { DATABASE, Database } from '../../src/persistence';
import { authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { FAST_NOTIFY_ENV, inboxOf } from './support/scenario';
import { RecordingChannel, resetTestChannels } from './support/test-channels';

const draft = (title: string): NotificationDraft => ({
  id: randomUUID(),
  userId: 'customer-1',
  type: 'test.batch',
  title,
  body: `${title} body`,
  severity: 'info',
  orderId: null,
  data: {},
  createdAt: new Date().toISOString(),
  correlationId: 'notification-batches',
  traceparent: null,
});

// What a relay batch publishes at once is stored with one statement: these check that batching
// keeps publication order and that one notification that cannot be stored fails alone.
describe.each(databaseKinds())('Notifications stored in batches, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    resetTestChannels();
    database = await createTestDatabase(kind);
    herald = await startTestApp({
      databaseUrl: database.url,
      env: FAST_NOTIFY_ENV,
      providers: [RecordingChannel],
    });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await herald?.close();
    await database.drop();
  });

  const db = () => herald.app.get<Database>(DATABASE);
  const publisher = () => herald.app.get(NotificationPublisher);
  const sentTitles = () => RecordingChannel.received.map(({ title }) => title);

  it('stores what is published at once with one call, in publication order', async () => {
    const storeAll = jest.spyOn(herald.app.get(InboxRepository), 'storeAll');
    const drafts = ['a', 'b', 'c', 'd', 'e'].map(draft);

    await Promise.all(drafts.map((one) => publisher().publish(one)));

    expect(storeAll).toHaveBeenCalledTimes(1);
    expect(storeAll.mock.calls[0][0].map(({ id }) => id)).toEqual(drafts.map(({ id }) => id));
    const inbox = await inboxOf(herald.url, 'customer-1'); // newest first
    expect(inbox.map(({ title }: { title: string }) => title)).toEqual(['e', 'd', 'c', 'b', 'a']);
    const sequences = inbox.map(({ sequence }: { sequence: number }) => sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => y - x));
    await eventually(() => RecordingChannel.received.length === 5);
    expect(sentTitles()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sends a stored notification that comes again only once, beside new ones in its batch', async () => {
    const again = draft('again');
    await publisher().publish(again);
    await eventually(() => RecordingChannel.received.length === 1);

    const [twice, fresh] = [draft('twice'), draft('fresh')];
    await Promise.all([again, twice, twice, fresh].map((one) => publisher().publish(one)));

    await eventually(() => RecordingChannel.received.length >= 3);
    expect(sentTitles()).toEqual(['again', 'twice', 'fresh']);
    const inbox = await inboxOf(herald.url, 'customer-1');
    expect(inbox.map(({ title }: { title: string }) => title)).toEqual(['fresh', 'twice', 'again']);
  });

  it("reads a batch's switches at once, and keeps each user's to that user", async () => {
    await request(herald.url)
      .put('/notifications/preferences')
      .set(await authHeaders('customer-2'))
      .send({ channels: { recording: false } })
      .expect(200);
    const reads = jest.spyOn(herald.app.get(PreferencesRepository), 'switchesOf');
    const drafts = [
      draft('to 1'),
      { ...draft('to 2'), userId: 'customer-2' },
      draft('to 1 again'),
      { ...draft('to 3'), userId: 'customer-3' },
    ];

    await Promise.all(drafts.map((one) => publisher().publish(one)));

    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0]).toEqual(['customer-1', 'customer-2', 'customer-3']);
    await eventually(() => RecordingChannel.received.length === 3);
    expect(sentTitles()).toEqual(['to 1', 'to 1 again', 'to 3']);
    const skipped = await db()
      .selectFrom('notification_deliveries')
      .select(['notification_id', 'error'])
      .where('channel', '=', 'recording')
      .where('outcome', '=', 'skipped')
      .execute();
    expect(skipped).toEqual([{ notification_id: drafts[1].id, error: 'turned off by the user' }]);
  });

  it('gives notifications their inbox sequence in the order their events were logged', async () => {
    const customers = ['customer-1', 'customer-2', 'customer-3'];
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const customerId = customers[i % customers.length];
        await request(herald.url)
          .post('/orders')
          .set(await authHeaders(customerId))
          .send(orderBody({ customerId }))
          .expect(201);
      }),
    );

    const stored = await eventually(async () => {
      const rows = await db().selectFrom('notifications').select('id').orderBy('seq').execute();
      return rows.length === 30 && rows.map(({ id }) => id);
    });
    const logged = await db().selectFrom('event_log').select('event_id').orderBy('seq').execute();
    expect(stored).toEqual(logged.map(({ event_id }) => event_id));
    for (const customerId of customers) {
      expect(await inboxOf(herald.url, customerId)).toHaveLength(10);
    }
  });

  it('fails only the notification that cannot be stored, and stores the rest in order', async () => {
    const [first, broken, last] = [draft('first'), draft('broken'), draft('last')];
    // A NOT NULL column left empty: the batch's one INSERT fails, so it is stored one by one.
    const brokenDraft = { ...broken, body: null } as unknown as NotificationDraft;

    const storeAll = jest.spyOn(herald.app.get(InboxRepository), 'storeAll');
    const outcomes = await Promise.allSettled([
      publisher().publish(first),
      publisher().publish(brokenDraft),
      publisher().publish(last),
    ]);

    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The batch's insert, then each draft on its own.
    expect(storeAll.mock.calls.map(([drafts]) => drafts.length)).toEqual([3, 1, 1, 1]);
    const inbox = await inboxOf(herald.url, 'customer-1');
    expect(inbox.map(({ title }: { title: string }) => title)).toEqual(['last', 'first']);
    expect(inbox[0].sequence).toBeGreaterThan(inbox[1].sequence);
  });
});
