import { Transform } from 'class-transformer';
import {
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

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every environment variable Herald reads, with its default. Validated once at boot;
 * the README's configuration table mirrors this class.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  BODY_LIMIT: string = '100kb';

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<path> or postgres://user@host:port/db',
  })
  DATABASE_URL: string = 'sqlite:./data/herald.db';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  SIMULATION_STEP_MS: number = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  SSE_RETRY_MS: number = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600000)
  SSE_HEARTBEAT_MS: number = 15000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  SSE_BUFFER_SIZE: number = 100;

  @IsIn(['drop-oldest', 'disconnect'])
  SSE_OVERFLOW: 'drop-oldest' | 'disconnect' = 'drop-oldest';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  SSE_MAX_STREAMS: number = 10000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  SSE_MAX_STREAMS_PER_USER: number = 10;

  @Matches(/^\d+(ms|s|m|h|d)$/, { message: 'must be a duration such as 7d, 12h, 30m or 500ms' })
  EVENT_LOG_RETENTION: string = '7d';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600000)
  NOTIFY_CHANNEL_TIMEOUT_MS: number = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFY_MAX_ATTEMPTS: number = 3;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  NOTIFY_RETRY_BASE_MS: number = 500;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  WEBHOOK_SECRET?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** `auto`: only in development mode (no key configured); `on`: also with AUTH_JWT_SECRET. */
  @IsIn(['auto', 'on', 'off'])
  AUTH_DEV_TOKENS: 'auto' | 'on' | 'off' = 'auto';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000000)
  RATE_LIMIT_WRITES_PER_MINUTE: number = 600;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;
}
