import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Fetch Metadata: browsers mark each request with where it came from (`Sec-Fetch-Site`). The
 * cookie is SameSite=Lax, which stops other sites but not a page on a sibling subdomain or
 * another port of the same host; those are refused here unless CORS_ORIGINS lists them.
 * Clients that send no such header (curl, services) do not carry the cookie by themselves.
 */
export function isCrossSiteWrite(
  request: Pick<Request, 'method' | 'headers'>,
  allowedOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const site = request.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return false;
  const origin = request.headers.origin;
  return !(typeof origin === 'string' && allowedOrigins.includes(origin));
}
