import request from 'supertest';
import { authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { orderBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe.each(databaseKinds())('HTTP protection on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  const http = () => request(herald!.url);
  const boot = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({ databaseUrl: database.url, env });
  };
  const createOrder = (headers: Record<string, string>) =>
    http()
      .post('/orders')
      .set(headers)
      .send(orderBody({ customerId: undefined }));

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await herald?.close();
    herald = undefined;
    await database.drop();
  });

  describe('write rate limit', () => {
    it('answers the write over the limit with 429 Problem Details and Retry-After, per user', async () => {
      await boot({ RATE_LIMIT_WRITES_PER_MINUTE: '3' });
      const alice = await authHeaders('alice');
      for (let i = 0; i < 3; i++) await createOrder(alice).expect(201);
      const refused = await createOrder(alice).expect(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);

      // Same IP, another user: counted separately. Reads are not limited.
      await createOrder(await authHeaders('bob')).expect(201);
      for (let i = 0; i < 5; i++) await http().get('/orders').set(alice).expect(200);
      const list = await http().get('/orders').set(alice).expect(200);
      expect(list.body.items).toHaveLength(3);
    });

    it('is off with RATE_LIMIT_WRITES_PER_MINUTE=0', async () => {
      await boot({ RATE_LIMIT_WRITES_PER_MINUTE: '0' });
      const alice = await authHeaders('alice');
      // More writes than the default limit (600) allows in a minute. The limit counts every write
      // before validation, so refused bodies count too and keep the test quick.
      const statuses: number[] = [];
      for (let sent = 0; sent < 600; sent += 20) {
        const batch = Array.from({ length: 20 }, () =>
          http().post('/orders').set(alice).send({ currency: 'nope' }),
        );
        statuses.push(...(await Promise.all(batch)).map((res) => res.status));
      }
      expect(new Set(statuses)).toEqual(new Set([400]));
      for (let i = 0; i < 5; i++) await createOrder(alice).expect(201);
    });
  });

  describe('BODY_LIMIT', () => {
    const withPadding = (length: number) => ({
      ...orderBody({ customerId: undefined }),
      pad: 'x'.repeat(length),
    });

    it('answers a body past the limit with 413 Problem Details, and parses one under it', async () => {
      await boot({ BODY_LIMIT: '1kb' });
      const alice = await authHeaders('alice');
      const refused = await http().post('/orders').set(alice).send(withPadding(2000)).expect(413);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE' });
      await createOrder(alice).expect(201);
    });

    it('lets a body past the default 100kb through to validation when raised', async () => {
      await boot({ BODY_LIMIT: '1mb' });
      const res = await http()
        .post('/orders')
        .set(await authHeaders('alice'))
        .send(withPadding(200_000))
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['pad']);
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      http()
        .options('/orders')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');

    it('allows listed origins with credentials, and no others', async () => {
      await boot({ CORS_ORIGINS: 'https://shop.example, https://admin.example' });
      const allowed = await preflight('https://admin.example');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const refused = await preflight('https://evil.example');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await http()
        .get('/orders')
        .set('Origin', 'https://shop.example')
        .set(await authHeaders('alice'))
        .expect(200);
      expect(simple.headers['access-control-allow-origin']).toBe('https://shop.example');
    });

    it('sends no CORS headers when CORS_ORIGINS is unset', async () => {
      await boot();
      const res = await preflight('https://shop.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });
  });

  describe('security headers', () => {
    it('are set on API responses, errors and the docs', async () => {
      await boot();
      for (const res of [
        await http().get('/health').expect(200),
        await http().get('/orders').expect(401),
        await http().get('/docs').expect(200),
      ]) {
        expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
        expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });
});
