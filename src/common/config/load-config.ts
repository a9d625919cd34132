import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { reasonOf } from '../validation/validation-reason';
import { AppConfig } from './app-config';
import { Environment } from './environment';
import { parseDuration } from './parse-duration';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws one error naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, given);
  // whitelist: variables Herald does not read are dropped, not refused
  const failures = validateSync(env, { whitelist: true });
  const problems = failures.map((failure) => {
    const key = failure.property;
    // A secret is never echoed, not even a short one: boot errors end up in logs.
    const shown = key.endsWith('_SECRET') ? '(hidden)' : JSON.stringify(source[key]);
    return `${key}=${shown}: ${reasonOf(failure)}`;
  });
  if (failures.length === 0) problems.push(...crossFieldProblems(env));
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return toAppConfig(env);
}

/** Rules that span variables. */
function crossFieldProblems(env: Environment): string[] {
  return [...clusterProblems(env), ...productionProblems(env)];
}

/**
 * Several instances share state only through PostgreSQL (a SQLite file belongs to one process),
 * and must check each other's tokens: an ephemeral development secret is one process's own.
 */
function clusterProblems(env: Environment): string[] {
  if (!env.REDIS_URL) return [];
  const problems: string[] = [];
  if (env.DATABASE_URL.startsWith('sqlite:')) {
    problems.push(
      `REDIS_URL: cluster mode (REDIS_URL set) needs PostgreSQL; set DATABASE_URL=postgres://user@host:5432/db, or unset REDIS_URL to run one process on SQLite (DATABASE_URL=${JSON.stringify(env.DATABASE_URL)})`,
    );
  }
  if (!env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
    problems.push(
      'AUTH_JWT_SECRET / AUTH_JWKS_URL: cluster mode (REDIS_URL set) needs one key for every instance; without one each process signs its dev tokens and cookies with an ephemeral secret of its own, which the other instances refuse. Set the same AUTH_JWT_SECRET (HS256, 32+ characters) on every instance (plus AUTH_DEV_TOKENS=on for dev tokens), or AUTH_JWKS_URL',
    );
  }
  return problems;
}

/** Production never falls back to development-mode auth. */
function productionProblems(env: Environment): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
    problems.push(
      'AUTH_JWT_SECRET / AUTH_JWKS_URL: production needs a key to verify tokens; set AUTH_JWT_SECRET (HS256, 32+ characters) or AUTH_JWKS_URL (your identity provider JWKS)',
    );
  }
  if (env.AUTH_DEV_TOKENS === 'on') {
    problems.push('AUTH_DEV_TOKENS="on": dev tokens are never offered in production; remove it');
  }
  return problems;
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function toAppConfig(env: Environment): AppConfig {
  return new AppConfig({
    env: env.NODE_ENV,
    http: {
      port: env.PORT,
      host: env.HOST,
      bodyLimit: env.BODY_LIMIT,
      corsOrigins: commaList(env.CORS_ORIGINS),
      trustProxy: commaList(env.TRUST_PROXY),
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    },
    log: { level: env.LOG_LEVEL },
    health: { maxRelayLag: env.READY_MAX_RELAY_LAG },
    database: { url: env.DATABASE_URL },
    cluster: { redisUrl: env.REDIS_URL },
    orders: { simulationStepMs: env.SIMULATION_STEP_MS },
    sse: {
      retryMs: env.SSE_RETRY_MS,
      heartbeatMs: env.SSE_HEARTBEAT_MS,
      bufferSize: env.SSE_BUFFER_SIZE,
      overflow: env.SSE_OVERFLOW,
      maxStreams: env.SSE_MAX_STREAMS,
      maxStreamsPerUser: env.SSE_MAX_STREAMS_PER_USER,
      eventLogRetentionMs: parseDuration(env.EVENT_LOG_RETENTION),
    },
    notify: {
      channelTimeoutMs: env.NOTIFY_CHANNEL_TIMEOUT_MS,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
      webhookUrl: env.WEBHOOK_URL,
      webhookSecret: env.WEBHOOK_SECRET,
    },
    email: {
      smtpUrl: env.SMTP_URL,
      from: env.EMAIL_FROM,
      digestWindowMs: parseDuration(env.EMAIL_DIGEST_WINDOW),
    },
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      devTokens: env.AUTH_DEV_TOKENS,
      writesPerMinute: env.RATE_LIMIT_WRITES_PER_MINUTE,
    },
  });
}
