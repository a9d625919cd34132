import { EventSource } from 'eventsource';
import request from 'supertest';
import { authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody, sleep } from '../support/fixtures';
import { dataOf, openSse, SseConnection } from '../support/sse';
import { startTestApp, TestApp } from '../support/test-app';
import {
  deliveriesOf,
  FAST_NOTIFY_ENV,
  LIFECYCLE,
  simulateOrder,
  waitForInbox,
} from './support/scenario';

interface Received {
  id: string;
  data: { id: string; userId: string; orderId: string; sequence: number; data: { status: string } };
}

/** A real EventSource for `userId`'s notification stream, recording `notification` events. */
async function listen(baseUrl: string, userId: string) {
  const headers = await authHeaders(userId);
  const received: Received[] = [];
  const source = new EventSource(`${baseUrl}/notifications/stream`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
  });
  source.addEventListener('notification', (event) =>
    received.push({ id: event.lastEventId, data: JSON.parse(event.data) }),
  );
  await new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(error);
  });
  return { source, received };
}

describe.each(databaseKinds())('GET /notifications/stream on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  const sources: EventSource[] = [];
  const connections: SseConnection[] = [];

  const start = async () => {
    herald = await startTestApp({ databaseUrl: database.url, env: FAST_NOTIFY_ENV });
  };
  const resume = async (userId: string, lastEventId: string) => {
    const connection = await openSse(`${herald.url}/notifications/stream`, {
      ...(await authHeaders(userId)),
      'Last-Event-ID': lastEventId,
    });
    connections.push(connection);
    expect({ status: connection.status, body: connection.body }).toEqual({ status: 200, body: '' });
    return connection;
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await start();
  });

  afterEach(async () => {
    sources.splice(0).forEach((source) => source.close());
    connections.splice(0).forEach((connection) => connection.close());
    await herald.close();
    await database.drop();
  });

  it("streams each customer's notifications live to that customer only", async () => {
    const a = await listen(herald.url, 'customer-a');
    const b = await listen(herald.url, 'customer-b');
    sources.push(a.source, b.source);
    const [orderA, orderB] = await Promise.all([
      simulateOrder(herald.url, 'customer-a'),
      simulateOrder(herald.url, 'customer-b'),
    ]);
    await eventually(() => a.received.length >= 6 && b.received.length >= 6);

    const inboxA = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    expect(a.received.map((e) => e.data.data.status)).toEqual(LIFECYCLE);
    expect(a.received.map((e) => e.id)).toEqual(inboxA.map((n) => String(n.sequence)));
    expect(
      a.received.every((e) => e.data.userId === 'customer-a' && e.data.orderId === orderA),
    ).toBe(true);
    expect(
      b.received.every((e) => e.data.userId === 'customer-b' && e.data.orderId === orderB),
    ).toBe(true);
    expect(b.received).toHaveLength(LIFECYCLE.length);
  });

  it('replays exactly what came after Last-Event-ID, then continues live', async () => {
    await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);

    const resumed = await resume('customer-a', String(inbox[1].sequence));
    const replayed = await resumed.waitForEvents(4);
    expect(replayed.map((e) => e.id)).toEqual(inbox.slice(2).map((n) => String(n.sequence)));
    expect(replayed.every((e) => e.event === 'notification')).toBe(true);
    expect(dataOf(replayed[0])).toEqual(
      expect.objectContaining({ id: inbox[2].id, sequence: inbox[2].sequence }),
    );

    await simulateOrder(herald.url, 'customer-a');
    const all = await resumed.waitForEvents(4 + LIFECYCLE.length);
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y)); // in order, none twice
    expect(all.map((e) => dataOf<any>(e).data.status)).toEqual([
      ...LIFECYCLE.slice(2),
      ...LIFECYCLE,
    ]);
  });

  it('does not replay what the user had turned off for the stream (the sse channel)', async () => {
    const headers = await authHeaders('customer-a');
    const createOrder = () =>
      request(herald.url)
        .post('/orders')
        .set(headers)
        .send(orderBody({ customerId: 'customer-a' }))
        .expect(201);
    const switchSse = (on: boolean) =>
      request(herald.url)
        .put('/notifications/preferences')
        .set(headers)
        .send({ channels: { sse: on } })
        .expect(200);

    await createOrder();
    const [before] = await waitForInbox(herald.url, 'customer-a', 1);
    await switchSse(false);
    await createOrder();
    const muted = (await waitForInbox(herald.url, 'customer-a', 2))[1];
    await eventually(async () =>
      (await deliveriesOf(herald.url, 'customer-a', muted.id)).some(
        (r) => r.channel === 'sse' && r.outcome === 'skipped',
      ),
    );
    await switchSse(true);
    await createOrder();
    const after = (await waitForInbox(herald.url, 'customer-a', 3))[2];

    const resumed = await resume('customer-a', String(before.sequence));
    await resumed.waitForEvents(1);
    await sleep(200); // the muted one would have come before it
    expect(resumed.events.map((e) => e.id)).toEqual([String(after.sequence)]);
  });

  it('replays from the inbox after a restart on the same database', async () => {
    await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    await herald.close();
    await start();

    const resumed = await resume('customer-a', String(inbox[2].sequence));
    const replayed = await resumed.waitForEvents(3);
    expect(replayed.map((e) => e.id)).toEqual(inbox.slice(3).map((n) => String(n.sequence)));
    expect(replayed.map((e) => dataOf<any>(e).userId)).toEqual(Array(3).fill('customer-a'));
  });

  it('lets an EventSource resume by itself across a restart, missing nothing and repeating nothing', async () => {
    await herald.close();
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { ...FAST_NOTIFY_ENV, SSE_RETRY_MS: '100' },
    });
    const port = herald.port;
    const a = await listen(herald.url, 'customer-a');
    sources.push(a.source);
    await simulateOrder(herald.url, 'customer-a');
    await eventually(() => a.received.length === LIFECYCLE.length);

    await herald.close(); // ends the stream; the EventSource keeps trying with its Last-Event-ID
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { ...FAST_NOTIFY_ENV, SSE_RETRY_MS: '100' },
      port,
    });
    await simulateOrder(herald.url, 'customer-a');
    await eventually(() => a.received.length >= 2 * LIFECYCLE.length);

    const inbox = await waitForInbox(herald.url, 'customer-a', 2 * LIFECYCLE.length);
    expect(a.received.map((e) => e.id)).toEqual(inbox.map((n) => String(n.sequence)));
    expect(a.received.map((e) => e.data.data.status)).toEqual([...LIFECYCLE, ...LIFECYCLE]);
  });

  it('tells a client with an id it never had to resync', async () => {
    await simulateOrder(herald.url, 'customer-a');
    const inbox = await waitForInbox(herald.url, 'customer-a', LIFECYCLE.length);
    const resumed = await resume('customer-b', String(inbox[0].sequence)); // not b's id
    const [signal] = await resumed.waitForEvents(1);
    expect(signal.event).toBe('resync');
  });

  it('refuses a stream without credentials', async () => {
    const refused = await openSse(`${herald.url}/notifications/stream`);
    expect(refused.status).toBe(401);
  });
});
