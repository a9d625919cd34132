import { Logger } from '@nestjs/common';
import request from 'supertest';
import { verifyWebhookSignature } from '../../src/channels/webhook';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { authHeaders } from '../support/auth';
import { eventually, orderBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  attemptsOf,
  deliveriesOf,
  FAST_NOTIFY_ENV,
  LIFECYCLE,
  simulateOrder,
  waitFor,
  waitForInbox,
  WEBHOOK_SECRET,
} from './support/scenario';
import {
  HangingChannel,
  RecordingChannel,
  resetTestChannels,
  ThrowingChannel,
} from './support/test-channels';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

describe.each(databaseKinds())('Notification delivery on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let receiver: WebhookReceiver;
  let consoleLines: string[];

  beforeEach(async () => {
    resetTestChannels();
    database = await createTestDatabase(kind);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    consoleLines = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(function (
      this: Logger,
      ...args: unknown[]
    ) {
      if ((this as unknown as { context?: string }).context === 'ConsoleChannel') {
        // The fields object (its correlation id) and the message, as one line.
        consoleLines.push(args.map((arg) => JSON.stringify(arg)).join(' '));
      }
    });
  });

  afterEach(async () => {
    await herald?.close();
    await receiver.close();
    await database.drop();
    jest.restoreAllMocks();
  });

  const start = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { ...FAST_NOTIFY_ENV, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET, ...env },
      providers: [RecordingChannel, ThrowingChannel, HangingChannel],
    });
  };

  it('delivers one notification per status to the inbox, console, webhook and every plugged-in channel', async () => {
    await start();
    const orderId = await simulateOrder(herald.url, 'customer-a');

    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    expect(inbox.map((n) => n.data.status)).toEqual(LIFECYCLE);
    expect(inbox.every((n) => n.orderId === orderId && n.userId === 'customer-a')).toBe(true);
    expect(inbox.map((n) => n.type)).toContain('order.shipped');
    expect(inbox.find((n) => n.data.status === 'Delivered')).toMatchObject({
      title: 'Order delivered',
      severity: 'success',
    });

    await eventually(() => RecordingChannel.received.length === LIFECYCLE.length);
    expect(RecordingChannel.received.map((n) => n.id)).toEqual(inbox.map((n) => n.id));
    expect(RecordingChannel.received.map((n) => n.sequence)).toEqual(inbox.map((n) => n.sequence));

    await eventually(() => receiver.received.length === LIFECYCLE.length);
    for (const hook of receiver.received) {
      const signature = String(hook.headers['x-herald-signature']);
      expect(verifyWebhookSignature(hook.body, WEBHOOK_SECRET, signature)).toBe(true);
      expect(hook.headers['content-type']).toMatch(/^application\/json/);
      expect(hook.headers['x-herald-delivery']).toBe(JSON.parse(hook.body).id);
    }
    const hooked = receiver.received.map((hook) => JSON.parse(hook.body));
    expect(hooked.map((n) => n.data.status).sort()).toEqual([...LIFECYCLE].sort());

    expect(receiver.forged).toBe(0);

    await eventually(() => consoleLines.length === LIFECYCLE.length);
    expect(consoleLines[0]).toContain('customer-a');
    expect(consoleLines[0]).toContain(orderId);
  });

  it('does not let a hanging channel hold up the others', async () => {
    await start({ NOTIFY_CHANNEL_TIMEOUT_MS: '60000' });
    await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    await eventually(() => RecordingChannel.received.length === LIFECYCLE.length);
    await eventually(() => receiver.received.length === LIFECYCLE.length);

    // Every notification reached the hanging channel, which has not answered any of them yet.
    expect(HangingChannel.calls).toBe(LIFECYCLE.length);
    for (const notification of inbox) {
      // Each record is written a moment after its send returned: wait for the last of them.
      const outcomes = await waitFor(async () => {
        const records = await deliveriesOf(herald.url, 'customer-a', notification.id);
        const latest = Object.fromEntries(records.map((r) => [r.channel, r.outcome]));
        const delivered = ['inbox', 'console', 'recording', 'webhook'];
        const settled = latest.throwing === 'failed';
        return delivered.every((c) => latest[c] === 'succeeded') && settled && latest;
      });
      expect(outcomes.throwing).toBe('failed');
      expect(outcomes.hanging).toBe('queued'); // and no attempt recorded yet
    }
  });

  it('keeps each notification’s records apart when many are published at once', async () => {
    await start();
    const customers = Array.from({ length: 20 }, (_, i) => `burst-${i}`);
    // Concurrent creates commit within a few turns: the relay publishes them as batches and
    // their delivery records share insert statements.
    await Promise.all(
      customers.map(async (customerId) =>
        request(herald.url)
          .post('/orders')
          .set(await authHeaders(customerId))
          .send(orderBody({ customerId }))
          .expect(201),
      ),
    );
    const delivered = ['console', 'inbox', 'recording', 'sse', 'webhook'];
    for (const customerId of customers) {
      const [notification] = await waitForInbox(herald.url, customerId, 1);
      const succeededIn = (records: any[]) =>
        records.filter((r) => r.outcome === 'succeeded').map((r) => r.channel);
      const records = await waitFor(async () => {
        const all = await deliveriesOf(herald.url, customerId, notification.id);
        return succeededIn(all).length >= delivered.length && all;
      });
      expect(records.every((r) => r.notificationId === notification.id)).toBe(true);
      expect(succeededIn(records).sort()).toEqual(delivered);
      const queued = records.filter((r) => r.outcome === 'queued').map((r) => r.channel);
      expect(queued.sort()).toEqual([
        'console',
        'hanging',
        'recording',
        'sse',
        'throwing',
        'webhook',
      ]);
    }
  });

  it('records every failed attempt and retries up to NOTIFY_MAX_ATTEMPTS', async () => {
    await start({ NOTIFY_CHANNEL_TIMEOUT_MS: '100' });
    await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);

    for (const notification of inbox) {
      const records = await waitFor(async () => {
        const all = await deliveriesOf(herald.url, 'customer-a', notification.id);
        const done = ['throwing', 'hanging'].every((c) => attemptsOf(all, c).length === 3);
        return done && all;
      });
      expect(attemptsOf(records, 'throwing')).toEqual(
        [1, 2, 3].map((attempt) =>
          expect.objectContaining({
            attempt,
            outcome: 'failed',
            error: expect.stringContaining('on fire'),
          }),
        ),
      );
      expect(attemptsOf(records, 'hanging')).toEqual(
        [1, 2, 3].map((attempt) =>
          expect.objectContaining({
            attempt,
            outcome: 'timed-out',
            error: 'no answer within 100 ms',
          }),
        ),
      );
      // In-process channels answer at once; the webhook's HTTP round trip may take longer than
      // this test's 100 ms timeout on a busy machine, so it is checked elsewhere.
      for (const channel of ['inbox', 'console', 'recording']) {
        expect(attemptsOf(records, channel)).toEqual([
          expect.objectContaining({ attempt: 1, outcome: 'succeeded', error: null }),
        ]);
      }
    }
    expect(ThrowingChannel.calls).toBe(3 * LIFECYCLE.length);
    expect(HangingChannel.calls).toBe(3 * LIFECYCLE.length);
    expect(RecordingChannel.received).toHaveLength(LIFECYCLE.length);

    const metrics = (await request(herald.url).get('/metrics').expect(200)).text;
    const count = (labels: string) =>
      metrics.match(new RegExp(`herald_notification_deliveries_total\\{${labels}\\} (\\d+)`))?.[1];
    expect(count('channel="throwing",outcome="failed"')).toBe(String(3 * LIFECYCLE.length));
    expect(count('channel="hanging",outcome="timed-out"')).toBe(String(3 * LIFECYCLE.length));
    expect(count('channel="recording",outcome="succeeded"')).toBe(String(LIFECYCLE.length));
  });

  it('retries a webhook the receiver refused, with the same delivery id and a valid signature', async () => {
    receiver.statusFor = (index) => (index === 0 ? 500 : 204);
    await start();
    const orderId = await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    await eventually(() => receiver.received.length === LIFECYCLE.length + 1);

    const refused = JSON.parse(receiver.received[0].body);
    const again = receiver.received.filter((hook) => JSON.parse(hook.body).id === refused.id);
    expect(again).toHaveLength(2);
    expect(again[1].headers['x-herald-delivery']).toBe(again[0].headers['x-herald-delivery']);
    expect(
      verifyWebhookSignature(
        again[1].body,
        WEBHOOK_SECRET,
        String(again[1].headers['x-herald-signature']),
      ),
    ).toBe(true);
    const records = await waitFor(async () => {
      const all = await deliveriesOf(herald.url, 'customer-a', refused.id);
      return attemptsOf(all, 'webhook').length === 2 && all;
    });
    expect(attemptsOf(records, 'webhook')).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'failed',
        error: expect.stringContaining('500'),
      }),
      expect.objectContaining({ attempt: 2, outcome: 'succeeded' }),
    ]);
    expect(inbox.every((n) => n.orderId === orderId)).toBe(true);
  });
  it('is refused by a receiver that holds another secret, and says so in the records', async () => {
    await start({ WEBHOOK_SECRET: 'not-the-receivers-secret-42' });
    await simulateOrder(herald.url, 'customer-a');
    const [created] = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    await eventually(() => receiver.forged === 3 * LIFECYCLE.length);
    expect(receiver.received).toHaveLength(0);
    const records = await waitFor(async () => {
      const all = await deliveriesOf(herald.url, 'customer-a', created.id);
      const webhook = attemptsOf(all, 'webhook');
      return webhook.length === 3 && webhook;
    });
    expect(records.map((r) => [r.attempt, r.outcome, r.error])).toEqual(
      [1, 2, 3].map((attempt) => [
        attempt,
        'failed',
        'WebhookRejectedError: the webhook receiver answered 401',
      ]),
    );
  });
});
