import request from 'supertest';
import { EventRelay } from '../src/persistence';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { dataOf, openSse, SseConnection, SseEvent } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';
import { appendLargeOrderEvents } from './support/bulk-events';
import { openPausedSse } from './support/paused-sse';

const updates = (events: SseEvent[]) => events.filter((e) => e.event === 'order-update');
const ids = (events: SseEvent[]) => updates(events).map((e) => Number(e.id));
/** NestJS writes one blank line before the first message; then ours, `retry:` first. */
const retryLineOf = (stream: SseConnection) => stream.raw.trimStart().split('\n\n')[0];

/**
 * Every message but a heartbeat carries an `id:` chosen so that a client reconnecting right
 * after it, with the Last-Event-ID it then holds, resumes with no gap and no duplicate.
 */
describe.each(databaseKinds())('Reconnecting right after each kind of message, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let customer: Record<string, string>;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    customer = await authHeaders('customer-1');
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  const start = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({ databaseUrl: database.url, env });
  };
  const createOrder = async () =>
    (await request(herald.url).post('/orders').set(customer).send(orderBody()).expect(201))
      .body as { id: string };
  const advance = async (orderId: string, status: string) =>
    request(herald.url)
      .post(`/orders/${orderId}/status`)
      .set(await adminHeaders())
      .send({ status })
      .expect(200);
  const orderStream = (orderId: string, lastEventId?: string) =>
    openSse(`${herald.url}/orders/${orderId}/stream`, {
      ...customer,
      ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
    });

  it('after `retry`: it carries the position the client came with (none, or its Last-Event-ID)', async () => {
    await start();
    const order = await createOrder();
    await advance(order.id, 'PaymentConfirmed');

    const fresh = await orderStream(order.id);
    await fresh.waitForEvents(2);
    fresh.close();
    expect(retryLineOf(fresh)).toBe('id: \nretry: 3000');
    const again = await orderStream(order.id); // no id held: the whole history, as the first time
    await again.waitForEvents(2);
    again.close();
    expect(ids(again.events)).toEqual(ids(fresh.events));

    const [first, second] = ids(fresh.events);
    const resumed = await orderStream(order.id, String(first));
    await resumed.waitForEvents(1);
    resumed.close();
    expect(retryLineOf(resumed)).toBe(`id: ${first}\nretry: 3000`);
    expect(ids(resumed.events)).toEqual([second]);
  });

  it('after an `order-update`: its id, the event the client has', async () => {
    await start();
    const order = await createOrder();
    const stream = await orderStream(order.id);
    const [created] = await stream.waitForEvents(1);
    stream.close();
    await advance(order.id, 'PaymentConfirmed');
    const resumed = await orderStream(order.id, created.id);
    await resumed.waitForEvents(1);
    resumed.close();
    expect(updates(resumed.events).map((e) => dataOf(e).status)).toEqual(['PaymentConfirmed']);
  });

  it('after `resync`: no id, so the client starts over as the resync did', async () => {
    await start();
    const order = await createOrder();
    const stream = await orderStream(order.id, 'not-an-id');
    const [resync] = await stream.waitForEvents(2);
    stream.close();
    expect(resync).toMatchObject({ event: 'resync', id: '' });
    await advance(order.id, 'PaymentConfirmed');
    const restarted = await orderStream(order.id); // what a client holding '' sends: nothing
    await restarted.waitForEvents(2);
    restarted.close();
    expect(restarted.events.some((e) => e.event === 'resync')).toBe(false);
    expect(ids(restarted.events)).toEqual([ids(stream.events)[0], ids(stream.events)[0] + 1]);
  });

  it('after a heartbeat: no id, so the client keeps the last event’s', async () => {
    await start({ SSE_HEARTBEAT_MS: '30' });
    const order = await createOrder();
    const stream = await orderStream(order.id);
    const [created] = await stream.waitForEvents(1);
    await eventually(() => stream.comments.length >= 2);
    stream.close();
    const afterEvent = stream.raw.slice(stream.raw.indexOf(`id: ${created.id}\n`));
    expect(afterEvent).toMatch(/\n\n: \n\n/); // the heartbeat: a comment, no `id:` line
    expect(afterEvent.split('\n\n').filter((m) => m.startsWith('id:'))).toHaveLength(1);

    await advance(order.id, 'PaymentConfirmed');
    const resumed = await orderStream(order.id, created.id);
    await resumed.waitForEvents(1);
    resumed.close();
    expect(updates(resumed.events).map((e) => dataOf(e).status)).toEqual(['PaymentConfirmed']);
  });

  it('after `dropped`: the position before the gap, so the reconnect replays exactly what was dropped', async () => {
    await start({ SSE_BUFFER_SIZE: '10' });
    const admin = await adminHeaders();
    const slow = await openPausedSse(`${herald.url}/orders/stream`, admin);
    const appended = await appendLargeOrderEvents(herald, 2000, 16_000);
    const relay = herald.app.get(EventRelay);
    await eventually(() => relay.publishedUpTo >= appended.at(-1)!, 30_000);

    const received = await slow.readEvents();
    const noticeAt = received.findIndex((e) => e.event === 'dropped');
    expect(noticeAt).toBeGreaterThan(-1);
    const notice = received[noticeAt];
    const { count, resumeFrom } = dataOf<{ count: number; resumeFrom: number }>(notice);
    expect(notice.id).toBe(String(resumeFrom));
    const beforeGap = ids(received.slice(0, noticeAt));
    expect(beforeGap.at(-1) ?? appended[0] - 1).toBe(resumeFrom);
    slow.destroy();

    const resumed = await openSse(`${herald.url}/orders/stream`, {
      ...admin,
      'Last-Event-ID': notice.id!,
    });
    const missed = appended.filter((id) => id > resumeFrom);
    await resumed.waitForEvents(missed.length, 30_000);
    resumed.close();
    expect(ids(resumed.events)).toEqual(missed);
    expect(missed.slice(0, count)).not.toContain(beforeGap.at(-1));
    expect([...beforeGap, ...ids(resumed.events)]).toEqual(appended);
  });
});
