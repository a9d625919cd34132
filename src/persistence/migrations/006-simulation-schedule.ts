import { Kysely, Migration } from 'kysely';

/**
 * Running simulations, for a cluster: one row per order with its step time and when its next
 * step is due, so any instance can take a step (and a dead instance's simulations go on). One
 * process keeps them in memory and leaves this table empty.
 */
export function simulationSchedule(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('simulations')
        .addColumn('order_id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('step_ms', 'integer', (c) => c.notNull())
        .addColumn('due_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('simulations_due').on('simulations').column('due_at').execute();
    },
  };
}
