import { SignJWT } from 'jose';

/**
 * Credentials for tests. Every e2e test authenticates through these helpers only, so the way a
 * caller proves who they are can change in one place. Tokens are real HS256 JWTs signed with
 * TEST_JWT_SECRET, which `startTestApp` configures as AUTH_JWT_SECRET unless a test overrides it.
 */
export const TEST_JWT_SECRET = 'herald-test-secret-0123456789-abcdefghij';

export const ADMIN_ID = 'admin-1';

export interface TokenOptions {
  /** Defaults to TEST_JWT_SECRET. */
  secret?: string;
  /** Seconds from now; negative for an already expired token. Default 3600. */
  expiresInS?: number;
  issuer?: string;
  audience?: string;
  /** More claims, such as the standard `email`. */
  claims?: Record<string, unknown>;
}

/** A signed HS256 token for `userId` with `roles`. */
export function tokenFor(
  userId: string,
  roles: string[] = [],
  options: TokenOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ ...options.claims, roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInS ?? 3600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export async function authHeaders(
  userId: string,
  roles: string[] = [],
): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await tokenFor(userId, roles)}` };
}

export function adminHeaders(): Promise<Record<string, string>> {
  return authHeaders(ADMIN_ID, ['admin']);
}

/** `Cookie` header value a browser would send after the dev-token endpoint set the cookie. */
export async function authCookie(userId: string, roles: string[] = []): Promise<string> {
  return `herald_token=${await tokenFor(userId, roles)}`;
}

/** A fetch for the `eventsource` package that sends `cookie` like a browser would. */
export function fetchWithCookie(cookie: string): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Cookie: cookie } });
}
