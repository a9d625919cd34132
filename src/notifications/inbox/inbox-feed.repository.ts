import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, Database } from '../../persistence';
import type { Notification } from '../notification';
import { toNotification } from './inbox.repository';

/**
 * What a channel decided for a notification: it was handed to it (`send`), the user had it
 * turned off (`skipped`), or the publisher has not got to it yet (`undecided`: no record).
 */
export type ChannelDecision = 'send' | 'skipped' | 'undecided';

export interface FedNotification {
  notification: Notification;
  decision: ChannelDecision;
}

/** Every user's inbox as one feed in sequence order, for following it (InboxFollower). */
@Injectable()
export class InboxFeedRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The newest sequence in the inbox (0 when empty). */
  async lastSequence(): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.max('seq').as('newest'))
      .executeTakeFirst();
    return Number(row?.newest ?? 0);
  }

  /** Notifications after `afterSequence`, oldest first, with what `channel` decided for each. */
  async readAfter(
    afterSequence: number,
    limit: number,
    channel: string,
  ): Promise<FedNotification[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll('notifications')
      .select(({ exists, selectFrom }) => {
        const records = () =>
          selectFrom('notification_deliveries')
            .select('notification_deliveries.id')
            .whereRef('notification_deliveries.notification_id', '=', 'notifications.id')
            .where('notification_deliveries.channel', '=', channel);
        return [
          exists(records()).as('decided'),
          exists(records().where('notification_deliveries.outcome', '=', 'skipped')).as('skipped'),
        ];
      })
      .where('seq', '>', afterSequence)
      .orderBy('seq')
      .limit(limit)
      .execute();
    // PostgreSQL answers booleans, SQLite 0 and 1.
    return rows.map(({ decided, skipped, ...row }) => ({
      notification: toNotification(row),
      decision: !decided ? 'undecided' : skipped ? 'skipped' : 'send',
    }));
  }
}
