import request from 'supertest';
import { adminHeaders } from './support/auth';
import { createTestDatabase, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { openSse } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /metrics', () => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    herald = await startTestApp({ databaseUrl: database.url });
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  const metric = async (name: string) => {
    const text = (await request(herald.url).get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };

  it('reports open streams, published events and relay lag in Prometheus format', async () => {
    const admin = await adminHeaders();
    const res = await request(herald.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(await metric('herald_sse_open_streams')).toBe(0);

    const stream = await openSse(`${herald.url}/orders/stream`, admin);
    await request(herald.url).post('/orders').set(admin).send(orderBody()).expect(201);
    await stream.waitForEvents(1);
    expect(await metric('herald_sse_open_streams')).toBe(1);
    // the order event, plus the customer's notification on their own topic
    expect(await metric('herald_sse_events_published_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('herald_relay_lag_events')).toBe(0);
    expect(await metric('herald_sse_events_dropped_total')).toBe(0);
    stream.close();
    await eventually(async () => (await metric('herald_sse_open_streams')) === 0);
  });
});
