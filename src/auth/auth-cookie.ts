import type { CookieOptions } from 'express';

/** The cookie that carries the token for browsers: `EventSource` cannot set headers. */
export const AUTH_COOKIE = 'herald_token';

/** HttpOnly so page scripts cannot read it; Lax so it is sent on same-site requests and links. */
export function authCookieOptions(maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', maxAge: maxAgeMs };
}
