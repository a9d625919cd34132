import request from 'supertest';
import { authHeaders } from '../support/auth';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { eventually, orderBody } from '../support/fixtures';
import { openSse, SseConnection } from '../support/sse';

const PER_USER = 10;
const WRITES_PER_MINUTE = 10;

describeCluster('Limits across two instances', () => {
  let cluster: TestCluster;
  const open: SseConnection[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2, {
      SSE_MAX_STREAMS_PER_USER: String(PER_USER),
      RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
    });
  }, 60_000);

  afterEach(() => open.splice(0).forEach((connection) => connection.close()));
  afterAll(() => cluster?.stop());

  const stream = async (url: string, headers: Record<string, string>) => {
    const connection = await openSse(`${url}/notifications/stream`, headers);
    open.push(connection);
    return connection;
  };

  it("answers a user's 11th write in a minute with 429, wherever the writes went", async () => {
    const [a, b] = cluster.instances;
    const customer = await authHeaders('customer-writes');
    const statuses: number[] = [];
    for (let i = 0; i <= WRITES_PER_MINUTE; i++) {
      const url = i % 2 === 0 ? a.url : b.url;
      statuses.push(
        (
          await request(url)
            .post('/orders')
            .set(customer)
            .send(orderBody({ customerId: 'customer-writes' }))
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(WRITES_PER_MINUTE).fill(201), 429]);
    const refused = await request(a.url)
      .post('/orders')
      .set(customer)
      .send(orderBody({ customerId: 'customer-writes' }));
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMIT.EXCEEDED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("answers a user's 11th stream across the two instances with 429; a closed one frees its slot everywhere", async () => {
    const [a, b] = cluster.instances;
    const customer = await authHeaders('customer-streams');
    for (let i = 0; i < PER_USER; i++) {
      expect((await stream(i % 2 === 0 ? a.url : b.url, customer)).status).toBe(200);
    }
    for (const url of [a.url, b.url]) {
      const refused = await stream(url, customer);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body).code).toBe('STREAM.TOO_MANY_FOR_USER');
      expect(refused.headers['retry-after']).toBeDefined();
    }
    open[0].close(); // one on A
    await eventually(async () => {
      const retried = await stream(b.url, customer);
      return retried.status === 200;
    }, 5000);
  });

  it("stops counting a crashed instance's streams within seconds", async () => {
    const [a, b] = cluster.instances;
    const customer = await authHeaders('customer-crash');
    for (let i = 0; i < PER_USER; i++) expect((await stream(b.url, customer)).status).toBe(200);
    expect((await stream(a.url, customer)).status).toBe(429);
    const killedAt = Date.now();
    b.process.kill('SIGKILL');
    await b.exited;
    await eventually(async () => (await stream(a.url, customer)).status === 200, 15_000, 250);
    const freedMs = Date.now() - killedAt;
    console.log(`instance killed → its user's stream slots free after ${freedMs} ms`);
    expect(freedMs).toBeLessThan(12_000);
  });
});
