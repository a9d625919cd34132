import { Kysely, Migration } from 'kysely';

/**
 * A reference per delivery record (how the channel's receiver knows it: an e-mail's Message-ID),
 * and where each user's e-mail goes.
 */
export const deliveryReferencesAndAddresses: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('notification_deliveries').addColumn('reference', 'text').execute();
    await db.schema
      .createTable('notification_addresses')
      .addColumn('user_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('email', 'varchar(254)')
      .addColumn('token_email', 'varchar(254)')
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
};
