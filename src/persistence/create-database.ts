import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool, types } from 'pg';
import type { DatabaseDialect, HeraldDatabase } from './database.types';
import { SqliteImmediateDialect } from './sqlite-immediate-dialect';
import { StatementCache } from './statement-cache';

// Sequence numbers are BIGINT in PostgreSQL; they stay far below 2^53, so read them as numbers.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export interface DatabaseHandle {
  db: Kysely<HeraldDatabase>;
  dialect: DatabaseDialect;
  /** The SQLite database's file; none for PostgreSQL or an in-memory database. */
  sqliteFile?: string;
}

/** `sqlite:<path>` (`sqlite::memory:` too) or `postgres://…`. The SQLite directory is created. */
export function createDatabase(url: string): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return {
      db: new Kysely({
        dialect: new SqliteImmediateDialect({ database: new StatementCache(sqlite) }),
      }),
      dialect: 'sqlite',
      ...(file === ':memory:' ? {} : { sqliteFile: file }),
    };
  }
  const pool = new Pool({ connectionString: url, max: 10 });
  // A lost connection must fail a query (503 DATABASE.UNAVAILABLE), not the process. pg-pool
  // listens for the errors of idle clients only, and emits them as its own 'error': without a
  // listener each is an uncaught exception, as is a client's error while it is checked out
  // between two queries (a transaction). The query on it then fails, and the pool drops a
  // client that errored when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
