import { Kysely, Migration } from 'kysely';

/**
 * The request that caused each event, notification and delivery (its `X-Request-Id`), so one
 * request can be followed through the records; and a simulation's, for the steps it takes in a
 * cluster. Rows written before this are left null: nothing knows their request any more.
 */
export const correlationIds: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('event_log').addColumn('correlation_id', 'varchar(128)').execute();
    for (const table of ['notifications', 'simulations']) {
      await db.schema.alterTable(table).addColumn('correlation_id', 'varchar(128)').execute();
      await db.schema.alterTable(table).addColumn('traceparent', 'varchar(256)').execute();
    }
    await db.schema
      .alterTable('notification_deliveries')
      .addColumn('correlation_id', 'varchar(128)')
      .execute();
  },
};
