import {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  SqliteDialect,
  SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Kysely's SQLite dialect, with every transaction `BEGIN IMMEDIATE`: it takes the write lock
 * when it begins, waiting (busy timeout) if the WAL checkpointer holds it. A deferred `BEGIN`
 * that has read first and then writes gets "database is locked" at once instead, busy timeout
 * or not (SQLite cannot wait there without risking a deadlock). Every Herald transaction
 * writes, and this connection is the only writer, so nothing is lost by locking at the start.
 */
export class SqliteImmediateDialect extends SqliteDialect {
  constructor(private readonly options: SqliteDialectConfig) {
    super(options);
  }

  override createDriver(): Driver {
    return new SqliteImmediateDriver(this.options);
  }
}

class SqliteImmediateDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
