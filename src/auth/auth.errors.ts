import { DomainError } from '../common';

const CHALLENGE = 'Bearer realm="herald"';

/** 401: the request carries no token (neither `Authorization: Bearer` nor the cookie). */
export class MissingCredentialsError extends DomainError {
  constructor() {
    super(
      'AUTH.TOKEN_MISSING',
      401,
      'Authentication required',
      'Send a token as "Authorization: Bearer <jwt>" or in the herald_token cookie.',
      {},
      { 'WWW-Authenticate': CHALLENGE },
    );
  }
}

/** 401: a token was sent but cannot be trusted; `reason` says why (expired, signature ...). */
export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super(
      'AUTH.TOKEN_INVALID',
      401,
      'Invalid token',
      `The token was rejected: ${reason}.`,
      {},
      { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` },
    );
  }
}

/** 403: the caller is known but may not do this. */
export class AccessDeniedError extends DomainError {
  constructor(detail: string) {
    super('AUTH.FORBIDDEN', 403, 'Forbidden', detail);
  }
}

/** 503: the identity provider's keys cannot be fetched, so no token can be checked now. */
export class KeysUnavailableError extends DomainError {
  constructor() {
    super(
      'AUTH.KEYS_UNAVAILABLE',
      503,
      'Service Unavailable',
      'The identity provider keys (AUTH_JWKS_URL) cannot be fetched right now.',
      {},
      { 'Retry-After': '5' },
    );
  }
}

/** 429 from the write rate limit (RATE_LIMIT_WRITES_PER_MINUTE). */
export class WriteRateLimitError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'RATE_LIMIT.EXCEEDED',
      429,
      'Too Many Requests',
      `Too many writes from this user; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** 403: a write carried by the cookie came from another site's page (CSRF). */
export class CrossSiteRequestError extends DomainError {
  constructor() {
    super(
      'AUTH.CROSS_SITE_REQUEST',
      403,
      'Cross-site request refused',
      'A write authenticated by the herald_token cookie must come from a Herald page or an origin in CORS_ORIGINS; other clients send "Authorization: Bearer <jwt>".',
    );
  }
}
