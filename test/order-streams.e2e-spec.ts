import { EventSource } from 'eventsource';
import request from 'supertest';
import { DATABASE, Database, EventLogPruner } from '../src/persistence';
import { StreamHub } from '../src/streaming';
import { StreamLimits } from '../src/streaming/stream-limits.service';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { dataOf, openSse, SseEvent } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';
import { openPausedSse } from './support/paused-sse';
import { ORDER_LIFECYCLE } from '../src/orders';

const LIFECYCLE = ORDER_LIFECYCLE;
const statuses = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'order-update').map((e) => dataOf(e).status);
/** The ids of the events themselves (notices such as `dropped` carry the client's position). */
const ids = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'order-update').map((e) => Number(e.id));

describe.each(databaseKinds())('Order streams on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let customer: Record<string, string>;
  let admin: Record<string, string>;

  const start = async (env: Record<string, string> = {}, port?: number) => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { SSE_HEARTBEAT_MS: '60000', ...env },
      port,
    });
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    customer = await authHeaders('customer-1');
    admin = await adminHeaders();
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  const createOrder = async () =>
    (await request(herald.url).post('/orders').set(customer).send(orderBody()).expect(201))
      .body as { id: string };
  const simulate = (id: string, stepMs: number) =>
    request(herald.url).post(`/orders/${id}/simulate`).set(customer).send({ stepMs }).expect(202);

  it('streams a simulation from Created to Delivered with increasing ids, then ends; a reconnect gets 204', async () => {
    await start();
    const order = await createOrder();
    const stream = await openSse(`${herald.url}/orders/${order.id}/stream`, customer);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toMatch(/no-cache/);
    expect(stream.headers['x-accel-buffering']).toBe('no');
    await simulate(order.id, 10);
    await stream.ended;
    expect(stream.retry).toBe(3000);
    expect(statuses(stream.events)).toEqual(LIFECYCLE);
    const eventIds = ids(stream.events);
    expect(eventIds).toEqual([...eventIds].sort((a, b) => a - b));
    expect(new Set(eventIds).size).toBe(6);
    expect(dataOf(stream.events[0])).toEqual({
      orderId: order.id,
      customerId: 'customer-1',
      status: 'Created',
      previousStatus: null,
      version: 1,
      occurredAt: expect.any(String),
    });

    const again = await openSse(`${herald.url}/orders/${order.id}/stream`, {
      ...customer,
      'Last-Event-ID': String(eventIds.at(-1)),
    });
    expect(again.status).toBe(204);
  });

  it('works with a real EventSource client, which stops after the final event', async () => {
    await start({ SSE_RETRY_MS: '100' });
    const order = await createOrder();
    const received: string[] = [];
    const source = new EventSource(`${herald.url}/orders/${order.id}/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...customer } }),
    });
    source.addEventListener('order-update', (e) => received.push(JSON.parse(e.data).status));
    await eventually(() => received.length === 1);
    await simulate(order.id, 5);
    // After Delivered the stream ends; the client reconnects with its Last-Event-ID, gets 204 and stops.
    await eventually(() => source.readyState === EventSource.CLOSED);
    expect(received).toEqual(LIFECYCLE);
    source.close();
  });

  it('replays exactly the missed events after a disconnect, and after a server restart', async () => {
    await start();
    const order = await createOrder();
    const first = await openSse(`${herald.url}/orders/${order.id}/stream`, customer);
    await simulate(order.id, 150);
    await first.waitForEvents(2);
    first.close();
    const lastSeen = ids(first.events).at(-1)!;

    await eventually(
      async () =>
        (await request(herald.url).get(`/orders/${order.id}`).set(customer)).body.version >= 4,
    );
    const second = await openSse(`${herald.url}/orders/${order.id}/stream`, {
      ...customer,
      'Last-Event-ID': String(lastSeen),
    });
    await second.waitForEvents(1);
    second.close();
    const combined = [...first.events, ...second.events];
    expect(statuses(combined)).toEqual(LIFECYCLE.slice(0, combined.length));

    // Restart: the simulation stops with the process; the log keeps everything.
    const port = herald.port;
    await herald.close();
    await start({}, port);
    const third = await openSse(
      `${herald.url}/orders/${order.id}/stream?lastEventId=${ids(combined).at(-1)}`,
      customer,
    );
    await simulate(order.id, 5);
    await third.ended;
    const all = [...combined, ...third.events];
    expect(statuses(all)).toEqual(LIFECYCLE);
    expect(new Set(ids(all)).size).toBe(ids(all).length);
  });

  it('has no gap and no duplicate at the seam while events are published during replay', async () => {
    // A buffer large enough that this busy test process, reading slowly, is never dropped from.
    await start({ SSE_BUFFER_SIZE: '1000' });
    const orders = herald.app.get(StreamHub);
    const writer = request(herald.url);
    for (let i = 0; i < 200; i++)
      await writer
        .post('/orders')
        .set(admin)
        .send(orderBody({ customerId: `c${i % 7}` }))
        .expect(201);
    const publishing = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        writer
          .post('/orders')
          .set(admin)
          .send(orderBody({ customerId: `d${i % 5}` })),
      ),
    );
    const replaying = await openSse(`${herald.url}/orders/stream`, {
      ...admin,
      'Last-Event-ID': '10',
    });
    await publishing;
    await replaying.waitForEvents(490, 20_000);
    replaying.close();
    expect(ids(replaying.events)).toEqual(Array.from({ length: 490 }, (_, i) => 11 + i));
    expect(orders.stats().dropped).toBe(0);
  });

  it('keeps a client that stops reading bounded, drops and counts its oldest events, and tells it where to resume', async () => {
    await start({ SSE_BUFFER_SIZE: '100' });
    const hub = herald.app.get(StreamHub);
    const slow = await openPausedSse(`${herald.url}/orders/stream`, admin);
    const fast = await openSse(`${herald.url}/orders/stream`, admin);
    await eventually(() => fast.retry !== undefined); // both streams are live (the slow one opened first)

    const total = 10_000;
    for (let i = 0; i < total; i++) {
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the fast client read
      hub.publish('orders', {
        id: 1_000_000 + i,
        event: 'order-update',
        data: { n: i, pad: 'x'.repeat(2000) },
      });
    }
    await fast.waitForEvents(total, 20_000);
    expect(ids(fast.events)).toEqual(Array.from({ length: total }, (_, i) => 1_000_000 + i));
    await eventually(() => hub.stats().dropped > 0);
    // What the server holds for the slow client: its queue (at most SSE_BUFFER_SIZE frames) plus one coalesced write.
    const frameBytes = 2100;
    expect(hub.pendingBytes()).toBeLessThan(2 * 100 * frameBytes + 64 * 1024);

    // Once it reads again it is told what it missed and where to resume from, before the gap.
    const afterGap = await slow.readEvents();
    const notice = afterGap.find((e) => e.event === 'dropped');
    expect(notice).toBeDefined();
    const { count, resumeFrom } = dataOf<{ count: number; resumeFrom: number }>(notice!);
    expect(count).toBe(hub.stats().dropped);
    const received = ids(afterGap);
    const gapAt = afterGap.indexOf(notice!);
    expect(ids(afterGap.slice(0, gapAt)).at(-1) ?? 0).toBe(resumeFrom);
    expect(received.length + count).toBe(total);
    fast.close();
    slow.destroy();
  });

  it('leaves no subscribers, timers or listeners behind after 1,000 connect/disconnect cycles', async () => {
    await start();
    const hub = herald.app.get(StreamHub);
    const order = await createOrder();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          openSse(
            j % 2 ? `${herald.url}/orders/stream` : `${herald.url}/orders/${order.id}/stream`,
            admin,
          ),
        ),
      );
      await Promise.all(batch.map((s) => s.waitForEvents(0)));
      batch.forEach((s) => s.close());
      await Promise.all(batch.map((s) => s.ended));
    }
    await eventually(() => hub.stats().openStreams === 0);
    expect(hub.stats()).toMatchObject({ openStreams: 0, topics: 0, users: 0 });
    await eventually(
      () =>
        process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length <= timersBefore + 2,
    );
  });

  it('starts every stream cleanly when many open at once (headers, retry, then frames)', async () => {
    await start({ SSE_MAX_STREAMS_PER_USER: '1000' });
    const streams = await Promise.all(
      Array.from({ length: 200 }, () => openSse(`${herald.url}/orders/stream`, admin)),
    );
    await eventually(() => streams.every((s) => s.retry === 3000));
    await request(herald.url).post('/orders').set(admin).send(orderBody()).expect(201);
    await Promise.all(streams.map((s) => s.waitForEvents(1)));
    streams.forEach((s) => s.close());
    expect(streams.filter((s) => s.isEnded() || s.events.length !== 1)).toHaveLength(0);
  });

  it('delivers events committed together to every subscriber once each, in order', async () => {
    await start({ SSE_MAX_STREAMS_PER_USER: '100' });
    const streams = await Promise.all(
      Array.from({ length: 20 }, () => openSse(`${herald.url}/orders/stream`, admin)),
    );
    await eventually(() => streams.every((s) => s.retry === 3000));
    // Concurrent creates commit in the same turns: each subscriber gets several frames per write.
    const created = await Promise.all(
      Array.from({ length: 30 }, async () => (await createOrder()).id),
    );
    await Promise.all(streams.map((s) => s.waitForEvents(created.length)));
    await new Promise((resolve) => setTimeout(resolve, 100)); // nothing more may follow
    for (const stream of streams) {
      const eventIds = ids(stream.events);
      expect(eventIds).toEqual([...eventIds].sort((a, b) => a - b));
      expect(stream.events.map((e) => dataOf(e).orderId).sort()).toEqual([...created].sort());
    }
    expect(new Set(streams.map((s) => ids(s.events).join())).size).toBe(1);
    streams.forEach((s) => s.close());
  });

  it('sends heartbeat comments on an idle stream that do not move the client’s last event id', async () => {
    await start({ SSE_HEARTBEAT_MS: '30' });
    const order = await createOrder();
    const stream = await openSse(`${herald.url}/orders/${order.id}/stream`, customer);
    const [created] = await stream.waitForEvents(1);
    await eventually(() => stream.comments.length >= 3);
    stream.close();
    expect(stream.events).toHaveLength(1);
    // On the wire, every message after the event is a bare comment: no `id:` line to move it.
    const afterEvent = stream.raw.slice(stream.raw.indexOf(`id: ${created.id}\n`)).split('\n\n');
    expect(afterEvent.slice(1).filter((m) => m !== '')).toEqual(
      Array(afterEvent.length - 2).fill(': '),
    );
  });

  it.each([
    ['malformed', 'abc', 'malformed-id'],
    ['in the future', '999999', 'unknown-id'],
  ])(
    'answers a %s Last-Event-ID with a resync event, then the history',
    async (_, lastEventId, reason) => {
      await start();
      const order = await createOrder();
      const stream = await openSse(`${herald.url}/orders/${order.id}/stream`, {
        ...customer,
        'Last-Event-ID': lastEventId,
      });
      await stream.waitForEvents(2);
      stream.close();
      // Its id is the new start, none: a client that reconnects right after it starts over too.
      expect(stream.events[0]).toMatchObject({ event: 'resync', id: '' });
      expect(dataOf(stream.events[0])).toMatchObject({ reason });
      expect(statuses(stream.events)).toEqual(['Created']);
    },
  );

  it('answers a Last-Event-ID older than the retained log with a resync event', async () => {
    await start({ EVENT_LOG_RETENTION: '1h' });
    await createOrder();
    await createOrder();
    await createOrder();
    const db = herald.app.get<Database>(DATABASE);
    await eventually(
      async () =>
        (await db.selectFrom('event_log').where('published_at', 'is', null).select('seq').execute())
          .length === 0,
    );
    await db
      .updateTable('event_log')
      .set({ occurred_at: '2000-01-01T00:00:00.000Z' })
      .where('seq', '<=', 2)
      .execute();
    expect(await herald.app.get(EventLogPruner).prune()).toBe(2);

    const stream = await openSse(`${herald.url}/orders/stream`, { ...admin, 'Last-Event-ID': '1' });
    await stream.waitForEvents(1);
    stream.close();
    expect(stream.events[0].event).toBe('resync');
    expect(dataOf(stream.events[0])).toMatchObject({ reason: 'expired-id', lastEventId: '1' });

    const fine = await openSse(`${herald.url}/orders/stream`, { ...admin, 'Last-Event-ID': '2' });
    await fine.waitForEvents(1);
    fine.close();
    expect(ids(fine.events)).toEqual([3]);
  });

  it('refuses unknown and malformed ids with Problem Details before any stream byte', async () => {
    await start();
    const missing = await openSse(
      `${herald.url}/orders/6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10/stream`,
      customer,
    );
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(missing.body).code).toBe('ORDER.NOT_FOUND');
    const malformed = await openSse(`${herald.url}/orders/nope/stream`, customer);
    expect(malformed.status).toBe(400);
  });

  it('holds the per-user limit against concurrent requests that resume (and so read the log first)', async () => {
    await start({ SSE_MAX_STREAMS_PER_USER: '3' });
    await createOrder();
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () =>
        openSse(`${herald.url}/orders/stream`, { ...admin, 'Last-Event-ID': '1' }),
      ),
    );
    expect(attempts.filter((s) => s.status === 200)).toHaveLength(3);
    expect(attempts.filter((s) => s.status === 429)).toHaveLength(7);
    attempts.forEach((s) => s.close());
    await eventually(() => herald.app.get(StreamHub).stats().openStreams === 0);
  });

  it('answers 204 for a final order whose events were pruned, instead of streaming forever', async () => {
    await start();
    const order = await createOrder();
    await request(herald.url)
      .post(`/orders/${order.id}/status`)
      .set(customer)
      .send({ status: 'Cancelled' })
      .expect(200);
    const db = herald.app.get<Database>(DATABASE);
    await eventually(
      async () =>
        (await db.selectFrom('event_log').where('published_at', 'is', null).select('seq').execute())
          .length === 0,
    );
    await db.updateTable('event_log').set({ occurred_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect(await herald.app.get(EventLogPruner).prune()).toBe(2);
    const stream = await openSse(`${herald.url}/orders/${order.id}/stream`, customer);
    expect(stream.status).toBe(204);
  });

  it('refuses a stream past SSE_MAX_STREAMS with 503 and Retry-After', async () => {
    await start({ SSE_MAX_STREAMS: '2' });
    const open = [
      await openSse(`${herald.url}/orders/stream`, admin),
      await openSse(`${herald.url}/orders/stream`, admin),
    ];
    const refused = await openSse(`${herald.url}/orders/stream`, admin);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(JSON.parse(refused.body).code).toBe('STREAM.SERVER_AT_CAPACITY');
    open.forEach((s) => s.close());
  });

  it('ends open streams cleanly on shutdown, and an EventSource resumes exactly after the restart', async () => {
    await start({ SSE_RETRY_MS: '100' });
    const port = herald.port;
    const order = await createOrder();
    const feed = await openSse(`${herald.url}/orders/stream`, admin);
    const received: string[] = [];
    const source = new EventSource(`${herald.url}/orders/${order.id}/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...customer } }),
    });
    source.addEventListener('order-update', (e) =>
      received.push(`${e.lastEventId}:${JSON.parse(e.data).status}`),
    );
    await eventually(() => received.length === 1);

    await herald.close();
    await feed.ended;
    // The hub ended it: the response finished, where Nest's close alone would drop the socket.
    expect(feed.isComplete()).toBe(true);

    await start({ SSE_RETRY_MS: '100' }, port);
    await request(herald.url)
      .post(`/orders/${order.id}/status`)
      .set(admin)
      .send({ status: 'PaymentConfirmed' })
      .expect(200);
    await eventually(() => received.length === 2, 10_000);
    source.close();
    const [createdId] = received[0].split(':');
    expect(received).toEqual([`${createdId}:Created`, `${Number(createdId) + 1}:PaymentConfirmed`]);
  });

  it('refuses a stream once shutdown began with 503 STREAM.SHUTTING_DOWN and Retry-After', async () => {
    await start();
    herald.app.get(StreamLimits).beforeApplicationShutdown(); // the hook SIGTERM runs first
    const refused = await openSse(`${herald.url}/orders/stream`, admin);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.body).code).toBe('STREAM.SHUTTING_DOWN');
  });
});
