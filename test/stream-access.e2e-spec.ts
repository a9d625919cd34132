import { base64url } from 'jose';
import { EventSource } from 'eventsource';
import request from 'supertest';
import { adminHeaders, authCookie, authHeaders, fetchWithCookie, tokenFor } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { dataOf, openSse, SseConnection } from './support/sse';
import { startTestApp, TestApp } from './support/test-app';

const UNKNOWN_ID = '6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Not a stream: a Problem Details answer, and not one byte of text/event-stream. */
function expectRefusedBeforeStream(conn: SseConnection, status: number, code?: string): void {
  expect(conn.status).toBe(status);
  expect(conn.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(conn.body);
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
  expect(conn.events).toHaveLength(0);
}

describe.each(databaseKinds())('Stream access rules on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let admin: Record<string, string>;
  const open: SseConnection[] = [];

  const boot = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { SSE_HEARTBEAT_MS: '60000', ...env },
    });
  };
  const sse = async (path: string, headers: Record<string, string> = {}) => {
    const conn = await openSse(`${herald!.url}${path}`, headers);
    open.push(conn);
    return conn;
  };
  const aliceOrder = async () =>
    (
      await request(herald!.url)
        .post('/orders')
        .set(alice)
        .send(orderBody({ customerId: undefined }))
        .expect(201)
    ).body as { id: string };

  beforeAll(async () => {
    alice = await authHeaders('alice');
    bob = await authHeaders('bob');
    admin = await adminHeaders();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    open.splice(0).forEach((conn) => conn.close());
    await herald?.close();
    herald = undefined;
    await database.drop();
  });

  describe('identity', () => {
    beforeEach(() => boot());

    it.each(['/orders/stream', `/orders/${UNKNOWN_ID}/stream`, '/notifications/stream'])(
      'refuses %s without a token with 401 before any stream byte',
      async (path) => {
        const conn = await sse(path);
        expectRefusedBeforeStream(conn, 401, 'AUTH.TOKEN_MISSING');
        expect(conn.headers['www-authenticate']).toMatch(/^Bearer/);
      },
    );

    it('refuses expired, wrongly signed and alg: none tokens on a stream with 401', async () => {
      const order = await aliceOrder();
      const none = `${base64url.encode('{"alg":"none"}')}.${base64url.encode(
        JSON.stringify({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 60 }),
      )}.`;
      for (const token of [
        await tokenFor('alice', [], { expiresInS: -60 }),
        await tokenFor('alice', [], { secret: 'not-the-server-secret-but-long-enough' }),
        none,
      ]) {
        const conn = await sse(`/orders/${order.id}/stream`, bearer(token));
        expectRefusedBeforeStream(conn, 401, 'AUTH.TOKEN_INVALID');
      }
    });

    it('does not take a token from the URL on a stream', async () => {
      const order = await aliceOrder();
      const token = await tokenFor('alice');
      const conn = await sse(`/orders/${order.id}/stream?access_token=${token}`);
      expectRefusedBeforeStream(conn, 401);
    });
  });

  describe('order streams', () => {
    beforeEach(() => boot());

    it("answers another customer's order stream with 404, like an unknown order", async () => {
      const order = await aliceOrder();
      const theirs = await sse(`/orders/${order.id}/stream`, bob);
      const unknown = await sse(`/orders/${UNKNOWN_ID}/stream`, bob);
      expectRefusedBeforeStream(theirs, 404, 'ORDER.NOT_FOUND');
      expectRefusedBeforeStream(unknown, 404, 'ORDER.NOT_FOUND');
    });

    it('streams the order to its customer and to an admin, without security headers', async () => {
      const order = await aliceOrder();
      for (const who of [alice, admin]) {
        const conn = await sse(`/orders/${order.id}/stream`, who);
        expect(conn.status).toBe(200);
        expect(conn.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(conn.headers['content-security-policy']).toBeUndefined();
        const [created] = await conn.waitForEvents(1);
        expect(dataOf(created)).toMatchObject({ orderId: order.id, status: 'Created' });
      }
    });

    it("gives a customer the feed of their own orders and an admin everyone's", async () => {
      const aliceFeed = await sse('/orders/stream', alice);
      const bobFeed = await sse('/orders/stream', bob);
      const feed = await sse('/orders/stream', admin);
      expect([aliceFeed.status, bobFeed.status, feed.status]).toEqual([200, 200, 200]);
      const order = await aliceOrder();
      const [event] = await feed.waitForEvents(1);
      expect(dataOf(event)).toMatchObject({ orderId: order.id });
      expect(dataOf((await aliceFeed.waitForEvents(1))[0])).toMatchObject({ orderId: order.id });
      expect(bobFeed.events).toEqual([]);
    });

    it("refuses a customer's feed naming someone else with 403 before any byte", async () => {
      expectRefusedBeforeStream(await sse('/orders/stream?customerId=bob', alice), 403);
      expect((await sse('/orders/stream?customerId=alice', alice)).status).toBe(200);
    });
  });

  describe('notification streams', () => {
    beforeEach(() => boot());

    it("delivers each user's notifications on their own stream only", async () => {
      const aliceStream = await sse('/notifications/stream', alice);
      const bobStream = await sse('/notifications/stream', bob);
      expect([aliceStream.status, bobStream.status]).toEqual([200, 200]);
      const order = await aliceOrder();
      const [note] = await aliceStream.waitForEvents(1);
      expect(dataOf(note)).toMatchObject({ userId: 'alice', orderId: order.id });
      // bob's own order afterwards: once it reaches him, alice's would have too
      await request(herald!.url)
        .post('/orders')
        .set(bob)
        .send(orderBody({ customerId: undefined }))
        .expect(201);
      const bobEvents = await bobStream.waitForEvents(1);
      expect(bobEvents.map((e) => dataOf(e).userId)).toEqual(['bob']);
    });
  });

  describe('cookie authentication', () => {
    it('works with a real EventSource client sending the herald_token cookie', async () => {
      await boot();
      const order = await aliceOrder();
      const statuses: string[] = [];
      const source = new EventSource(`${herald!.url}/orders/${order.id}/stream`, {
        fetch: fetchWithCookie(await authCookie('alice')),
      });
      try {
        source.addEventListener('order-update', (e) => statuses.push(JSON.parse(e.data).status));
        await eventually(() => statuses.length === 1);
        expect(statuses).toEqual(['Created']);
      } finally {
        source.close();
      }
    });

    it('works with the cookie the dev-token endpoint sets', async () => {
      await boot({ NODE_ENV: 'development', AUTH_JWT_SECRET: '' });
      const issued = await request(herald!.url)
        .post('/auth/dev-token')
        .send({ userId: 'dev-user' })
        .expect(200);
      const cookie = (issued.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const order = (
        await request(herald!.url)
          .post('/orders')
          .set('Cookie', cookie)
          .send(orderBody({ customerId: undefined }))
          .expect(201)
      ).body;
      const errors: unknown[] = [];
      const statuses: string[] = [];
      const source = new EventSource(`${herald!.url}/orders/${order.id}/stream`, {
        fetch: fetchWithCookie(cookie),
      });
      source.onerror = (error) => errors.push(error);
      try {
        source.addEventListener('order-update', (e) => statuses.push(JSON.parse(e.data).status));
        await eventually(() => statuses.length === 1);
        expect(errors).toEqual([]);
      } finally {
        source.close();
      }
      const other = await sse(`/orders/${order.id}/stream`, { Cookie: await authCookie('x') });
      expectRefusedBeforeStream(other, 401, 'AUTH.TOKEN_INVALID'); // test secret ≠ ephemeral one
    });
  });

  describe('streams per user (SSE_MAX_STREAMS_PER_USER, default 10)', () => {
    it('refuses the 11th stream of a user with 429 and Retry-After, and accepts one after a close', async () => {
      await boot();
      const order = await aliceOrder();
      const paths = [`/orders/${order.id}/stream`, '/notifications/stream'];
      const streams: SseConnection[] = [];
      for (let i = 0; i < 10; i++) {
        const conn = await sse(paths[i % 2], alice);
        expect(conn.status).toBe(200);
        streams.push(conn);
      }
      const eleventh = await sse('/notifications/stream', alice);
      expectRefusedBeforeStream(eleventh, 429);
      expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);

      // the limit is per user: bob is not affected
      expect((await sse('/notifications/stream', bob)).status).toBe(200);

      streams[0].close();
      await streams[0].ended;
      const again = await eventually(async (): Promise<SseConnection | false> => {
        const conn = await sse(`/orders/${order.id}/stream`, alice);
        return conn.status === 200 && conn;
      });
      expect((again as SseConnection).headers['content-type']).toMatch(/^text\/event-stream/);
      expectRefusedBeforeStream(await sse('/notifications/stream', alice), 429);
    });
  });
});
