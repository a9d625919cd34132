import request from 'supertest';
import { EventRelay } from '../src/persistence';
import { adminHeaders, authHeaders } from './support/auth';
import { appendLargeOrderEvents } from './support/bulk-events';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { openPausedSse } from './support/paused-sse';
import { openSse, SseEvent } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';

const idsOf = (events: SseEvent[], type: string) =>
  events.filter((e) => e.event === type).map((e) => Number(e.id));

/** What the README promises of every stream, through the real surface. */
describe.each(databaseKinds())('The stream contract on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let customer: Record<string, string>;
  let admin: Record<string, string>;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    customer = await authHeaders('customer-1');
    admin = await adminHeaders();
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  const start = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({ databaseUrl: database.url, env });
  };

  /** An order with two events, and the customer's two notifications of them. */
  const twoEvents = async () => {
    const order = (await request(herald.url).post('/orders').set(customer).send(orderBody()))
      .body as { id: string };
    await request(herald.url)
      .post(`/orders/${order.id}/status`)
      .set(admin)
      .send({ status: 'PaymentConfirmed' })
      .expect(200);
    const inbox = async () =>
      (await request(herald.url).get('/notifications').set(customer)).body.items as {
        sequence: number;
      }[];
    await eventually(async () => (await inbox()).length === 2);
    return { orderId: order.id };
  };

  describe.each([
    ['an order stream', (orderId: string) => `/orders/${orderId}/stream`, 'order-update'],
    ['the dashboard feed', () => '/orders/stream', 'order-update'],
    ['the notification stream', () => '/notifications/stream', 'notification'],
  ])('Last-Event-ID on %s', (_, path, type) => {
    const firstIdOf = async (orderId: string, headers: Record<string, string>) => {
      const everything = await openSse(`${herald.url}${path(orderId)}`, {
        ...headers,
        'Last-Event-ID': '0',
      });
      const [first, second] = idsOf(await everything.waitForEvents(2), type);
      everything.close();
      return { first, second };
    };
    const headersFor = () => (type === 'notification' ? customer : admin);

    it('takes the header over ?lastEventId=', async () => {
      await start();
      const { orderId } = await twoEvents();
      const { first, second } = await firstIdOf(orderId, headersFor());
      const stream = await openSse(`${herald.url}${path(orderId)}?lastEventId=not-an-id`, {
        ...headersFor(),
        'Last-Event-ID': String(first),
      });
      await stream.waitForEvents(1);
      stream.close();
      expect(stream.events.map((e) => e.event)).not.toContain('resync');
      expect(idsOf(stream.events, type)).toEqual([second]);
    });

    it('takes ?lastEventId= when there is no header', async () => {
      await start();
      const { orderId } = await twoEvents();
      const { first, second } = await firstIdOf(orderId, headersFor());
      const stream = await openSse(
        `${herald.url}${path(orderId)}?lastEventId=${first}`,
        headersFor(),
      );
      await stream.waitForEvents(1);
      stream.close();
      expect(idsOf(stream.events, type)).toEqual([second]);
    });
  });

  it('disconnects a slow client under SSE_OVERFLOW=disconnect; resuming from its last id gets every event once', async () => {
    await start({ SSE_OVERFLOW: 'disconnect', SSE_BUFFER_SIZE: '10' });
    const slow = await openPausedSse(`${herald.url}/orders/stream`, admin);
    const appended = await appendLargeOrderEvents(herald, 2000, 16_000);
    await eventually(() => herald.app.get(EventRelay).publishedUpTo >= appended.at(-1)!, 30_000);

    const received = await slow.readEvents();
    await eventually(() => slow.isClosed());
    expect(slow.isComplete()).toBe(false); // dropped, not ended: an EventSource reconnects
    expect(received.map((e) => e.event)).not.toContain('dropped');
    const before = idsOf(received, 'order-update');
    expect(before.length).toBeLessThan(appended.length);

    // What an EventSource does next: reconnect with the last id it had.
    const resumed = await openSse(`${herald.url}/orders/stream`, {
      ...admin,
      'Last-Event-ID': String(before.at(-1) ?? 0),
    });
    await resumed.waitForEvents(appended.length - before.length, 30_000);
    resumed.close();
    expect([...before, ...idsOf(resumed.events, 'order-update')]).toEqual(appended);
  });

  it('counts a slow client’s drops and pending bytes in /metrics', async () => {
    await start({ SSE_BUFFER_SIZE: '10' });
    const metric = async (name: string) => {
      const text = (await request(herald.url).get('/metrics').expect(200)).text;
      return Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${name} `))
          ?.split(' ')[1],
      );
    };
    expect(await metric('herald_sse_events_dropped_total')).toBe(0);
    const slow = await openPausedSse(`${herald.url}/orders/stream`, admin);
    // What waits for the client moves with the kernel's buffers: watch it while events flow.
    const sawPending = eventually(
      async () => (await metric('herald_sse_pending_bytes')) > 0,
      30_000,
    );
    const appended = await appendLargeOrderEvents(herald, 2000, 16_000);
    await sawPending;
    await eventually(() => herald.app.get(EventRelay).publishedUpTo >= appended.at(-1)!, 30_000);
    expect(await metric('herald_sse_events_dropped_total')).toBeGreaterThan(0);
    slow.destroy();
    await eventually(async () => (await metric('herald_sse_pending_bytes')) === 0);
  });
});
