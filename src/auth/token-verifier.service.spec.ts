import type { EventEmitter2 } from '@nestjs/event-emitter';
import { errors, SignJWT, type JWTPayload } from 'jose';
import type { AppConfig } from '../common';
import { AuthKeys } from './auth-keys';
import { TokenVerifier } from './token-verifier.service';

const SECRET = new TextEncoder().encode('a-test-secret-of-at-least-32-characters!');
const ISSUER = 'https://id.example';
const AUDIENCE = 'herald';

function setUp(key: AuthKeys['key'] = () => SECRET) {
  const announced: unknown[] = [];
  const events = {
    emitAsync: async (name: string, event: unknown) => announced.push({ name, event }),
  } as unknown as EventEmitter2;
  const config = { auth: { issuer: ISSUER, audience: AUDIENCE } } as unknown as AppConfig;
  const verifier = new TokenVerifier(new AuthKeys(['HS256'], key, SECRET, false), config, events);
  return { verifier, announced };
}

const sign = (claims: JWTPayload = {}, options: { alg?: string; exp?: string | number } = {}) => {
  const jwt = new SignJWT({ roles: ['customer'], ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(options.exp ?? '1h');
  if (!('sub' in claims)) jwt.setSubject('user-1');
  return jwt.sign(SECRET);
};

const reason = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string };
  return { code: error?.code, message: error?.message };
};

describe(TokenVerifier.name, () => {
  it('turns a valid token into its user, and announces it once', async () => {
    const { verifier, announced } = setUp();
    const token = await sign({ roles: ['admin', 7, 'customer'], email: 'a@example.com' });
    const user = { id: 'user-1', roles: ['admin', 'customer'], email: 'a@example.com' };
    expect(await verifier.verify(token)).toEqual(user);
    expect(await verifier.verify(token)).toEqual(user); // cached: not announced again
    expect(announced).toEqual([{ name: 'auth.token-verified', event: { user } }]);
  });

  it('gives no roles when the claim is not a list', async () => {
    const { verifier } = setUp();
    expect((await verifier.verify(await sign({ roles: 'admin' }))).roles).toEqual([]);
  });

  it('keeps only a plausible, not unverified e-mail address', async () => {
    const { verifier } = setUp();
    const emailOf = async (claims: JWTPayload) => (await verifier.verify(await sign(claims))).email;
    expect(await emailOf({ email: 'a@b' })).toBe('a@b');
    expect(await emailOf({ email: 'a@b', email_verified: true })).toBe('a@b');
    expect(await emailOf({ email: 'a@b', email_verified: false })).toBeUndefined();
    expect(await emailOf({ email: 'not an address' })).toBeUndefined();
    expect(await emailOf({ email: 'a b@c' })).toBeUndefined();
    expect(await emailOf({ email: '@b' })).toBeUndefined();
    expect(await emailOf({ email: 'a@' })).toBeUndefined();
    expect(await emailOf({ email: 42 })).toBeUndefined();
    expect(await emailOf({ email: `${'a'.repeat(250)}@b.c` })).toHaveLength(254);
    expect(await emailOf({ email: `${'a'.repeat(251)}@b.c` })).toBeUndefined(); // 255
  });

  it('accepts a subject of 1 to 256 characters only', async () => {
    const { verifier } = setUp();
    expect((await verifier.verify(await sign({ sub: 'u'.repeat(256) }))).id).toHaveLength(256);
    expect((await verifier.verify(await sign({ sub: 'u' }))).id).toBe('u');
    const subjectRule = {
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: the "sub" claim must be a user id of 1 to 256 characters.',
    };
    expect(await reason(verifier.verify(await sign({ sub: 'u'.repeat(257) })))).toEqual(
      subjectRule,
    );
    expect(await reason(verifier.verify(await sign({ sub: '' })))).toMatchObject({
      code: 'AUTH.TOKEN_INVALID',
    });
  });

  it('says why it rejects a token', async () => {
    const { verifier } = setUp();
    const expired = await sign({}, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await reason(verifier.verify(expired))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: it has expired.',
    });
    const forged = (await sign()).slice(0, -4) + 'AAAA';
    expect(await reason(verifier.verify(forged))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: the signature does not verify.',
    });
    expect(await reason(verifier.verify('not-a-jwt'))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: it is not a well-formed signed JWT.',
    });
    const otherIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setIssuer('https://elsewhere.example')
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(SECRET);
    expect(await reason(verifier.verify(otherIssuer))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: unexpected "iss" claim value.',
    });
  });

  it('forgives five seconds of clock skew, not more', async () => {
    const { verifier } = setUp();
    const now = Math.floor(Date.now() / 1000);
    expect(await verifier.verify(await sign({}, { exp: now - 3 }))).toMatchObject({ id: 'user-1' });
    expect(await reason(verifier.verify(await sign({}, { exp: now - 8 })))).toMatchObject({
      message: 'The token was rejected: it has expired.',
    });
  });

  it('requires an expiry', async () => {
    const { verifier } = setUp();
    const noExpiry = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(SECRET);
    expect(await reason(verifier.verify(noExpiry))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: missing required "exp" claim.',
    });
  });

  it('refuses an algorithm it does not accept', async () => {
    const { verifier } = setUp();
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('user-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(SECRET);
    expect(await reason(verifier.verify(hs512))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message:
        'The token was rejected: its algorithm is not accepted (HS256, RS256 or ES256 only).',
    });
  });

  it('blames the identity provider, not the caller, when its keys cannot be had', async () => {
    const noMatch = setUp(() => {
      throw new errors.JWKSNoMatchingKey();
    });
    expect(await reason(noMatch.verifier.verify(await sign()))).toEqual({
      code: 'AUTH.TOKEN_INVALID',
      message: 'The token was rejected: no key of the identity provider matches it.',
    });
    const down = setUp(() => {
      throw new errors.JWKSTimeout();
    });
    expect(await reason(down.verifier.verify(await sign()))).toMatchObject({
      code: 'AUTH.KEYS_UNAVAILABLE',
    });
  });
});
