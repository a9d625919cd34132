import type { AuthenticatedUser } from './authenticated-user';

const MAX_ENTRIES = 10_000;
const MAX_AGE_MS = 5 * 60_000;

/**
 * Tokens already verified, so a client that sends the same token on every request does not pay
 * for a signature check each time. An entry lives until the token's own `exp`, and never more
 * than five minutes (so a rotated key or changed issuer settings take effect soon).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { user: AuthenticatedUser; until: number }>();

  get(token: string, now = Date.now()): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > now) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, user: AuthenticatedUser, expiresAtS: number, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { user, until: Math.min(expiresAtS * 1000, now + MAX_AGE_MS) });
  }
}
