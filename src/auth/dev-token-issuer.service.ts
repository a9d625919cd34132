import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AppConfig } from '../common';
import { AuthKeys } from './auth-keys';

export const DEV_TOKEN_TTL_S = 12 * 3600;

/**
 * Mints tokens for development: never in production; by default only in development mode (no
 * key configured, so the ephemeral secret signs them), and with a configured AUTH_JWT_SECRET
 * only when AUTH_DEV_TOKENS=on — a real secret must not sign tokens for anyone who asks just
 * because NODE_ENV was left unset. Carries the configured issuer and audience so the tokens pass
 * the same checks as a real identity provider's.
 */
@Injectable()
export class DevTokenIssuer {
  constructor(
    private readonly keys: AuthKeys,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    const { devTokens } = this.config.auth;
    if (this.config.env === 'production' || devTokens === 'off') return false;
    if (this.keys.signingSecret === undefined) return false;
    return this.keys.developmentMode || devTokens === 'on';
  }

  issue(userId: string, roles: string[]): Promise<string> {
    let jwt = new SignJWT({ roles })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(`${DEV_TOKEN_TTL_S}s`);
    if (this.config.auth.issuer) jwt = jwt.setIssuer(this.config.auth.issuer);
    if (this.config.auth.audience) jwt = jwt.setAudience(this.config.auth.audience);
    return jwt.sign(this.keys.signingSecret!);
  }
}
