import request from 'supertest';
import { DATABASE, Database } from '../../src/persistence';
import { adminHeaders, authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  attemptsOf,
  deliveriesOf,
  FAST_NOTIFY_ENV,
  waitForInbox,
  WEBHOOK_SECRET,
} from './support/scenario';
import { RecordingChannel, resetTestChannels } from './support/test-channels';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

describe.each(databaseKinds())('Notifications of a re-published event, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    resetTestChannels();
    database = await createTestDatabase(kind);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
  });

  afterEach(async () => {
    await herald?.close();
    await receiver.close();
    await database.drop();
  });

  const start = async () => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { ...FAST_NOTIFY_ENV, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET },
      providers: [RecordingChannel],
    });
  };
  const moveTo = async (orderId: string, status: string) =>
    request(herald.url)
      .post(`/orders/${orderId}/status`)
      .set(await adminHeaders())
      .send({ status })
      .expect(200);

  it('stores and delivers each notification once when the relay publishes its event again', async () => {
    await start();
    const order = await request(herald.url)
      .post('/orders')
      .set(await authHeaders('customer-1'))
      .send(orderBody())
      .expect(201);
    await moveTo(order.body.id, 'PaymentConfirmed');
    const before = await waitForInbox(herald.url, 'customer-1', 2);
    await eventually(
      () => RecordingChannel.received.length === 2 && receiver.received.length === 2,
    );
    // Received is not yet recorded: a restart before the webhook's answer is read would abort
    // that attempt, and the next process would rightly send it again.
    await eventually(async () => {
      for (const { id } of before) {
        const attempts = attemptsOf(await deliveriesOf(herald.url, 'customer-1', id), 'webhook');
        if (!attempts.some(({ outcome }) => outcome === 'succeeded')) return false;
      }
      return true;
    });

    // What a crash between commit and relay leaves: the events are published again at start-up.
    await herald.app
      .get<Database>(DATABASE)
      .updateTable('event_log')
      .set({ published_at: null })
      .execute();
    await herald.close();
    resetTestChannels();
    await start();

    // Notifications go through in event order, so once the next one arrives the replays are done.
    await moveTo(order.body.id, 'Packed');
    await eventually(() => RecordingChannel.received.length >= 1 && receiver.received.length >= 3);
    expect(RecordingChannel.received.map((n) => n.data.status)).toEqual(['Packed']);
    expect(receiver.received.map((hook) => JSON.parse(hook.body).data.status)).toEqual([
      'Created',
      'PaymentConfirmed',
      'Packed',
    ]);
    const after = await waitForInbox(herald.url, 'customer-1', 3);
    expect(after).toHaveLength(3);
    expect(after.slice(0, 2)).toEqual(before);
    const records = await deliveriesOf(herald.url, 'customer-1', before[0].id);
    const recording = records.filter((r) => r.channel === 'recording');
    expect(recording.map((r) => [r.attempt, r.outcome])).toEqual([
      [0, 'queued'],
      [1, 'succeeded'],
    ]);
    expect(records.filter((r) => r.channel === 'inbox')).toHaveLength(1);
  });
});
