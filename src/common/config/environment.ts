import { z } from '../validation/zod';

/** A whole number in [min, max], given as digits (environment variables are strings). */
const integer = (min: number, max: number, byDefault: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: 'must be an integer' })
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .default(byDefault);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * Every environment variable Herald reads, with its default. Validated once at boot;
 * the README's configuration table mirrors this schema.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535, 3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { error: 'must be a size such as 100kb or 1mb' })
    .default('100kb'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
      error: 'must be sqlite:<path> or postgres://user@host:port/db',
    })
    .default('sqlite:./data/herald.db'),
  SIMULATION_STEP_MS: integer(0, 60000, 2000),
  SSE_RETRY_MS: integer(100, 600000, 3000),
  SSE_HEARTBEAT_MS: integer(10, 3600000, 15000),
  SSE_BUFFER_SIZE: integer(1, 100000, 100),
  SSE_OVERFLOW: z.enum(['drop-oldest', 'disconnect']).default('drop-oldest'),
  SSE_MAX_STREAMS: integer(1, 1000000, 10000),
  SSE_MAX_STREAMS_PER_USER: integer(1, 100000, 10),
  EVENT_LOG_RETENTION: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, { error: 'must be a duration such as 7d, 12h, 30m or 500ms' })
    .default('7d'),
  NOTIFY_CHANNEL_TIMEOUT_MS: integer(1, 600000, 5000),
  NOTIFY_MAX_ATTEMPTS: integer(1, 20, 3),
  NOTIFY_RETRY_BASE_MS: integer(0, 600000, 500),
  WEBHOOK_URL: httpUrl.optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  AUTH_JWT_SECRET: z.string().min(32).optional(),
  AUTH_JWKS_URL: httpUrl.optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  /** `auto`: only in development mode (no key configured); `on`: also with AUTH_JWT_SECRET. */
  AUTH_DEV_TOKENS: z.enum(['auto', 'on', 'off']).default('auto'),
  RATE_LIMIT_WRITES_PER_MINUTE: integer(0, 1000000, 600),
  CORS_ORIGINS: z.string().optional(),
});

export type Environment = z.output<typeof environmentSchema>;
