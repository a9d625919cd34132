import { DEFAULT_MIGRATION_TABLE, Migrator, sql } from 'kysely';
import type { Database, DatabaseDialect } from './database.types';
import { migrationProvider } from './migrations';

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Database, dialect: DatabaseDialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    // Kysely looks for its lock table in every schema unless told which one; a database with
    // several schemas (parallel test runs, shared servers) would then skip creating its own.
    migrationTableSchema: dialect === 'postgres' ? await currentSchema(db) : undefined,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return results.map((result) => result.migrationName);
}

/**
 * The migrations of this build the database has not applied: none once `migrateToLatest` ran.
 * Reads Kysely's table itself (of the current schema), not `Migrator.getMigrations()`, which
 * introspects every table of every schema first.
 */
export async function pendingMigrations(db: Database, dialect: DatabaseDialect): Promise<string[]> {
  const known = Object.keys(await migrationProvider(dialect).getMigrations());
  const { rows } = await sql<{
    name: string;
  }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  return known.filter((name) => !applied.has(name));
}

async function currentSchema(db: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0].schema;
}
