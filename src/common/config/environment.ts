import { applyDecorators } from '@nestjs/common';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { ToInteger } from '../validation/from-string.transform';

/** A whole number in [min, max], given as digits (environment variables are strings). */
const IsIntegerIn = (min: number, max: number) =>
  applyDecorators(ToInteger(), IsInt(), Min(min), Max(max));

const IsHttpUrl = () =>
  IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http(s) URL' },
  );

const IsSmtpUrl = () =>
  IsUrl(
    { protocols: ['smtp', 'smtps'], require_protocol: true, require_tld: false },
    { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@127.0.0.1:2525' },
  );

const DURATION_MESSAGE = 'must be a duration such as 7d, 12h, 30m or 500ms';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Every environment variable Herald reads, with its default. Validated once at boot
 * (`loadConfig`); the README's configuration table mirrors this class.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIntegerIn(0, 65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  @IsIn(LOG_LEVELS) LOG_LEVEL = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  BODY_LIMIT = '100kb';

  /** Proxies whose X-Forwarded-For Herald believes (nginx in front); unset: none. */
  @IsOptional()
  @Matches(/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/, {
    message: 'must be loopback, an address or a CIDR, or a comma-separated list of them',
  })
  TRUST_PROXY?: string;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<path> or postgres://user@host:port/db',
  })
  DATABASE_URL = 'sqlite:./data/herald.db';

  /** Set (with a PostgreSQL DATABASE_URL): cluster mode, several instances on one database. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be redis://host:port or rediss://host:port' })
  REDIS_URL?: string;

  @IsIntegerIn(0, 60000) SIMULATION_STEP_MS = 2000;
  @IsIntegerIn(100, 600000) SSE_RETRY_MS = 3000;
  @IsIntegerIn(10, 3600000) SSE_HEARTBEAT_MS = 15000;
  @IsIntegerIn(1, 100000) SSE_BUFFER_SIZE = 100;
  @IsIn(['drop-oldest', 'disconnect']) SSE_OVERFLOW: 'drop-oldest' | 'disconnect' = 'drop-oldest';
  @IsIntegerIn(1, 1000000) SSE_MAX_STREAMS = 10000;
  @IsIntegerIn(1, 100000) SSE_MAX_STREAMS_PER_USER = 10;

  @Matches(/^\d+(ms|s|m|h|d)$/, { message: DURATION_MESSAGE })
  EVENT_LOG_RETENTION = '7d';

  @IsIntegerIn(1, 600000) NOTIFY_CHANNEL_TIMEOUT_MS = 5000;
  @IsIntegerIn(1, 20) NOTIFY_MAX_ATTEMPTS = 3;
  @IsIntegerIn(0, 600000) NOTIFY_RETRY_BASE_MS = 500;
  @IsOptional() @IsHttpUrl() WEBHOOK_URL?: string;
  @IsOptional() @IsString() @MinLength(16) WEBHOOK_SECRET?: string;
  @IsOptional() @IsSmtpUrl() SMTP_URL?: string;

  @IsEmail(
    { allow_display_name: true, require_tld: false },
    { message: 'must be an address such as herald@example.com or "Herald <herald@example.com>"' },
  )
  EMAIL_FROM = 'Herald <herald@localhost>';

  /** `0` sends each notification at once. */
  @Matches(/^(0|\d+(ms|s|m|h|d))$/, { message: `${DURATION_MESSAGE}, or 0` })
  EMAIL_DIGEST_WINDOW = '60s';

  @IsOptional() @IsString() @MinLength(32) AUTH_JWT_SECRET?: string;
  @IsOptional() @IsHttpUrl() AUTH_JWKS_URL?: string;
  @IsOptional() @IsString() AUTH_ISSUER?: string;
  @IsOptional() @IsString() AUTH_AUDIENCE?: string;

  /** `auto`: only in development mode (no key configured); `on`: also with AUTH_JWT_SECRET. */
  @IsIn(['auto', 'on', 'off']) AUTH_DEV_TOKENS: 'auto' | 'on' | 'off' = 'auto';

  @IsIntegerIn(0, 1000000) RATE_LIMIT_WRITES_PER_MINUTE = 600;
  @IsOptional() @IsString() CORS_ORIGINS?: string;

  /** Events committed but not yet relayed above which GET /health/ready answers 503. */
  @IsIntegerIn(0, 10_000_000) READY_MAX_RELAY_LAG = 1000;

  /** Where clients reach Herald, path prefix included: makes problem `type` URIs absolute. */
  @IsOptional() @IsHttpUrl() PUBLIC_URL?: string;
}
