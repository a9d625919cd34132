import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseDialect } from '../database.types';
import { initialSchema } from './001-initial-schema';
import { eventLogByUser } from './002-event-log-by-user';
import { deliveryReferencesAndAddresses } from './003-delivery-references-and-addresses';
import { emailDigests } from './004-email-digests';
import { clusterIdentity } from './005-cluster-identity';
import { simulationSchedule } from './006-simulation-schedule';
import { correlationIds } from './007-correlation-ids';

/** Migrations in order; names sort lexically. Add new ones at the end, never edit an applied one. */
export function migrationProvider(dialect: DatabaseDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-initial-schema': initialSchema(dialect),
    '002-event-log-by-user': eventLogByUser,
    '003-delivery-references-and-addresses': deliveryReferencesAndAddresses,
    '004-email-digests': emailDigests,
    '005-cluster-identity': clusterIdentity(),
    '006-simulation-schedule': simulationSchedule(),
    '007-correlation-ids': correlationIds,
  };
  return { getMigrations: async () => migrations };
}
