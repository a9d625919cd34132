import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { RecentlyUsed } from './recently-used';

const MAX_STATEMENTS = 500;

/**
 * better-sqlite3 behind Kysely's SqliteDialect, reusing prepared statements. Kysely prepares
 * every query it runs, and preparing is a tenth of the CPU of a write-heavy run; the same few
 * dozen SQL strings recur, beside batch statements whose SQL varies with their row count.
 * Safe because Kysely's SQLite driver runs one query at a time and never leaves a statement
 * mid-iteration. Bounded; the least recently used goes first, so the varying ones do not push
 * out the hot ones (which recur far more often than 500 other statements run).
 */
export class StatementCache implements SqliteDatabase {
  private readonly statements = new RecentlyUsed<string, SqliteStatement>(MAX_STATEMENTS);

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql) as unknown as SqliteStatement;
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}
