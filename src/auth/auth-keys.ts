import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { randomBytes } from 'node:crypto';
import { AppConfig, ConfigError } from '../common';

/** Algorithms Herald accepts: HS256 with a shared secret, RS256/ES256 from a JWKS. Never `none`. */
export const SECRET_ALGORITHMS = ['HS256'];
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/**
 * The key material tokens are checked with, resolved once at boot. `signingSecret` is set when
 * Herald can mint tokens itself (dev tokens): a configured AUTH_JWT_SECRET or, in development
 * with no key configured, an ephemeral one that dies with the process.
 */
export class AuthKeys {
  constructor(
    readonly algorithms: string[],
    readonly key: JWTVerifyGetKey,
    readonly signingSecret: Uint8Array | undefined,
    readonly developmentMode: boolean,
  ) {}

  static fromConfig(config: AppConfig): AuthKeys {
    const { jwtSecret, jwksUrl } = config.auth;
    const development = !jwtSecret && !jwksUrl;
    if (development && config.env === 'production') {
      throw new ConfigError(
        'Refusing to start in production without a token key: set AUTH_JWT_SECRET (HS256, 32+ characters) or AUTH_JWKS_URL (your identity provider JWKS).',
      );
    }
    const secret = development ? randomBytes(32) : encodeSecret(jwtSecret);
    if (development) {
      new Logger('Auth').warn(
        'DEVELOPMENT MODE: no AUTH_JWT_SECRET or AUTH_JWKS_URL set; tokens are signed with an ephemeral secret and anyone can get one from POST /auth/dev-token.',
      );
    }
    const jwks = jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : undefined;
    const algorithms = [...(secret ? SECRET_ALGORITHMS : []), ...(jwks ? JWKS_ALGORITHMS : [])];
    const key: JWTVerifyGetKey = (header, token) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (jwks && header.alg !== 'HS256') return jwks(header, token);
      throw new errors.JOSEAlgNotAllowed(`"${header.alg}" is not accepted`);
    };
    return new AuthKeys(algorithms, key, secret, development);
  }
}

function encodeSecret(secret: string | undefined): Uint8Array | undefined {
  return secret ? new TextEncoder().encode(secret) : undefined;
}
