import request from 'supertest';
import { adminHeaders, authHeaders } from '../support/auth';
import { describeCluster, roleOf, startCluster, TestCluster } from '../support/cluster';
import { eventually, sleep } from '../support/fixtures';
import { dataOf, openSse } from '../support/sse';
import { FAST_NOTIFY_ENV, WEBHOOK_SECRET } from '../notifications/support/scenario';
import { startWebhookReceiver, WebhookReceiver } from '../notifications/support/webhook-receiver';
import { createOrder, historyOf, moveOrder } from './support/orders';

describeCluster('The cluster leader gone (kill -9, SIGTERM)', () => {
  let cluster: TestCluster;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    cluster = await startCluster(2, {
      ...FAST_NOTIFY_ENV,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET,
    });
  }, 60_000);

  afterEach(async () => {
    await cluster?.stop();
    await receiver?.close();
  });

  it('another instance takes over within seconds; events keep flowing and each becomes one notification', async () => {
    const [a, b] = cluster.instances;
    expect(await roleOf(a)).toBe('leader');
    expect(await roleOf(b)).toBe('follower');
    const admin = await adminHeaders();
    const customerId = 'customer-failover';
    const customer = await authHeaders(customerId);
    const dashboard = await openSse(`${b.url}/orders/stream`, admin);

    // Committed through A just before it dies: their side effects may be half done.
    const before = await Promise.all(
      Array.from({ length: 5 }, () => createOrder(a.url, admin, customerId)),
    );
    const killedAt = Date.now();
    a.process.kill('SIGKILL');
    await a.exited;
    await eventually(async () => (await roleOf(b)) === 'leader', 10_000, 50);
    const takeoverMs = Date.now() - killedAt;
    console.log(`leader killed → follower leads after ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThan(5000);

    const after = await Promise.all(
      Array.from({ length: 3 }, () => createOrder(b.url, admin, customerId)),
    );
    for (const id of after) await moveOrder(b.url, admin, id, 'PaymentConfirmed');

    const histories = await Promise.all(
      [...before, ...after].map((id) => historyOf(b.url, admin, id)),
    );
    const expected = histories
      .flat()
      .map((e) => e.sequence)
      .sort((x, y) => x - y);
    const received = () =>
      dashboard.events.filter((e) => e.event === 'order-update').map((e) => Number(e.id));
    await eventually(() => received().length >= expected.length);
    expect(received()).toEqual(expected);
    dashboard.close();

    const inbox = await eventually(async () => {
      const res = await request(b.url).get('/notifications?limit=100').set(customer);
      return res.body.items.length >= expected.length && res.body.items;
    });
    expect(inbox).toHaveLength(expected.length);
    const notified = inbox.map((n: { data: { eventId: string } }) => n.data.eventId);
    expect(new Set(notified).size).toBe(expected.length);
    const eventIds = histories.flat().map((e) => e.eventId);
    expect(new Set(notified)).toEqual(new Set(eventIds));
    expect(dataOf(dashboard.events.at(-1)!).status).toBe('PaymentConfirmed');
  });

  it('a leader stopped with SIGTERM (a rolling deploy) hands over as soon as it is gone', async () => {
    const [a, b] = cluster.instances;
    const admin = await adminHeaders();
    const customer = await authHeaders('customer-deploy');
    const stoppedAt = Date.now();
    a.process.kill('SIGTERM');
    await a.exited;
    await eventually(async () => (await roleOf(b)) === 'leader', 10_000, 50);
    console.log(`leader stopped (SIGTERM) → follower leads ${Date.now() - stoppedAt} ms later`);
    const orderId = await createOrder(b.url, admin, 'customer-deploy');
    const inbox = await eventually(async () => {
      const res = await request(b.url).get('/notifications?limit=10').set(customer);
      return res.body.items.length > 0 && res.body.items;
    });
    expect(inbox.map((n: { orderId: string }) => n.orderId)).toEqual([orderId]);
  });

  it('a leader frozen with work pending, then killed: another takes over and a webhook receiver gets each notification exactly once', async () => {
    const [a, b] = cluster.instances;
    const admin = await adminHeaders();
    const customerId = 'customer-webhooks';
    const customer = await authHeaders(customerId);
    const inboxOf = async () =>
      (await request(b.url).get('/notifications?limit=100').set(customer).expect(200)).body
        .items as { id: string }[];
    const webhookDone = async ({ id }: { id: string }) => {
      const res = await request(b.url).get(`/notifications/${id}/deliveries`).set(customer);
      return res.body.some?.(
        (r: { channel: string; outcome: string }) =>
          r.channel === 'webhook' && r.outcome === 'succeeded',
      );
    };
    for (let i = 0; i < 3; i++) await createOrder(a.url, admin, customerId);
    // A has sent and recorded these: nothing of them is left for a successor to redo.
    await eventually(async () => {
      const inbox = await inboxOf();
      return inbox.length === 3 && (await Promise.all(inbox.map(webhookDone))).every(Boolean);
    });

    a.process.kill('SIGSTOP'); // still holds the lock (its session lives), does nothing
    for (let i = 0; i < 3; i++) await createOrder(b.url, admin, customerId);
    expect(receiver.received).toHaveLength(3);
    a.process.kill('SIGKILL');
    await a.exited;
    await eventually(async () => (await roleOf(b)) === 'leader', 10_000, 50);

    await eventually(() => receiver.received.length >= 6);
    await sleep(1000); // a second send of any of them would come now
    const hooks = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    const inbox = await inboxOf();
    expect(inbox).toHaveLength(6);
    expect(hooks).toHaveLength(6);
    expect(new Set(hooks)).toEqual(new Set(inbox.map((n) => n.id)));
  });
});
