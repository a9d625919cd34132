import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

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
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql); // Map order is the recency order
      this.statements.set(sql, statement);
    } else {
      statement = this.sqlite.prepare(sql) as unknown as SqliteStatement;
      if (this.statements.size >= MAX_STATEMENTS) {
        this.statements.delete(this.statements.keys().next().value!);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}
