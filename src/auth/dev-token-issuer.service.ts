import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AppConfig } from '../common';
import { AuthKeys } from './auth-keys';

export const DEV_TOKEN_TTL_S = 12 * 3600;

/**
 * Mints tokens for development: only outside production, and only when Herald holds the HS256
 * secret (configured, or the ephemeral one of development mode). Carries the configured issuer
 * and audience so the tokens pass the same checks as a real identity provider's.
 */
@Injectable()
export class DevTokenIssuer {
  constructor(
    private readonly keys: AuthKeys,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.env !== 'production' && this.keys.signingSecret !== undefined;
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
