import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseDialect } from '../database.types';
import { initialSchema } from './001-initial-schema';
import { clusterIdentity } from './002-cluster-identity';
import { simulationSchedule } from './003-simulation-schedule';

/** Migrations in order; names sort lexically. Add new ones at the end, never edit an applied one. */
export function migrationProvider(dialect: DatabaseDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-initial-schema': initialSchema(dialect),
    '002-cluster-identity': clusterIdentity(),
    '003-simulation-schedule': simulationSchedule(),
  };
  return { getMigrations: async () => migrations };
}
