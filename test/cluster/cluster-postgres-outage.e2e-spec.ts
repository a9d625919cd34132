import request from 'supertest';
import { adminHeaders, authHeaders } from '../support/auth';
import { describeCluster, roleOf, startCluster, TestCluster } from '../support/cluster';
import { eventually, orderBody } from '../support/fixtures';
import { openSse, SseConnection } from '../support/sse';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createOrder, historyOf, idsOf, moveOrder } from './support/orders';

describeCluster('PostgreSQL down under two instances', () => {
  let proxy: TcpProxy;
  let cluster: TestCluster;
  const open: SseConnection[] = [];

  beforeEach(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const throughProxy = (url: string) => {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      return proxied.toString();
    };
    cluster = await startCluster(2, { SSE_HEARTBEAT_MS: '300' }, { databaseUrlFor: throughProxy });
  }, 60_000);

  afterEach(async () => {
    open.splice(0).forEach((connection) => connection.close());
    await cluster?.stop();
    await proxy?.close();
  });

  const stream = async (url: string, headers: Record<string, string>) => {
    const connection = await openSse(url, headers);
    expect(connection.status).toBe(200);
    open.push(connection);
    return connection;
  };

  it('writes answer 503 Problem Details, streams stay open, /health says so; everything recovers by itself', async () => {
    const [a, b] = cluster.instances;
    const admin = await adminHeaders();
    const customerId = 'customer-pg-outage';
    const customer = await authHeaders(customerId);
    const dashboards = [
      await stream(`${a.url}/orders/stream`, admin),
      await stream(`${b.url}/orders/stream`, admin),
    ];
    const bell = await stream(`${b.url}/notifications/stream`, customer);
    const first = await createOrder(a.url, admin, customerId);
    await eventually(() => dashboards.every((d) => d.events.length > 0));

    await proxy.cut();
    for (const instance of [a, b]) {
      const refused = await request(instance.url)
        .post('/orders')
        .set(admin)
        .send(orderBody({ customerId }))
        .expect(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'DATABASE.UNAVAILABLE', status: 503 });
      expect(refused.headers['retry-after']).toBe('5');
      const moved = await request(instance.url)
        .post(`/orders/${first}/status`)
        .set(admin)
        .send({ status: 'PaymentConfirmed' })
        .expect(503);
      expect(moved.body.code).toBe('DATABASE.UNAVAILABLE');
      const health = await request(instance.url).get('/health').expect(503);
      expect(health.body.detail).toBe('The database does not answer.');
      const ready = await request(instance.url).get('/health/ready').expect(503);
      expect(ready.body.code).toBe('HEALTH.NOT_READY');
      expect(ready.body.checks.database.status).toBe('down');
      await request(instance.url).get('/health/live').expect(200);
    }
    // The streams stay open: their heartbeats go on.
    const heartbeats = [...dashboards, bell].map((s) => s.comments.length);
    await eventually(() =>
      [...dashboards, bell].every((s, i) => s.comments.length > heartbeats[i]),
    );

    await proxy.resume();
    for (const instance of [a, b]) {
      await eventually(async () => (await request(instance.url).get('/health')).status === 200);
    }
    const roles = await eventually(async () => {
      const both = await Promise.all([a, b].map(roleOf));
      return both.includes('leader') ? both : undefined;
    });
    expect([...roles!].sort()).toEqual(['follower', 'leader']);
    await moveOrder(b.url, admin, first, 'PaymentConfirmed');
    const second = await createOrder(b.url, admin, customerId);
    await moveOrder(a.url, admin, second, 'PaymentConfirmed');

    const histories = await Promise.all([first, second].map((id) => historyOf(a.url, admin, id)));
    const sequences = histories.flat().map((e) => e.sequence);
    sequences.sort((x, y) => x - y);
    expect(sequences).toHaveLength(4);
    for (const dashboard of dashboards) {
      await eventually(() => idsOf(dashboard.events, 'order-update').length >= sequences.length);
      expect(idsOf(dashboard.events, 'order-update')).toEqual(sequences);
    }
    const inbox = await eventually(async () => {
      const res = await request(b.url).get('/notifications?limit=100').set(customer);
      return res.body.items?.length >= sequences.length && res.body.items;
    });
    const notified = inbox.map((n: { sequence: number }) => n.sequence).reverse();
    expect(notified).toHaveLength(sequences.length); // one per event, none twice
    await eventually(() => idsOf(bell.events, 'notification').length >= notified.length);
    expect(idsOf(bell.events, 'notification')).toEqual(notified);
    for (const connection of [...dashboards, bell]) expect(connection.isEnded()).toBe(false);
  });
});
