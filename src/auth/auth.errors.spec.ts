import {
  AccessDeniedError,
  CrossSiteRequestError,
  InvalidTokenError,
  KeysUnavailableError,
  MissingCredentialsError,
  WriteRateLimitError,
} from './auth.errors';

describe('auth errors', () => {
  it('asks for a bearer token when none came (401)', () => {
    expect(new MissingCredentialsError()).toEqual(
      expect.objectContaining({
        code: 'AUTH.TOKEN_MISSING',
        status: 401,
        title: 'Authentication required',
        message: 'Send a token as "Authorization: Bearer <jwt>" or in the herald_token cookie.',
        extensions: {},
        headers: { 'WWW-Authenticate': 'Bearer realm="herald"' },
      }),
    );
  });

  it('says why a token was refused, with the invalid_token challenge (401)', () => {
    expect(new InvalidTokenError('it has expired')).toEqual(
      expect.objectContaining({
        code: 'AUTH.TOKEN_INVALID',
        status: 401,
        title: 'Invalid token',
        message: 'The token was rejected: it has expired.',
        extensions: {},
        headers: { 'WWW-Authenticate': 'Bearer realm="herald", error="invalid_token"' },
      }),
    );
  });

  it('forbids with the given reason (403)', () => {
    expect(new AccessDeniedError('admins only')).toEqual(
      expect.objectContaining({
        code: 'AUTH.FORBIDDEN',
        status: 403,
        title: 'Forbidden',
        message: 'admins only',
        extensions: {},
        headers: {},
      }),
    );
  });

  it('blames the identity provider and asks to retry in 5 s (503)', () => {
    expect(new KeysUnavailableError()).toEqual(
      expect.objectContaining({
        code: 'AUTH.KEYS_UNAVAILABLE',
        status: 503,
        title: 'Service Unavailable',
        message: 'The identity provider keys (AUTH_JWKS_URL) cannot be fetched right now.',
        extensions: {},
        headers: { 'Retry-After': '5' },
      }),
    );
  });

  it('says when writes may resume (429)', () => {
    expect(new WriteRateLimitError(17)).toEqual(
      expect.objectContaining({
        code: 'RATE_LIMIT.EXCEEDED',
        status: 429,
        title: 'Too Many Requests',
        message: 'Too many writes from this user; try again in 17 s.',
        extensions: { retryAfterSeconds: 17 },
        headers: { 'Retry-After': '17' },
      }),
    );
  });

  it('refuses a cookie-borne write from another site (403)', () => {
    expect(new CrossSiteRequestError()).toMatchObject({
      code: 'AUTH.CROSS_SITE_REQUEST',
      status: 403,
      title: 'Cross-site request refused',
      extensions: {},
      headers: {},
    });
    expect(new CrossSiteRequestError().message).toMatch(/herald_token cookie.*CORS_ORIGINS/);
  });
});
