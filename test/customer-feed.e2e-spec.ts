import request from 'supertest';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { dataOf, openSse, SseConnection, SseEvent } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

type Headers = Record<string, string>;
interface FeedUpdate {
  orderId: string;
  customerId: string;
  status: string;
}

const ids = (events: SseEvent[]) => events.map((e) => Number(e.id));
const updates = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'order-update').map((e) => dataOf<FeedUpdate>(e));
const NEXT_STEPS = ['PaymentConfirmed', 'Packed', 'Shipped'];

describe.each(databaseKinds())('The order feed (GET /orders/stream) on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let admin: Headers;
  const as: Record<string, Headers> = {};
  const open: SseConnection[] = [];

  const feed = async (headers: Headers, query = '') => {
    const conn = await openSse(`${herald.url}/orders/stream${query}`, headers);
    open.push(conn);
    await eventually(() => conn.retry !== undefined || conn.status !== 200);
    return conn;
  };
  const createOrder = async (customerId: string): Promise<string> =>
    (
      await request(herald.url)
        .post('/orders')
        .set(admin)
        .send(orderBody({ customerId }))
        .expect(201)
    ).body.id;
  const move = (orderId: string, status: string) =>
    request(herald.url).post(`/orders/${orderId}/status`).set(admin).send({ status }).expect(200);
  /** The ids of every event of these orders, from their histories: what a feed must carry. */
  const eventIdsOf = async (orderIds: string[]): Promise<number[]> => {
    const histories = await Promise.all(
      orderIds.map((id) => request(herald.url).get(`/orders/${id}/events`).set(admin).expect(200)),
    );
    return histories
      .flatMap((res) => (res.body as { sequence: number }[]).map((e) => e.sequence))
      .sort((a, b) => a - b);
  };

  beforeAll(async () => {
    admin = await adminHeaders();
    for (const name of ['alice', 'bob', 'carol']) as[name] = await authHeaders(name);
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url, env: { SSE_HEARTBEAT_MS: '60000' } });
  });

  afterEach(async () => {
    open.splice(0).forEach((conn) => conn.close());
    await herald.close();
    await database.drop();
  });

  it("streams each customer exactly their own orders' events, live and on replay; an admin all, or one customer's", async () => {
    const aliceFeed = await feed(as.alice);
    const bobFeed = await feed(as.bob);
    const everything = await feed(admin);
    const onlyBob = await feed(admin, '?customerId=bob');

    const aliceOrders = [await createOrder('alice'), await createOrder('alice')];
    const bobOrders = [await createOrder('bob')];
    for (const status of NEXT_STEPS) {
      await move(aliceOrders[0], status);
      await move(bobOrders[0], status);
    }
    await move(aliceOrders[1], 'Cancelled');
    // A customer's order created after the feed opened is in it too (present and future).
    aliceOrders.push(await createOrder('alice'));

    const aliceIds = await eventIdsOf(aliceOrders);
    const bobIds = await eventIdsOf(bobOrders);
    const allIds = [...aliceIds, ...bobIds].sort((a, b) => a - b);
    await everything.waitForEvents(allIds.length);
    await aliceFeed.waitForEvents(aliceIds.length);
    await bobFeed.waitForEvents(bobIds.length);
    await onlyBob.waitForEvents(bobIds.length);
    expect(ids(everything.events)).toEqual(allIds);
    expect(ids(aliceFeed.events)).toEqual(aliceIds);
    expect(ids(bobFeed.events)).toEqual(bobIds);
    expect(ids(onlyBob.events)).toEqual(bobIds);
    expect(new Set(updates(aliceFeed.events).map((u) => u.customerId))).toEqual(new Set(['alice']));

    // Replay after the first of alice's events: the rest of hers, then live; none of bob's.
    const resumed = await feed({ ...as.alice, 'Last-Event-ID': String(aliceIds[0]) });
    await resumed.waitForEvents(aliceIds.length - 1);
    const bobByQuery = await feed(admin, `?customerId=bob&lastEventId=${bobIds[1]}`);
    await bobByQuery.waitForEvents(bobIds.length - 2);
    const late = await createOrder('alice');
    await createOrder('bob');
    const [lateId] = await eventIdsOf([late]);
    await resumed.waitForEvents(aliceIds.length);
    expect(ids(resumed.events)).toEqual([...aliceIds.slice(1), lateId]);
    await bobByQuery.waitForEvents(bobIds.length - 1);
    expect(ids(bobByQuery.events).slice(0, -1)).toEqual(bobIds.slice(2));
    expect(updates(bobByQuery.events).map((u) => u.customerId)).toEqual(
      Array(bobIds.length - 1).fill('bob'),
    );
  });

  it('never gives a customer another customer’s event: many orders, live and replayed from the start', async () => {
    const customers = ['alice', 'bob', 'carol'];
    const live = Object.fromEntries(
      await Promise.all(customers.map(async (c) => [c, await feed(as[c])] as const)),
    );
    const everything = await feed(admin);
    const orders: Record<string, string[]> = { alice: [], bob: [], carol: [] };
    // Interleaved and concurrent: creations and status changes of all customers at once.
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const customer = customers[i % 3];
        const id = await createOrder(customer);
        orders[customer].push(id);
        for (const status of NEXT_STEPS.slice(0, i % 4)) await move(id, status);
      }),
    );
    const expected = Object.fromEntries(
      await Promise.all(customers.map(async (c) => [c, await eventIdsOf(orders[c])] as const)),
    );
    const total = customers.reduce((sum, c) => sum + expected[c].length, 0);
    await everything.waitForEvents(total);
    expect(everything.events).toHaveLength(total);

    for (const customer of customers) {
      const replayed = await feed({ ...as[customer], 'Last-Event-ID': '0' });
      await replayed.waitForEvents(expected[customer].length);
      await live[customer].waitForEvents(expected[customer].length);
      for (const conn of [live[customer], replayed]) {
        expect(ids(conn.events)).toEqual(expected[customer]);
        const mine = new Set(orders[customer]);
        expect(updates(conn.events).filter((u) => !mine.has(u.orderId))).toEqual([]);
        expect(updates(conn.events).filter((u) => u.customerId !== customer)).toEqual([]);
      }
    }
  });

  it('refuses a bad customerId or an unknown query field with 400, and another customer with 403', async () => {
    for (const query of ['?customerId=', `?customerId=${'x'.repeat(65)}`, '?colour=blue']) {
      const conn = await feed(admin, query);
      expect(conn.status).toBe(400);
      expect(JSON.parse(conn.body)).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
      expect(conn.events).toEqual([]);
    }
    const theirs = await feed(as.alice, '?customerId=bob');
    expect(theirs.status).toBe(403);
    expect(theirs.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await feed(as.alice, '?customerId=alice')).status).toBe(200);
  });
});
