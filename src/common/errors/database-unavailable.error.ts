import { DomainError } from './domain-error';

/** How long a client should wait before trying again; the pool reconnects on the next query. */
const RETRY_AFTER_S = 5;

/** Socket errors of a database connection that was refused, cut or never answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server that is down or not taking connections: class 08, 57P01–57P03, 53300. */
const SERVER_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
/** node-postgres' own words for a connection that ended or could not be made in time. */
const PG_CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * 503 for a request that failed because the database (PostgreSQL) cannot be reached: not the
 * caller's fault and not a bug, so not a 500. Nothing was written; the client may try again.
 */
export class DatabaseUnavailableError extends DomainError {
  constructor() {
    super(
      'DATABASE.UNAVAILABLE',
      503,
      'Database unavailable',
      'The database cannot be reached right now; nothing was changed. Try again shortly.',
      {},
      { 'Retry-After': String(RETRY_AFTER_S) },
    );
  }

  /** Whether `error` says the database connection failed (rather than the query). */
  static isCause(error: unknown): boolean {
    if (!(error instanceof Error)) return false;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_UNAVAILABLE.test(code))) {
      return true;
    }
    return PG_CONNECTION_LOST.test(error.message);
  }
}
