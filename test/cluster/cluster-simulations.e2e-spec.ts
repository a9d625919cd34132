import request from 'supertest';
import { ORDER_LIFECYCLE } from '../../src/orders';
import { adminHeaders } from '../support/auth';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { eventually, sleep } from '../support/fixtures';
import { dataOf, openSse } from '../support/sse';
import { createOrder, historyOf, moveOrder } from './support/orders';

describeCluster('Simulations in a cluster (scheduled in PostgreSQL)', () => {
  let cluster: TestCluster;
  let admin: Record<string, string>;

  beforeEach(async () => {
    admin = await adminHeaders();
    cluster = await startCluster(2);
  }, 60_000);

  afterEach(() => cluster?.stop());

  const simulate = (url: string, orderId: string, stepMs: number) =>
    request(url).post(`/orders/${orderId}/simulate`).set(admin).send({ stepMs });

  const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('go on to Delivered when the instance that started them is killed, one step at a time', async () => {
    const [a, b] = cluster.instances;
    const dashboard = await openSse(`${b.url}/orders/stream`, admin);
    const orderIds = await Promise.all(
      Array.from({ length: 4 }, () => createOrder(a.url, admin, 'customer-sim')),
    );
    // The schedule keeps the starting request's id and trace for the steps B takes over.
    for (const id of orderIds)
      await simulate(a.url, id, 300)
        .set('X-Request-Id', `simulate-${id}`)
        .set('traceparent', TRACEPARENT)
        .expect(202);
    await eventually(() => dashboard.events.some((e) => dataOf(e).status === 'PaymentConfirmed'));
    a.process.kill('SIGKILL');
    await a.exited;

    const statusesOf = (id: string) =>
      dashboard.events.filter((e) => dataOf(e).orderId === id).map((e) => dataOf(e).status);
    await eventually(() => orderIds.every((id) => statusesOf(id).at(-1) === 'Delivered'), 20_000);
    dashboard.close();
    for (const id of orderIds) {
      expect(statusesOf(id)).toEqual(ORDER_LIFECYCLE);
      const history = await historyOf(b.url, admin, id);
      expect(history.map((e) => e.status)).toEqual(ORDER_LIFECYCLE);
      for (const step of history.slice(1))
        expect(step).toMatchObject({ correlationId: `simulate-${id}`, traceparent: TRACEPARENT });
    }
  });

  it('refuses a second simulation of an order on any instance while one runs', async () => {
    const [a, b] = cluster.instances;
    const orderId = await createOrder(a.url, admin, 'customer-sim');
    await simulate(a.url, orderId, 60_000).expect(202);
    const again = await simulate(b.url, orderId, 100).expect(409);
    expect(again.body.code).toBe('ORDER.SIMULATION_CONFLICT');
  });

  it('is stopped by a manual change made through another instance', async () => {
    const [a, b] = cluster.instances;
    const orderId = await createOrder(a.url, admin, 'customer-sim');
    await simulate(a.url, orderId, 200).expect(202);
    await moveOrder(b.url, admin, orderId, 'Cancelled');
    await sleep(1500);
    const history = await historyOf(b.url, admin, orderId);
    expect(history.map((e) => e.status)).toEqual(['Created', 'Cancelled']);
    await simulate(b.url, orderId, 100).expect(409); // final
  });
});
