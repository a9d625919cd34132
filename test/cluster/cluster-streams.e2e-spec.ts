import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { ORDER_LIFECYCLE } from '../../src/orders';
import { adminHeaders, authHeaders } from '../support/auth';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { eventually, sleep } from '../support/fixtures';
import { dataOf, openSse } from '../support/sse';
import { FAST_NOTIFY_ENV, WEBHOOK_SECRET } from '../notifications/support/scenario';
import { startWebhookReceiver, WebhookReceiver } from '../notifications/support/webhook-receiver';
import { createOrder, historyOf, idsOf, moveOrder } from './support/orders';
import { openTimedStream } from './support/timed-stream';

const increasing = (ids: number[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]);

describeCluster('Two Herald processes on one PostgreSQL and Redis', () => {
  let cluster: TestCluster;
  let receiver: WebhookReceiver;
  let admin: Record<string, string>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    admin = await adminHeaders();
    cluster = await startCluster(2, {
      ...FAST_NOTIFY_ENV,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET,
      AUTH_DEV_TOKENS: 'on', // with the AUTH_JWT_SECRET every instance shares
    });
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    await receiver?.close();
  });

  it('a subscriber on B gets what is written through A, complete and in order: order stream, dashboard, notifications', async () => {
    const [a, b] = cluster.instances;
    const customerId = 'customer-follows-b';
    const customer = await authHeaders(customerId);
    const dashboard = await openSse(`${b.url}/orders/stream`, admin);
    const bell = await openSse(`${b.url}/notifications/stream`, customer);
    const orderId = await createOrder(a.url, admin, customerId);
    const stream = await openSse(`${b.url}/orders/${orderId}/stream`, customer);
    for (const status of ORDER_LIFECYCLE.slice(1)) await moveOrder(a.url, admin, orderId, status);

    await stream.ended; // a per-order stream ends after the final status
    const history = await historyOf(a.url, admin, orderId);
    expect(history.map((e) => e.status)).toEqual(ORDER_LIFECYCLE);
    const sequences = history.map((e) => e.sequence);
    expect(idsOf(stream.events, 'order-update')).toEqual(sequences);
    await eventually(() => idsOf(dashboard.events, 'order-update').length >= sequences.length);
    expect(idsOf(dashboard.events, 'order-update')).toEqual(sequences);

    await bell.waitForEvents(ORDER_LIFECYCLE.length);
    const notifications = bell.events.filter((e) => e.event === 'notification').map(dataOf);
    expect(notifications.map((n) => (n.data as { status: string }).status)).toEqual(
      ORDER_LIFECYCLE,
    );
    const inbox = await request(b.url).get('/notifications?limit=100').set(customer).expect(200);
    const inboxIds = inbox.body.items.map((n: { sequence: number }) => n.sequence).reverse();
    expect(idsOf(bell.events, 'notification')).toEqual(inboxIds);
    for (const connection of [dashboard, bell]) connection.close();
  });

  it('writes through both instances at once: every dashboard gets every event once, in log order; each event is one notification and one webhook', async () => {
    const [a, b] = cluster.instances;
    const customerId = 'customer-both-ways';
    const customer = await authHeaders(customerId);
    const dashboards = await Promise.all(
      [a, b].map((instance) => openSse(`${instance.url}/orders/stream`, admin)),
    );
    const webhooksBefore = receiver.received.length;
    const via = (i: number) => cluster.instances[i % 2].url;
    const orderIds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createOrder(via(i), admin, customerId)),
    );
    for (const status of ORDER_LIFECYCLE.slice(1, 4)) {
      await Promise.all(orderIds.map((id, i) => moveOrder(via(i + 1), admin, id, status)));
    }

    const histories = await Promise.all(orderIds.map((id) => historyOf(a.url, admin, id)));
    const expected = histories.flat().map((e) => e.sequence);
    expected.sort((x, y) => x - y);
    expect(expected).toHaveLength(8 * 4);
    const ours = new Set(orderIds);
    for (const dashboard of dashboards) {
      const received = () =>
        dashboard.events
          .filter((e) => e.event === 'order-update' && ours.has(dataOf(e).orderId as string))
          .map((e) => Number(e.id));
      await eventually(() => received().length >= expected.length);
      expect(received()).toEqual(expected);
      expect(increasing(idsOf(dashboard.events, 'order-update'))).toBe(true);
      dashboard.close();
    }

    const count = await eventually(async () => {
      const res = await request(b.url).get('/notifications/unread-count').set(customer);
      return res.body.count >= expected.length && res.body.count;
    });
    expect(count).toBe(expected.length);
    await eventually(() => receiver.received.length - webhooksBefore >= expected.length);
    await sleep(500); // a second send would come now
    const hooks = receiver.received.slice(webhooksBefore).map((r) => JSON.parse(r.body));
    expect(hooks).toHaveLength(expected.length);
    expect(new Set(hooks.map((n: { id: string }) => n.id)).size).toBe(expected.length);
  });

  it('a dev token and its cookie from A work on B (one secret for the cluster)', async () => {
    const [a, b] = cluster.instances;
    const issued = await request(a.url)
      .post('/auth/dev-token')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ userId: 'customer-cookie' })
      .expect(200);
    const cookie = String(issued.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^herald_token=/);
    await request(b.url).get('/orders').set('Cookie', cookie).expect(200);
    await request(b.url)
      .get('/notifications/unread-count')
      .set('Authorization', `Bearer ${issued.body.token}`)
      .expect(200);
  });

  it('publish → receive across instances stays within tens of milliseconds (measured)', async () => {
    const [a, b] = cluster.instances;
    const streams = await Promise.all(
      [a, b].map((instance) => openTimedStream(`${instance.url}/orders/stream`, admin)),
    );
    const latencies = {
      sameInstance: [] as number[],
      crossInstance: [] as number[],
      /** B's arrival after A's: what going through Redis (and B) adds. */
      addedByBackplane: [] as number[],
    };
    for (let i = 0; i < 40; i++) {
      const sentAt = performance.now();
      const orderId = await createOrder(a.url, admin, 'customer-latency');
      const arrival = (events: { data: string; at: number }[]) =>
        events.find((e) => e.data.includes(orderId))?.at;
      await eventually(() => streams.every((s) => arrival(s.events) !== undefined), 5000, 1);
      latencies.sameInstance.push(arrival(streams[0].events)! - sentAt);
      latencies.crossInstance.push(arrival(streams[1].events)! - sentAt);
      latencies.addedByBackplane.push(arrival(streams[1].events)! - arrival(streams[0].events)!);
    }
    for (const stream of streams) stream.close();
    const figures = Object.fromEntries(
      Object.entries(latencies).map(([name, values]) => [name, summary(values)]),
    );
    console.log(`POST /orders on A → event on a dashboard stream (ms): ${JSON.stringify(figures)}`);
    expect(figures.crossInstance.median).toBeLessThan(100);
  });
});

function summary(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => Number(sorted[Math.floor(q * (sorted.length - 1))].toFixed(1));
  return { median: at(0.5), p95: at(0.95), max: at(1) };
}
