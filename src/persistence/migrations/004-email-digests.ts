import { Kysely, Migration } from 'kysely';

/** The notifications waiting in an e-mail digest (so a restart keeps them), or sent by one. */
export const emailDigests: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('email_digest_items')
      .addColumn('notification_id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('queued_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('message_id', 'varchar(255)')
      .addColumn('sent_at', 'varchar(32)')
      .execute();
    await db.schema
      .createIndex('email_digest_items_queued')
      .on('email_digest_items')
      .columns(['queued_at'])
      .execute();
  },
};
