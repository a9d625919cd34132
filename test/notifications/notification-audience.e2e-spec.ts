import request from 'supertest';
import { authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  deliveriesOf,
  FAST_NOTIFY_ENV,
  LIFECYCLE,
  simulateOrder,
  waitForInbox,
  WEBHOOK_SECRET,
} from './support/scenario';
import { RecordingChannel, resetTestChannels } from './support/test-channels';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

describe.each(databaseKinds())('Who gets which notification, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let receiver: WebhookReceiver;
  const http = () => request(herald.url);

  beforeEach(async () => {
    resetTestChannels();
    database = await createTestDatabase(kind);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { ...FAST_NOTIFY_ENV, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET },
      providers: [RecordingChannel],
    });
  });

  afterEach(async () => {
    await herald.close();
    await receiver.close();
    await database.drop();
  });

  it('never sends a notification to the wrong user', async () => {
    const [orderA, orderB] = await Promise.all([
      simulateOrder(herald.url, 'customer-a'),
      simulateOrder(herald.url, 'customer-b'),
    ]);
    const inboxA = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    const inboxB = await waitForInbox(herald.url, 'customer-b', LIFECYCLE.length);
    expect(inboxA.every((n) => n.userId === 'customer-a' && n.orderId === orderA)).toBe(true);
    expect(inboxB.every((n) => n.userId === 'customer-b' && n.orderId === orderB)).toBe(true);

    await eventually(() => RecordingChannel.received.length === 2 * LIFECYCLE.length);
    const owners = { [orderA]: 'customer-a', [orderB]: 'customer-b' };
    for (const notification of RecordingChannel.received) {
      expect(notification.userId).toBe(owners[notification.orderId!]);
    }
    await eventually(() => receiver.received.length === 2 * LIFECYCLE.length);
    for (const hook of receiver.received) {
      const notification = JSON.parse(hook.body);
      expect(notification.userId).toBe(owners[notification.orderId]);
    }

    // One customer cannot read, mark or inspect the other's notifications.
    const asA = await authHeaders('customer-a');
    await http().post(`/notifications/${inboxB[0].id}/read`).set(asA).expect(404);
    await http().get(`/notifications/${inboxB[0].id}/deliveries`).set(asA).expect(404);
    const countB = await http()
      .get('/notifications/unread-count')
      .set(await authHeaders('customer-b'))
      .expect(200);
    expect(countB.body).toEqual({ count: LIFECYCLE.length });
  });

  it('skips a channel a user turned off, for that user only', async () => {
    const asA = await authHeaders('customer-a');
    const saved = await http()
      .put('/notifications/preferences')
      .set(asA)
      .send({ channels: { recording: false, webhook: false } })
      .expect(200);
    expect(saved.body.channels).toEqual({
      inbox: true,
      console: true,
      sse: true,
      recording: false,
      webhook: false,
      email: true,
    });

    const orderA = await simulateOrder(herald.url, 'customer-a');
    const orderB = await simulateOrder(herald.url, 'customer-b');
    const inboxA = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    await waitForInbox(herald.url, 'customer-b', LIFECYCLE.length);
    await eventually(() => RecordingChannel.received.length === LIFECYCLE.length);
    await eventually(() => receiver.received.length === LIFECYCLE.length);

    expect(RecordingChannel.received.every((n) => n.orderId === orderB)).toBe(true);
    expect(receiver.received.every((hook) => JSON.parse(hook.body).orderId === orderB)).toBe(true);
    expect(inboxA.every((n) => n.orderId === orderA)).toBe(true); // the inbox always stores
    const records = await deliveriesOf(herald.url, 'customer-a', inboxA[0].id);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'recording', outcome: 'skipped', attempt: 0 }),
        expect.objectContaining({ channel: 'webhook', outcome: 'skipped', attempt: 0 }),
        expect.objectContaining({ channel: 'console', outcome: 'succeeded' }),
      ]),
    );
  });

  it('shows every channel in the preferences and refuses unknown ones and turning off the inbox', async () => {
    const asA = await authHeaders('customer-a');
    const initial = await http().get('/notifications/preferences').set(asA).expect(200);
    expect(initial.body).toEqual({
      channels: {
        inbox: true,
        console: true,
        sse: true,
        recording: true,
        webhook: true,
        email: true,
      },
      email: null,
      updatedAt: null,
    });

    const unknown = await http()
      .put('/notifications/preferences')
      .set(asA)
      .send({ channels: { pigeon: false } })
      .expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'channels.pigeon' })]);
    const inbox = await http()
      .put('/notifications/preferences')
      .set(asA)
      .send({ channels: { inbox: false } })
      .expect(400);
    expect(inbox.body.errors[0].field).toBe('channels.inbox');
    const notBoolean = await http()
      .put('/notifications/preferences')
      .set(asA)
      .send({ channels: { webhook: 'no' } })
      .expect(400);
    expect(notBoolean.body.errors).toEqual([
      { field: 'channels.webhook', reason: 'must be true or false' },
    ]);

    await http().get('/notifications/preferences').expect(401);
  });
});
