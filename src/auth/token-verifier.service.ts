import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { AppConfig, DomainEventEmitter } from '../common';
import { AuthEvents, TokenVerifiedEvent } from './auth-events';
import { AuthKeys } from './auth-keys';
import { InvalidTokenError, KeysUnavailableError } from './auth.errors';
import type { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokenCache } from './verified-token-cache';

/** Seconds of clock skew forgiven between Herald and the token issuer. */
const CLOCK_TOLERANCE_S = 5;

/** The longest address SMTP carries (RFC 5321's path limit less its angle brackets). */
const MAX_EMAIL_LENGTH = 254;

/**
 * Turns a compact JWT into the caller it proves, or a 401 that says why not. A token verified for
 * the first time is announced (`auth.token-verified`, awaited: a listener that remembers the
 * user's e-mail address has done so before the request goes on); a cached one is not.
 */
@Injectable()
export class TokenVerifier {
  private readonly verified = new VerifiedTokenCache();

  constructor(
    private readonly keys: AuthKeys,
    private readonly config: AppConfig,
    @Inject(EventEmitter2) private readonly events: DomainEventEmitter,
  ) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    return this.verified.get(token) ?? this.verifyAndRemember(token);
  }

  private async verifyAndRemember(token: string): Promise<AuthenticatedUser> {
    const { user, expiresAtS } = await this.check(token);
    this.verified.set(token, user, expiresAtS);
    await this.announce({ user });
    return user;
  }

  private async check(token: string): Promise<{ user: AuthenticatedUser; expiresAtS: number }> {
    try {
      const { payload } = await jwtVerify(token, this.keys.key, {
        algorithms: this.keys.algorithms,
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      return { user: toUser(payload), expiresAtS: payload.exp! };
    } catch (error) {
      throw explain(error);
    }
  }

  /** Listeners' errors are theirs (suppressed and logged by @OnEvent): never a 401. */
  private async announce(event: TokenVerifiedEvent): Promise<void> {
    await this.events.emitAsync(AuthEvents.tokenVerified, event);
  }
}

function toUser(payload: JWTPayload): AuthenticatedUser {
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((role): role is string => typeof role === 'string')
    : [];
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256) {
    throw new InvalidTokenError('the "sub" claim must be a user id of 1 to 256 characters');
  }
  return { id: payload.sub, roles, ...emailOf(payload) };
}

/** The `email` claim when it looks like an address and is not marked unverified. */
function emailOf(payload: JWTPayload): { email?: string } {
  const { email, email_verified: verified } = payload;
  if (typeof email !== 'string' || verified === false) return {};
  const plausible = email.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@]+$/.test(email);
  return plausible ? { email } : {};
}

function explain(error: unknown): Error {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('it has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(error.message);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('the signature does not verify');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError('its algorithm is not accepted (HS256, RS256 or ES256 only)');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError('no key of the identity provider matches it');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new InvalidTokenError('it is not a well-formed signed JWT');
  }
  // Anything else comes from fetching the identity provider's keys (timeout, network, a bad
  // JWKS): our problem, not the caller's.
  return new KeysUnavailableError();
}
