import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { AppConfig } from '../common';
import { AuthKeys } from './auth-keys';
import { DEV_TOKEN_TTL_S, DevTokenIssuer } from './dev-token-issuer.service';

const SECRET = new TextEncoder().encode('a-test-secret-of-at-least-32-characters!');

function issuerOf(options: {
  env?: string;
  devTokens?: 'auto' | 'on' | 'off';
  development?: boolean;
  secret?: Uint8Array;
  issuer?: string;
  audience?: string;
}) {
  const keys = new AuthKeys(
    ['HS256'],
    () => SECRET,
    'secret' in options ? options.secret : SECRET,
    options.development ?? false,
  );
  const config = {
    env: options.env ?? 'development',
    auth: {
      devTokens: options.devTokens ?? 'auto',
      issuer: options.issuer,
      audience: options.audience,
    },
  } as unknown as AppConfig;
  return new DevTokenIssuer(keys, config);
}

describe(DevTokenIssuer.name, () => {
  it('is on by default only in development mode (the ephemeral secret)', () => {
    expect(issuerOf({ development: true }).enabled).toBe(true);
    expect(issuerOf({ development: false }).enabled).toBe(false);
  });

  it('is on with a configured secret only when asked for', () => {
    expect(issuerOf({ devTokens: 'on' }).enabled).toBe(true);
  });

  it('is never on in production, when turned off, or with no secret to sign with', () => {
    expect(issuerOf({ env: 'production', devTokens: 'on', development: true }).enabled).toBe(false);
    expect(issuerOf({ devTokens: 'off', development: true }).enabled).toBe(false);
    expect(issuerOf({ devTokens: 'on', development: true, secret: undefined }).enabled).toBe(false);
  });

  it('signs a 12-hour HS256 token for the user and roles, with the issuer and audience configured', async () => {
    const token = await issuerOf({ issuer: 'https://id.example', audience: 'herald' }).issue(
      'u-1',
      ['admin'],
    );
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'u-1',
      roles: ['admin'],
      iss: 'https://id.example',
      aud: 'herald',
    });
    expect(claims.exp! - claims.iat!).toBe(DEV_TOKEN_TTL_S);
    expect(DEV_TOKEN_TTL_S).toBe(43_200);
  });

  it('leaves out the issuer and audience when none is configured', async () => {
    const claims = decodeJwt(await issuerOf({}).issue('u-1', []));
    expect(claims.iss).toBeUndefined();
    expect(claims.aud).toBeUndefined();
  });
});
