import { Kysely, Migration } from 'kysely';

/** A customer's feed replays their events only: `user_id`, in sequence order. */
export const eventLogByUser: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('event_log_user')
      .on('event_log')
      .columns(['user_id', 'seq'])
      .execute();
  },
};
