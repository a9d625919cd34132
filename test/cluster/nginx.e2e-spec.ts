import type { ClientHttp2Session } from 'node:http2';
import { ORDER_LIFECYCLE } from '../../src/orders';
import { adminHeaders, authHeaders } from '../support/auth';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { eventually, orderBody } from '../support/fixtures';
import { Nginx, startNginx } from '../support/nginx';
import { dataOf, SseEvent } from '../support/sse';
import { connectHttp2, followStream, http2Request, openHttp2Sse } from './support/h2-sse';

const statusesOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'order-update').map((e) => dataOf(e).status as string);

describeCluster(
  'Two instances behind deploy/nginx.conf (TLS, HTTP/2)',
  () => {
    let cluster: TestCluster;
    let nginx: Nginx;
    let session: ClientHttp2Session;

    beforeEach(async () => {
      cluster = await startCluster(2, { TRUST_PROXY: 'loopback', SSE_RETRY_MS: '200' });
      nginx = await startNginx(cluster.instances.map((i) => new URL(i.url).host));
      session = await connectHttp2(nginx.url);
    }, 60_000);

    afterEach(async () => {
      session?.close();
      await nginx?.stop();
      await cluster?.stop();
    });

    const createOrder = async (customer: Record<string, string>, customerId: string) => {
      const res = await http2Request(
        session,
        'POST',
        '/orders',
        customer,
        orderBody({ customerId }),
      );
      expect(res.status).toBe(201);
      return JSON.parse(res.body).id as string;
    };

    it('holds more than six live streams on one HTTP/2 connection; writes through nginx reach them all, in order', async () => {
      expect(session.alpnProtocol).toBe('h2');
      const customerId = 'customer-h2';
      const customer = await authHeaders(customerId);
      const admin = await adminHeaders();
      const orderIds = await Promise.all(
        Array.from({ length: 8 }, () => createOrder(customer, customerId)),
      );
      const streams = await Promise.all(
        orderIds.map((id) => openHttp2Sse(session, `/orders/${id}/stream`, customer)),
      );
      const dashboard = await openHttp2Sse(session, '/orders/stream', admin);
      for (const stream of [...streams, dashboard]) {
        expect(stream.status).toBe(200);
        expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(stream.headers['content-encoding']).toBeUndefined();
      }
      for (const status of ORDER_LIFECYCLE.slice(1)) {
        const moved = await Promise.all(
          orderIds.map((id) =>
            http2Request(session, 'POST', `/orders/${id}/status`, admin, { status }),
          ),
        );
        expect(moved.map((r) => r.status)).toEqual(orderIds.map(() => 200));
      }
      await Promise.all(streams.map((stream) => stream.ended)); // each ends after Delivered
      for (const stream of streams) expect(statusesOf(stream.events)).toEqual(ORDER_LIFECYCLE);
      await eventually(() => statusesOf(dashboard.events).length >= 8 * 5);
      const ids = dashboard.events.map((e) => Number(e.id));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
      dashboard.close();
    });

    it.each([
      ['kill -9', 'SIGKILL'],
      ['SIGTERM (a rolling deploy)', 'SIGTERM'],
    ] as const)(
      '%s of an instance mid-simulation: every client reconnects through nginx and ends with its exact lifecycle',
      async (_, signal) => {
        const customerId = `customer-${signal}`;
        const customer = await authHeaders(customerId);
        const orderIds = await Promise.all(
          Array.from({ length: 6 }, () => createOrder(customer, customerId)),
        );
        for (const id of orderIds) {
          const res = await http2Request(session, 'POST', `/orders/${id}/simulate`, customer, {
            stepMs: 300,
          });
          expect(res.status).toBe(202);
        }
        const followed = orderIds.map((id) =>
          followStream(session, `/orders/${id}/stream`, customer, (events) =>
            statusesOf(events).includes('Delivered'),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 700));
        const [victim] = cluster.instances;
        victim.process.kill(signal);
        await victim.exited;

        const results = await Promise.all(followed);
        for (const { events } of results) {
          expect(statusesOf(events)).toEqual(ORDER_LIFECYCLE); // no gap, no duplicate
        }
        // least_conn spread the streams over both instances, so some were cut and resumed.
        expect(results.some(({ connections }) => connections > 1)).toBe(true);
      },
    );
  },
  { nginx: true },
);
