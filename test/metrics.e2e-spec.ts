import net from 'node:net';
import request from 'supertest';
import { adminHeaders, authHeaders, tokenFor } from './support/auth';
import { eventually, orderBody, sleep } from './support/fixtures';
import { openSse } from './support/sse';
import { databaseKinds } from './support/databases';
import { heraldPerTest } from './support/test-app';

describe.each(databaseKinds())('GET /metrics on %s', (kind) => {
  const { herald } = heraldPerTest(kind);

  const metric = async (name: string) => {
    const text = (await request(herald().url).get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };

  it('reports open streams, published events and relay lag in Prometheus format', async () => {
    const admin = await adminHeaders();
    const res = await request(herald().url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(await metric('herald_sse_open_streams')).toBe(0);

    const stream = await openSse(`${herald().url}/orders/stream`, admin);
    await request(herald().url).post('/orders').set(admin).send(orderBody()).expect(201);
    await stream.waitForEvents(1);
    expect(await metric('herald_sse_open_streams')).toBe(1);
    // the order event, plus the customer's notification on their own topic
    await eventually(async () => ((await metric('herald_sse_events_published_total')) ?? 0) >= 2);
    expect(await metric('herald_sse_events_published_total')).toBe(2);
    expect(await metric('herald_relay_lag_events')).toBe(0);
    expect(await metric('herald_sse_events_dropped_total')).toBe(0);
    stream.close();
    await eventually(async () => (await metric('herald_sse_open_streams')) === 0);
  });

  it('answers HEAD on a stream with its headers, and holds nothing for it', async () => {
    const res = await request(herald().url)
      .head('/orders/stream')
      .set(await adminHeaders())
      .expect(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(await metric('herald_sse_open_streams')).toBe(0);
  });

  it('frees the slot of a client that leaves before its stream opens', async () => {
    const { port } = new URL(herald().url);
    for (let i = 0; i < 20; i++) {
      // A token never seen before, so the auth guard really awaits its verification.
      const token = await tokenFor('leaver', ['admin'], { expiresInS: 3600 + i });
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.end(
        `GET /orders/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
      );
      await sleep(20); // gone while its token is being verified
      socket.destroy();
    }
    // Proves that nothing opens late: a leaver whose stream opened after all would hold a slot.
    await sleep(300);
    expect(await metric('herald_sse_open_streams')).toBe(0);
    const stream = await openSse(
      `${herald().url}/orders/stream`,
      await authHeaders('leaver', ['admin']),
    );
    expect(stream.status).toBe(200);
    stream.close();
  });
});
