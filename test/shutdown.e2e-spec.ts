import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import request from 'supertest';
import { authHeaders } from './support/auth';
import { eventually, freePort, orderBody } from './support/fixtures';
import { assertBuilt, startRealProcess } from './support/real-process';
import { ORDER_LIFECYCLE } from '../src/orders';

const LIFECYCLE = ORDER_LIFECYCLE;

/** The real process, as `npm start` runs it: SIGTERM with open streams, then a restart. */
describe('Shutdown of the real process', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess | undefined;

  beforeAll(assertBuilt);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-shutdown-'));
    port = await freePort();
  });

  afterEach(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const boot = async () => {
    server = await startRealProcess({ port, dir, env: { SSE_RETRY_MS: '200' } });
    return server;
  };

  it('exits within 10 s with open streams, and clients resume by replay after the restart', async () => {
    const customer = await authHeaders('customer-1');
    const process1 = await boot();
    const url = `http://127.0.0.1:${port}`;
    const order = (await request(url).post('/orders').set(customer).send(orderBody()).expect(201))
      .body;

    const received: { id: string; status: string }[] = [];
    const source = new EventSource(`${url}/orders/${order.id}/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...customer } }),
    });
    source.addEventListener('order-update', (e) =>
      received.push({ id: e.lastEventId, status: JSON.parse(e.data).status }),
    );
    await request(url)
      .post(`/orders/${order.id}/simulate`)
      .set(customer)
      .send({ stepMs: 200 })
      .expect(202);
    await eventually(() => received.length >= 3);

    const exited = new Promise<number | null>((resolve) =>
      process1.once('exit', (code) => resolve(code)),
    );
    const stoppedAt = Date.now();
    process1.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(code === 0 || code === null).toBe(true);

    await boot();
    // The simulation stopped with the old process; the order kept its last committed status.
    await request(url)
      .post(`/orders/${order.id}/simulate`)
      .set(customer)
      .send({ stepMs: 20 })
      .expect(202);
    await eventually(() => received.at(-1)?.status === 'Delivered', 15_000);
    source.close();
    expect(received.map((e) => e.status)).toEqual(LIFECYCLE);
    expect(new Set(received.map((e) => e.id)).size).toBe(LIFECYCLE.length);
  });
});
