import { Kysely, Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../database.types';

/** Orders, the durable event log (outbox), and the notification inbox with its delivery records. */
export function initialSchema(dialect: DatabaseDialect): Migration {
  // A sequence column that only ever grows: SQLite's AUTOINCREMENT never reuses a deleted id.
  const sequence =
    dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('orders')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('total_cents', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('orders_customer_created')
        .on('orders')
        .columns(['customer_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('orders_status_created')
        .on('orders')
        .columns(['status', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('orders_created')
        .on('orders')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('event_log')
        .addColumn('seq', sequence)
        .addColumn('event_id', 'varchar(36)', (c) => c.notNull().unique())
        .addColumn('type', 'varchar(64)', (c) => c.notNull())
        .addColumn('aggregate_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('published_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('event_log_aggregate')
        .on('event_log')
        .columns(['aggregate_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('event_log_occurred')
        .on('event_log')
        .columns(['occurred_at'])
        .execute();

      await db.schema
        .createTable('notifications')
        .addColumn('seq', sequence)
        .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('type', 'varchar(64)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('severity', 'varchar(16)', (c) => c.notNull())
        .addColumn('order_id', 'varchar(36)')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('read_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('notifications_user')
        .on('notifications')
        .columns(['user_id', 'seq'])
        .execute();

      await db.schema
        .createTable('notification_deliveries')
        .addColumn('id', sequence)
        .addColumn('notification_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('channel', 'varchar(64)', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('attempted_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('notification_deliveries_attempt', [
          'notification_id',
          'channel',
          'attempt',
        ])
        .execute();

      await db.schema
        .createTable('notification_preferences')
        .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  };
}
