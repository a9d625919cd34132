import type { IncomingHttpHeaders } from 'node:http';
import { AUTH_COOKIE } from './auth-cookie';
import { InvalidTokenError } from './auth.errors';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * The token from `Authorization: Bearer`, else from the auth cookie. Tokens in the URL are
 * deliberately ignored: they end up in logs, histories and Referer headers.
 */
export function readToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization.trim());
    if (!match) throw new InvalidTokenError('the Authorization header must be "Bearer <jwt>"');
    return match[1];
  }
  return readCookie(headers.cookie, AUTH_COOKIE);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      const value = pair.slice(at + 1).trim();
      return value ? safeDecode(value.replace(/^"(.*)"$/, '$1')) : undefined;
    }
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded; verification will judge it
  }
}
