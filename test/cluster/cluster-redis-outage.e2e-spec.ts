import request from 'supertest';
import { ORDER_LIFECYCLE } from '../../src/orders';
import { adminHeaders, authHeaders } from '../support/auth';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { eventually } from '../support/fixtures';
import { OwnRedis, startOwnRedis } from '../support/redis-server';
import { dataOf, openSse, SseConnection } from '../support/sse';
import { createOrder, historyOf, idsOf } from './support/orders';

const STEP_MS = 600;

describeCluster(
  'Redis killed and started again in the middle of a run',
  () => {
    let redis: OwnRedis;
    let cluster: TestCluster;
    const open: SseConnection[] = [];

    beforeEach(async () => {
      redis = await startOwnRedis();
      cluster = await startCluster(2, { REDIS_URL: redis.url });
    }, 60_000);

    afterEach(async () => {
      open.splice(0).forEach((connection) => connection.close());
      await cluster?.stop();
      await redis?.stop();
    });

    const stream = async (url: string, headers: Record<string, string>) => {
      const connection = await openSse(url, headers);
      expect(connection.status).toBe(200);
      open.push(connection);
      return connection;
    };
    const healthOf = async (url: string) => (await request(url).get('/health').expect(200)).body;

    it('streams stay open, /health says degraded then ok, and every client gets every event and notification once, in order', async () => {
      const [a, b] = cluster.instances; // A leads: it makes the notifications
      const admin = await adminHeaders();
      const customerId = 'customer-redis-outage';
      const customer = await authHeaders(customerId);
      const dashboards = [await stream(`${a.url}/orders/stream`, admin)];
      dashboards.push(await stream(`${b.url}/orders/stream`, admin));
      const bells = [await stream(`${a.url}/notifications/stream`, customer)];
      bells.push(await stream(`${b.url}/notifications/stream`, customer));
      const orderStreams: SseConnection[] = [];
      const orderIds: string[] = [];
      const startOrder = async (via: string, watchFrom: string) => {
        const id = await createOrder(via, admin, customerId);
        orderIds.push(id);
        orderStreams.push(await stream(`${watchFrom}/orders/${id}/stream`, customer));
        await request(via)
          .post(`/orders/${id}/simulate`)
          .set(customer)
          .send({ stepMs: STEP_MS })
          .expect(202);
        return id;
      };
      for (let i = 0; i < 4; i++) await startOrder(i % 2 ? b.url : a.url, i % 2 ? a.url : b.url);
      await eventually(() =>
        dashboards[1].events.some((e) => dataOf(e).status === 'PaymentConfirmed'),
      );

      await redis.kill();
      for (const instance of [a, b]) {
        const health = await eventually(async () => {
          const body = await healthOf(instance.url);
          return body.status === 'degraded' && body;
        });
        expect(health).toMatchObject({ status: 'degraded', database: 'up', redis: 'down' });
        expect(health.reason).toMatch(/^Redis is unreachable/);
        const ready = await request(instance.url).get('/health/ready').expect(200);
        expect(ready.body.status).toBe('degraded');
        expect(ready.body.error.redis.status).toBe('down');
        const metrics = await request(instance.url).get('/metrics').expect(200);
        expect(metrics.text).toMatch(/^herald_redis_up 0$/m);
      }
      // Written while Redis is down, through both instances; the limits count per process.
      const duringOutage = [await startOrder(b.url, a.url), await startOrder(a.url, b.url)];
      // B's clients get what A commits and notifies meanwhile (from the log and the inbox).
      const bObserves = (id: string) =>
        bells[1].events.some((e) => dataOf(e).orderId === id) &&
        dashboards[1].events.some((e) => dataOf(e).orderId === id);
      await eventually(() => duringOutage.every(bObserves), 15_000);
      expect((await healthOf(a.url)).status).toBe('degraded');

      await redis.start(); // empty, on the same port
      for (const instance of [a, b]) {
        await eventually(async () => (await healthOf(instance.url)).status === 'ok', 15_000);
        expect(await healthOf(instance.url)).toMatchObject({ database: 'up', redis: 'up' });
        const ready = await request(instance.url).get('/health/ready').expect(200);
        expect(ready.body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' } } });
      }
      await startOrder(b.url, a.url);

      const histories = await Promise.all(
        orderIds.map(
          (id) =>
            eventually(async () => {
              const history = await historyOf(a.url, admin, id);
              return history.at(-1)?.status === 'Delivered' ? history : undefined;
            }, 30_000) as Promise<Awaited<ReturnType<typeof historyOf>>>,
        ),
      );
      for (const history of histories) {
        expect(history.map((e) => e.status)).toEqual(ORDER_LIFECYCLE);
      }
      const sequences = histories.flat().map((e) => e.sequence);
      sequences.sort((x, y) => x - y);
      await Promise.all(orderStreams.map((s) => s.ended)); // each ends after Delivered
      orderStreams.forEach((s, i) =>
        expect(idsOf(s.events, 'order-update')).toEqual(histories[i].map((e) => e.sequence)),
      );
      for (const dashboard of dashboards) {
        await eventually(() => idsOf(dashboard.events, 'order-update').length >= sequences.length);
        expect(idsOf(dashboard.events, 'order-update')).toEqual(sequences);
      }
      const inbox = await request(a.url).get('/notifications?limit=100').set(customer).expect(200);
      const notified = inbox.body.items.map((n: { sequence: number }) => n.sequence).reverse();
      expect(notified).toHaveLength(sequences.length); // one per event
      for (const bell of bells) {
        await eventually(() => idsOf(bell.events, 'notification').length >= notified.length);
        expect(idsOf(bell.events, 'notification')).toEqual(notified);
      }
      for (const connection of [...dashboards, ...bells]) expect(connection.isEnded()).toBe(false);
    });
  },
  { redisServer: true },
);
