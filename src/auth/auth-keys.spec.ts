import { loadConfig } from '../common';
import { AuthKeys } from './auth-keys';

describe(AuthKeys.name, () => {
  it('refuses production without a key even if config validation was bypassed', () => {
    const config = { ...loadConfig({}), env: 'production' as const };
    expect(() => AuthKeys.fromConfig(config)).toThrow(/AUTH_JWT_SECRET.*AUTH_JWKS_URL/);
  });

  it('makes an ephemeral secret in development, a fresh one per process', () => {
    const first = AuthKeys.fromConfig(loadConfig({}));
    const second = AuthKeys.fromConfig(loadConfig({}));
    expect(first.developmentMode).toBe(true);
    expect(first.algorithms).toEqual(['HS256']);
    expect(first.signingSecret).toHaveLength(32);
    expect(Buffer.from(first.signingSecret!).equals(Buffer.from(second.signingSecret!))).toBe(
      false,
    );
  });

  it('accepts only HS256 with a secret, only RS256/ES256 with a JWKS, both with both', () => {
    const secret = 's'.repeat(32);
    const jwks = 'https://id.example/jwks.json';
    expect(AuthKeys.fromConfig(loadConfig({ AUTH_JWT_SECRET: secret })).algorithms).toEqual([
      'HS256',
    ]);
    expect(AuthKeys.fromConfig(loadConfig({ AUTH_JWKS_URL: jwks })).algorithms).toEqual([
      'RS256',
      'ES256',
    ]);
    const both = AuthKeys.fromConfig(loadConfig({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: jwks }));
    expect(both.algorithms).toEqual(['HS256', 'RS256', 'ES256']);
    expect(both.developmentMode).toBe(false);
  });
});
