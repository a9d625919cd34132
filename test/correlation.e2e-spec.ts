import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import request from 'supertest';
import { ORDER_LIFECYCLE } from '../src/orders';
import { createDatabase, DatabaseHandle } from '../src/persistence';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, freePort, orderBody } from './support/fixtures';
import { collectLogLines, LogLine } from './support/log-lines';
import { assertBuilt, startRealProcess } from './support/real-process';
import {
  deliveriesOf,
  FAST_NOTIFY_ENV,
  inboxOf,
  waitFor,
  WEBHOOK_SECRET,
} from './notifications/support/scenario';
import {
  ReceivedWebhook,
  startWebhookReceiver,
  WebhookReceiver,
} from './notifications/support/webhook-receiver';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One request, followed by its id through everything it causes, on the real process (`node
 * dist/main.js`): its log lines, the event log (row and history API), the notification, every
 * delivery record and the webhook's request.
 */
describe.each(databaseKinds())('Correlation ids end to end on %s', (kind) => {
  let database: TestDatabase;
  let store: DatabaseHandle;
  let dir: string;
  let server: ChildProcess;
  let receiver: WebhookReceiver;
  let lines: LogLine[];
  let url: string;
  /** Correlation ids whose first webhook attempt is answered 500 (a retry follows). */
  const failFirstAttempt = new Set<string>();

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'herald-correlation-'));
    database = await createTestDatabase(kind);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const failed = new Set<string>();
    receiver.statusFor = (_, webhook) => {
      const id = String(webhook.headers['x-request-id']);
      if (!failFirstAttempt.has(id) || failed.has(id)) return 204;
      failed.add(id);
      return 500;
    };
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = await startRealProcess({
      port,
      dir,
      env: {
        ...FAST_NOTIFY_ENV,
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET,
      },
      stdout: 'pipe',
    });
    lines = collectLogLines(server);
    store = createDatabase(database.url);
  }, 60_000);

  afterAll(async () => {
    await store?.db.destroy();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  const createOrder = async (customerId: string, requestId: string): Promise<string> => {
    const res = await request(url)
      .post('/orders')
      .set(await authHeaders(customerId))
      .set('X-Request-Id', requestId)
      .send(orderBody({ customerId }))
      .expect(201);
    return res.body.id as string;
  };

  const changeStatus = async (orderId: string, status: string, headers: Record<string, string>) =>
    request(url)
      .post(`/orders/${orderId}/status`)
      .set(await adminHeaders())
      .set(headers)
      .send({ status })
      .expect(200);

  const historyOf = async (orderId: string) =>
    (
      await request(url)
        .get(`/orders/${orderId}/events`)
        .set(await adminHeaders())
        .expect(200)
    ).body as { status: string; correlationId: string; traceparent?: string }[];

  const webhooksOf = (correlationId: string, count: number): Promise<ReceivedWebhook[]> =>
    waitFor(async () => {
      const found = receiver.received.filter((w) => w.headers['x-request-id'] === correlationId);
      return found.length >= count && found;
    });

  /** The notification of `type` in the customer's inbox, once there. */
  const notificationOf = (customerId: string, type: string) =>
    waitFor(async () => (await inboxOf(url, customerId)).find((n) => n.type === type));

  /** Its records once the webhook's success is among them. */
  const recordsOnceDelivered = (customerId: string, notificationId: string) =>
    waitFor(async () => {
      const records = await deliveriesOf(url, customerId, notificationId);
      return records.some((r) => r.channel === 'webhook' && r.outcome === 'succeeded') && records;
    });

  const linesOf = (correlationId: string) =>
    lines.filter(
      (line) =>
        line.req?.id === correlationId ||
        line.correlationId === correlationId ||
        line.requestId === correlationId,
    );

  it('follows one status change by its X-Request-Id through logs, records and the webhook', async () => {
    const customer = 'customer-corr-1';
    const orderId = await createOrder(customer, 'corr-create-1');
    failFirstAttempt.add('corr-status-1');

    const changed = await changeStatus(orderId, 'PaymentConfirmed', {
      'X-Request-Id': 'corr-status-1',
    });
    expect(changed.headers['x-request-id']).toBe('corr-status-1');

    // The webhook: refused once, retried, both requests with the id and no trace context.
    const hooks = await webhooksOf('corr-status-1', 2);
    for (const hook of hooks) {
      expect(JSON.parse(hook.body)).toMatchObject({
        type: 'order.payment-confirmed',
        correlationId: 'corr-status-1',
        traceparent: null,
      });
      expect(hook.headers.traceparent).toBeUndefined();
    }

    // The event log: its row and the history API.
    const rows = await store.db
      .selectFrom('event_log')
      .select(['type', 'correlation_id'])
      .where('aggregate_id', '=', orderId)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { type: 'order.created', correlation_id: 'corr-create-1' },
      { type: 'order.status-changed', correlation_id: 'corr-status-1' },
    ]);
    const history = await historyOf(orderId);
    expect(history.map((e) => [e.status, e.correlationId])).toEqual([
      ['Created', 'corr-create-1'],
      ['PaymentConfirmed', 'corr-status-1'],
    ]);

    // The notification and every one of its delivery records.
    const notification = await notificationOf(customer, 'order.payment-confirmed');
    expect(notification).toMatchObject({ correlationId: 'corr-status-1', traceparent: null });
    const records = await recordsOnceDelivered(customer, notification.id);
    expect(records.map((r) => [r.channel, r.attempt, r.outcome])).toEqual(
      expect.arrayContaining([
        ['webhook', 1, 'failed'],
        ['webhook', 2, 'succeeded'],
        ['console', 1, 'succeeded'],
        ['inbox', 1, 'succeeded'],
      ]),
    );
    for (const record of records) expect(record.correlationId).toBe('corr-status-1');

    // The log: the request's own line, the console channel's and the failed attempt's.
    const followed = await waitFor(async () => {
      const found = linesOf('corr-status-1');
      return found.some((line) => line.msg === 'delivery failed; will retry') && found;
    });
    expect(followed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'request completed',
          res: expect.objectContaining({ statusCode: 200 }),
        }),
        expect.objectContaining({ context: 'ConsoleChannel', notificationId: notification.id }),
        expect.objectContaining({
          context: 'Notifications',
          msg: 'delivery failed; will retry',
          channel: 'webhook',
          notificationId: notification.id,
        }),
      ]),
    );
    // The order's creation is its own request's, not this one's.
    expect(linesOf('corr-create-1')).toContainEqual(
      expect.objectContaining({ context: 'ConsoleChannel' }),
    );
    expect(followed.filter((line) => line.context === 'ConsoleChannel')).toHaveLength(1);
  });

  it("takes a traceparent's trace id as the request id, and passes the trace on to the webhook", async () => {
    const customer = 'customer-corr-2';
    const orderId = await createOrder(customer, 'corr-create-2');

    const changed = await changeStatus(orderId, 'PaymentConfirmed', { traceparent: TRACEPARENT });
    expect(changed.headers['x-request-id']).toBe(TRACE_ID);

    const [hook] = await webhooksOf(TRACE_ID, 1);
    const [version, traceId, span, flags] = String(hook.headers.traceparent).split('-');
    expect([version, traceId, flags]).toEqual(['00', TRACE_ID, '01']);
    expect(span).toMatch(/^[0-9a-f]{16}$/);
    expect(span).not.toBe(CALLER_SPAN); // the webhook call is a span of its own
    expect(JSON.parse(hook.body)).toMatchObject({
      correlationId: TRACE_ID,
      traceparent: TRACEPARENT,
    });

    expect((await historyOf(orderId))[1]).toMatchObject({
      correlationId: TRACE_ID,
      traceparent: TRACEPARENT,
    });
    const notification = await notificationOf(customer, 'order.payment-confirmed');
    expect(notification).toMatchObject({ correlationId: TRACE_ID, traceparent: TRACEPARENT });
    const records = await recordsOnceDelivered(customer, notification.id);
    for (const record of records) expect(record.correlationId).toBe(TRACE_ID);
    await eventually(() => linesOf(TRACE_ID).some((line) => line.context === 'ConsoleChannel'));
    expect(linesOf(TRACE_ID)).toContainEqual(
      expect.objectContaining({ msg: 'request completed', req: expect.anything() }),
    );

    // A chosen X-Request-Id still names the request; the trace goes on beside it.
    await changeStatus(orderId, 'Packed', {
      'X-Request-Id': 'corr-packed-2',
      traceparent: TRACEPARENT,
    });
    const [packed] = await webhooksOf('corr-packed-2', 1);
    expect(String(packed.headers.traceparent)).toMatch(
      new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`),
    );
    expect((await historyOf(orderId))[2]).toMatchObject({
      correlationId: 'corr-packed-2',
      traceparent: TRACEPARENT,
    });
  });

  it('ignores a malformed traceparent: the request gets an id of its own and no trace is passed on', async () => {
    const customer = 'customer-corr-3';
    const orderId = await createOrder(customer, 'corr-create-3');

    const changed = await changeStatus(orderId, 'PaymentConfirmed', {
      traceparent: `00-${TRACE_ID.toUpperCase()}-${CALLER_SPAN}-01`,
    });
    const requestId = changed.headers['x-request-id'];
    expect(requestId).toMatch(UUID);

    const [hook] = await webhooksOf(requestId, 1);
    expect(hook.headers.traceparent).toBeUndefined();
    const history = await historyOf(orderId);
    expect(history[1].correlationId).toBe(requestId);
    expect(history[1]).not.toHaveProperty('traceparent');
  });

  it('gives every step of a simulation the id of the request that started it', async () => {
    const customer = 'customer-corr-4';
    const orderId = await createOrder(customer, 'corr-create-4');

    await request(url)
      .post(`/orders/${orderId}/simulate`)
      .set(await authHeaders(customer))
      .set('X-Request-Id', 'corr-simulate-4')
      .send({ stepMs: 5 })
      .expect(202);

    const steps = ORDER_LIFECYCLE.length - 1;
    const hooks = await webhooksOf('corr-simulate-4', steps);
    // Sends of consecutive notifications may overtake each other on the way: by version.
    const statuses = hooks
      .map((hook) => JSON.parse(hook.body).data)
      .sort((a, b) => a.version - b.version)
      .map((data) => data.status);
    expect(statuses).toEqual(ORDER_LIFECYCLE.slice(1));
    const history = await historyOf(orderId);
    expect(history.map((e) => e.correlationId)).toEqual([
      'corr-create-4',
      ...Array(steps).fill('corr-simulate-4'),
    ]);
  });

  it('names the waiting requests when the relay cannot publish, and keeps their ids for when it can', async () => {
    const customer = 'customer-corr-5';
    const orderId = await createOrder(customer, 'corr-create-5');
    await notificationOf(customer, 'order.created');
    // The inbox cannot be written: the notifications listener fails, and the relay with it.
    await sql`alter table notifications rename to notifications_away`.execute(store.db);
    try {
      await changeStatus(orderId, 'Cancelled', { 'X-Request-Id': 'corr-relay-5' });
      const failures = await waitFor(async () => {
        const found = linesOf('corr-relay-5');
        return found.length >= 2 && found;
      });
      expect(failures).toContainEqual(
        expect.objectContaining({
          context: 'Notifications',
          msg: 'publishing failed; the relay retries',
        }),
      );
      await eventually(() =>
        lines.some(
          (line) =>
            line.msg === 'relay failed; the next poll retries' &&
            (line.correlationIds as string[] | undefined)?.includes('corr-relay-5'),
        ),
      );
    } finally {
      await sql`alter table notifications_away rename to notifications`.execute(store.db);
    }
    const notification = await notificationOf(customer, 'order.cancelled');
    expect(notification.correlationId).toBe('corr-relay-5');
  });
});
