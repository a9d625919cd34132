import type { IncomingHttpHeaders } from 'node:http';

/** Herald's page of problem types (the problems module serves it); each code is an anchor. */
export const PROBLEMS_PATH = '/problems';

/** A plain host name, IPv4 or [IPv6] literal with an optional port: never a path or a scheme. */
const SANE_HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/** `<origin>/problems#<code>`; with no origin known, a reference relative to the request's URL. */
export function problemType(code: string, origin = ''): string {
  return `${origin}${PROBLEMS_PATH}#${code}`;
}

/**
 * Where the caller reached Herald: PUBLIC_URL when configured (behind a proxy that ends TLS the
 * request alone says `http`), else the request's own scheme and Host, else nothing.
 */
export function originOf(
  request: { protocol: string; headers: IncomingHttpHeaders },
  publicUrl: string | undefined,
): string {
  if (publicUrl) return publicUrl;
  const host = request.headers.host;
  return host && SANE_HOST.test(host) ? `${request.protocol}://${host}` : '';
}
