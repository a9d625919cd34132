import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, Database, ReusedQuery } from '../persistence';

export type ChannelSwitches = Record<string, boolean>;

export interface StoredPreferences {
  channels: ChannelSwitches;
  updatedAt: string | null;
}

/** `notification_preferences`: one row per user who ever changed something. */
@Injectable()
export class PreferencesRepository {
  private readonly selectSwitches = new ReusedQuery(
    'read preferences',
    (db, userIds: readonly string[]) =>
      db
        .selectFrom('notification_preferences')
        .select(['user_id', 'channels'])
        .where('user_id', 'in', userIds),
  );

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(userId: string): Promise<StoredPreferences> {
    const row = await this.db
      .selectFrom('notification_preferences')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row
      ? { channels: JSON.parse(row.channels), updatedAt: row.updated_at }
      : { channels: {}, updatedAt: null };
  }

  /** The stored switches of each of these users who has any. */
  async switchesOf(userIds: readonly string[]): Promise<Map<string, ChannelSwitches>> {
    if (userIds.length === 0) return new Map();
    const { rows } = await this.selectSwitches.execute(this.db, userIds);
    return new Map(rows.map((row) => [row.user_id, JSON.parse(row.channels) as ChannelSwitches]));
  }

  async save(userId: string, channels: ChannelSwitches, at: string): Promise<void> {
    const values = { channels: JSON.stringify(channels), updated_at: at };
    await this.db
      .insertInto('notification_preferences')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }
}
