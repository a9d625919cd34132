import { base64url, generateKeyPair } from 'jose';
import request from 'supertest';
import { ConfigError, loadConfig } from '../src/common';
import { authCookie, authHeaders, TEST_JWT_SECRET, tokenFor } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { orderBody } from './support/fixtures';
import { LocalIdentityProvider, signWith, startIdentityProvider } from './support/jwks';
import { startTestApp, TestApp } from './support/test-app';

/** A token that claims to need no signature at all. */
function unsignedToken(userId: string, roles: string[] = []): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: userId, roles, exp })}.`;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(databaseKinds())('Authentication on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  const http = () => request(herald!.url);
  const boot = async (env: Record<string, string> = {}) => {
    herald = await startTestApp({ databaseUrl: database.url, env });
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await herald?.close();
    herald = undefined;
    await database.drop();
  });

  describe('with an HS256 secret', () => {
    beforeEach(() => boot());

    it('answers a request without a token with 401 Problem Details and a Bearer challenge', async () => {
      const res = await http().get('/orders').expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({
        status: 401,
        code: 'AUTH.TOKEN_MISSING',
        instance: '/orders',
      });
      expect(res.body.requestId).toEqual(expect.any(String));
    });

    it('checks the token before the body, so a write without one is 401 not 400', async () => {
      const res = await http().post('/orders').send({}).expect(401);
      expect(res.body.code).toBe('AUTH.TOKEN_MISSING');
    });

    it('accepts a valid token from the Authorization header', async () => {
      await http()
        .get('/orders')
        .set(await authHeaders('customer-1'))
        .expect(200);
    });

    it('accepts a valid token from the herald_token cookie', async () => {
      const res = await http()
        .post('/orders')
        .set('Cookie', await authCookie('cookie-user'))
        .send(orderBody({ customerId: undefined }))
        .expect(201);
      expect(res.body.customerId).toBe('cookie-user');
    });

    it('refuses a cookie-authenticated write that a browser marks as coming from another site (CSRF)', async () => {
      const cookie = await authCookie('cookie-user');
      const crossSite = await http()
        .post('/orders')
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'same-site') // e.g. a page on a sibling subdomain
        .set('Origin', 'http://evil.localhost:3000')
        .send(orderBody({ customerId: undefined }))
        .expect(403);
      expect(crossSite.body.code).toBe('AUTH.CROSS_SITE_REQUEST');
      await http()
        .post('/orders')
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'same-origin')
        .send(orderBody({ customerId: undefined }))
        .expect(201);
      // A bearer token is never sent by a browser on its own: no check needed.
      await http()
        .post('/orders')
        .set(await authHeaders('customer-1'))
        .set('Sec-Fetch-Site', 'cross-site')
        .send(orderBody())
        .expect(201);
      // Reads stay open: a cross-site GET cannot change anything.
      await http()
        .get('/orders')
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'cross-site')
        .expect(200);
    });

    it.each([
      ['expired', () => tokenFor('customer-1', [], { expiresInS: -3600 }), /expired/],
      [
        'wrongly signed',
        () => tokenFor('customer-1', [], { secret: 'another-secret-that-is-32-chars-long!' }),
        /signature/,
      ],
      ['alg: none', async () => unsignedToken('customer-1', ['admin']), /algorithm/],
      ['malformed', async () => 'not.a.jwt', /well-formed/],
    ])('rejects an %s token with 401 AUTH.TOKEN_INVALID', async (_name, make, reason) => {
      const res = await http()
        .get('/orders')
        .set(bearer(await make()))
        .expect(401);
      expect(res.body).toMatchObject({ code: 'AUTH.TOKEN_INVALID', status: 401 });
      expect(res.body.detail).toMatch(reason);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('rejects a token that is not signed by the cookie either', async () => {
      const forged = await tokenFor('customer-1', [], { secret: 'x'.repeat(40) });
      const res = await http().get('/orders').set('Cookie', `herald_token=${forged}`).expect(401);
      expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('rejects an Authorization header that is not Bearer', async () => {
      const res = await http().get('/orders').set('Authorization', 'Basic YWxpY2U6cGFzcw==');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('does not accept tokens in the URL', async () => {
      const token = await tokenFor('customer-1');
      for (const name of ['access_token', 'token', 'herald_token']) {
        const res = await http().get(`/orders?${name}=${token}`).expect(401);
        expect(res.body.code).toBe('AUTH.TOKEN_MISSING');
      }
    });

    it('lets anyone reach GET /health and the OpenAPI document without a token', async () => {
      await http().get('/health').expect(200);
      // public routes do not look at credentials at all: a stale cookie does not break them
      const stale = await tokenFor('u', [], { expiresInS: -60 });
      await http().get('/health').set('Cookie', `herald_token=${stale}`).expect(200);
      await http().get('/docs-json').expect(200);
      await http().get('/docs').expect(200);
    });

    it('protects every documented endpoint that is not marked public', async () => {
      const doc = (await http().get('/docs-json').expect(200)).body;
      const checked: string[] = [];
      for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          if (Array.isArray(operation.security) && operation.security.length === 0) continue;
          const url = path.replace(/\{[^}]+\}/g, '6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10');
          const res = await (http() as any)[method](url).send();
          expect([`${method} ${path}`, res.status]).toEqual([`${method} ${path}`, 401]);
          checked.push(`${method} ${path}`);
        }
      }
      expect(checked).toEqual(
        expect.arrayContaining(['post /orders', 'get /orders/{id}/stream', 'get /orders/stream']),
      );
    });

    it('documents bearer and cookie security, with public routes needing none', async () => {
      const doc = (await http().get('/docs-json').expect(200)).body;
      expect(doc.components.securitySchemes).toMatchObject({
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'herald_token' },
      });
      expect(doc.security).toEqual([{ bearer: [] }, { cookie: [] }]);
      expect(doc.paths['/health'].get.security).toEqual([]);
      expect(doc.paths['/auth/dev-token'].post.security).toEqual([]);
      expect(doc.paths['/orders'].post.security).toBeUndefined();
      expect(doc.paths['/orders'].post.responses).toHaveProperty('401');
    });
  });

  describe('with issuer and audience configured', () => {
    beforeEach(() => boot({ AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'herald' }));

    it('accepts a token with both and rejects a wrong or missing one', async () => {
      const good = await tokenFor('u', [], { issuer: 'https://id.example', audience: 'herald' });
      await http().get('/orders').set(bearer(good)).expect(200);
      const cases = [
        [{ issuer: 'https://evil.example', audience: 'herald' }, /iss/],
        [{ audience: 'herald' }, /iss/],
        [{ issuer: 'https://id.example', audience: 'someone-else' }, /aud/],
      ] as const;
      for (const [options, reason] of cases) {
        const res = await http()
          .get('/orders')
          .set(bearer(await tokenFor('u', [], options)))
          .expect(401);
        expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
        expect(res.body.detail).toMatch(reason);
      }
    });
  });

  describe('with a JWKS (identity provider keys)', () => {
    let idp: LocalIdentityProvider;

    beforeEach(async () => {
      idp = await startIdentityProvider();
      await boot({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: idp.jwksUrl });
    });

    afterEach(() => idp.close());

    it.each(['RS256', 'ES256'] as const)(
      'accepts %s tokens and reads sub and roles',
      async (alg) => {
        const admin = await idp.sign(alg, 'idp-admin', ['admin']);
        const created = await http()
          .post('/orders')
          .set(bearer(admin))
          .send(orderBody({ customerId: 'idp-customer' }))
          .expect(201);
        const customer = await idp.sign(alg, 'idp-customer');
        await http().get(`/orders/${created.body.id}`).set(bearer(customer)).expect(200);
        await http()
          .get(`/orders/${created.body.id}`)
          .set(bearer(await idp.sign(alg, 'x')))
          .expect(404);
      },
    );

    it('rejects a token signed by a key the JWKS does not hold', async () => {
      const stranger = await generateKeyPair('RS256');
      const forged = await signWith(stranger.privateKey, 'RS256', 'key-RS256', 'u', ['admin']);
      const res = await http().get('/orders').set(bearer(forged)).expect(401);
      expect(res.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('rejects HS256 tokens when no secret is configured', async () => {
      const res = await http()
        .get('/orders')
        .set(bearer(await tokenFor('u', ['admin'])))
        .expect(401);
      expect(res.body.detail).toMatch(/algorithm/);
    });

    it('rejects alg: none', async () => {
      await http()
        .get('/orders')
        .set(bearer(unsignedToken('u', ['admin'])))
        .expect(401);
    });

    describe('when the identity provider rotates its keys', () => {
      const realNow = Date.now;
      /** The clock jose reads to space its refetches, moved on without waiting for it. */
      const later = (ms: number) =>
        jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ms);

      afterEach(() => jest.restoreAllMocks());

      it('accepts a token with the new kid without a restart, refetching at most every 30 s', async () => {
        await http()
          .get('/orders')
          .set(bearer(await idp.sign('RS256', 'u')))
          .expect(200);
        expect(idp.fetches).toBe(1);

        await idp.rotate();
        const rotated = await idp.sign('RS256', 'u');
        later(28_000); // the keys were fetched less than 30 s ago: no refetch
        for (let i = 0; i < 3; i++) {
          const early = await http().get('/orders').set(bearer(rotated)).expect(401);
          expect(early.body.code).toBe('AUTH.TOKEN_INVALID');
        }
        expect(idp.fetches).toBe(1);

        later(31_000);
        await http().get('/orders').set(bearer(rotated)).expect(200);
        await http()
          .get('/orders')
          .set(bearer(await idp.sign('ES256', 'u')))
          .expect(200);
        expect(idp.fetches).toBe(2);

        // An unknown kid right after the refetch does not refetch again.
        const stranger = await generateKeyPair('RS256');
        const unknown = await signWith(stranger.privateKey, 'RS256', 'key-unknown', 'u');
        await http().get('/orders').set(bearer(unknown)).expect(401);
        expect(idp.fetches).toBe(2);
      });
    });
  });

  it('answers 503 (not 401) while the identity provider keys cannot be fetched', async () => {
    const idp = await startIdentityProvider();
    const token = await idp.sign('RS256', 'u');
    await idp.close(); // nothing listens at its JWKS URL any more
    await boot({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: idp.jwksUrl });
    const res = await http().get('/orders').set(bearer(token)).expect(503);
    expect(res.body.code).toBe('AUTH.KEYS_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
  });

  describe('development mode (no key configured, NODE_ENV not production)', () => {
    beforeEach(() => boot({ NODE_ENV: 'development', AUTH_JWT_SECRET: '' }));

    it('issues a dev token that works as a Bearer token and as the cookie it sets', async () => {
      const res = await http().post('/auth/dev-token').send({ userId: 'customer-42' }).expect(200);
      expect(res.body.token).toEqual(expect.any(String));
      const cookie = res.headers['set-cookie'][0];
      expect(cookie).toMatch(new RegExp(`^herald_token=${res.body.token};`));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);

      const created = await http()
        .post('/orders')
        .set(bearer(res.body.token))
        .send(orderBody({ customerId: undefined }))
        .expect(201);
      expect(created.body.customerId).toBe('customer-42');
      await http()
        .get(`/orders/${created.body.id}`)
        .set('Cookie', cookie.split(';')[0])
        .expect(200);
    });

    it('puts the requested roles in the token', async () => {
      const { token } = (
        await http()
          .post('/auth/dev-token')
          .send({ userId: 'ops', roles: ['admin'] })
          .expect(200)
      ).body;
      await http().get('/orders?customerId=anyone').set(bearer(token)).expect(200);
    });

    it('signs with an ephemeral secret, not a guessable one', async () => {
      const res = await http()
        .get('/orders')
        .set(bearer(await tokenFor('u')))
        .expect(401);
      expect(res.body.detail).toMatch(/signature/);
    });

    it('validates the dev-token body', async () => {
      for (const body of [
        {},
        { userId: '' },
        { userId: 'x'.repeat(65) },
        { userId: 'u', roles: 'admin' },
      ]) {
        const res = await http().post('/auth/dev-token').send(body).expect(400);
        expect(res.body.code).toBe('REQUEST.INVALID');
      }
    });

    it('clears the cookie on logout', async () => {
      const res = await http().post('/auth/logout').expect(204);
      expect(res.headers['set-cookie'][0]).toMatch(/^herald_token=;.*Expires=Thu, 01 Jan 1970/);
    });
  });

  it('has no dev-token endpoint with AUTH_DEV_TOKENS=off, even in development mode', async () => {
    await boot({ NODE_ENV: 'development', AUTH_JWT_SECRET: '', AUTH_DEV_TOKENS: 'off' });
    const res = await http().post('/auth/dev-token').send({ userId: 'u' }).expect(404);
    expect(res.body.code).toBe('HTTP.NOT_FOUND');
    expect(res.headers['set-cookie']).toBeUndefined();
    const docs = (await http().get('/docs-json').expect(200)).body as { paths: object };
    expect(Object.keys(docs.paths)).not.toContain('/auth/dev-token'); // nor in the API document
  });

  describe('NODE_ENV=test with a configured secret', () => {
    it('offers dev tokens signed with the configured secret only with AUTH_DEV_TOKENS=on', async () => {
      await boot({ AUTH_DEV_TOKENS: 'on' });
      const { token } = (await http().post('/auth/dev-token').send({ userId: 'u' }).expect(200))
        .body;
      await http().get('/orders').set(bearer(token)).expect(200);
    });

    it('has no dev-token endpoint by default: a real secret never signs tokens for anyone who asks', async () => {
      await boot({ AUTH_DEV_TOKENS: 'auto', NODE_ENV: 'development' });
      await http()
        .post('/auth/dev-token')
        .send({ userId: 'u', roles: ['admin'] })
        .expect(404);
    });
  });

  describe('production', () => {
    it('refuses to start without a key, saying what to set', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
        /AUTH_JWT_SECRET.*AUTH_JWKS_URL/,
      );
      expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET }).env).toBe(
        'production',
      );
      expect(() =>
        loadConfig({
          NODE_ENV: 'production',
          AUTH_JWT_SECRET: TEST_JWT_SECRET,
          AUTH_DEV_TOKENS: 'on',
        }),
      ).toThrow(/AUTH_DEV_TOKENS/);
    });

    it('refuses to boot the app without a key', async () => {
      await expect(
        startTestApp({
          databaseUrl: database.url,
          env: { NODE_ENV: 'production', AUTH_JWT_SECRET: '' },
        }),
      ).rejects.toThrow(/AUTH_JWT_SECRET/);
    });

    it('has no dev-token endpoint: 404 like an unknown route, even for a bad body', async () => {
      await boot({ NODE_ENV: 'production' });
      for (const body of [{ userId: 'u' }, {}]) {
        const res = await http().post('/auth/dev-token').send(body).expect(404);
        expect(res.body.code).toBe('HTTP.NOT_FOUND');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const doc = (await http().get('/docs-json').expect(200)).body;
      expect(doc.paths).not.toHaveProperty('/auth/dev-token');
      expect(doc.paths).toHaveProperty('/auth/logout');
      const unknown = await http().post('/auth/nothing').send({}).expect(404);
      expect(unknown.body.detail).toBe('Cannot POST /auth/nothing');
      await http()
        .get('/orders')
        .set(await authHeaders('u'))
        .expect(200);
    });
  });
});
