import type { Request } from 'express';
import { AUTH_COOKIE } from './auth-cookie';
import { InvalidTokenError } from './auth.errors';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

export interface PresentedToken {
  token: string;
  /** Browsers attach cookies by themselves, so a cookie-borne token needs a CSRF check. */
  from: 'header' | 'cookie';
}

/**
 * The token from `Authorization: Bearer`, else from the auth cookie (parsed by cookie-parser).
 * Tokens in the URL are deliberately ignored: they end up in logs, histories and Referer headers.
 */
export function readToken(
  request: Pick<Request, 'headers' | 'cookies'>,
): PresentedToken | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization.trim());
    if (!match) throw new InvalidTokenError('the Authorization header must be "Bearer <jwt>"');
    return { token: match[1], from: 'header' };
  }
  const cookie: unknown = request.cookies?.[AUTH_COOKIE];
  return typeof cookie === 'string' && cookie ? { token: cookie, from: 'cookie' } : undefined;
}
