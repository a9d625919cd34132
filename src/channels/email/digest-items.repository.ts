import { Inject, Injectable } from '@nestjs/common';
import type { Notification } from '../../notifications';
import { DATABASE, Database } from '../../persistence';

/** A notification's place in the e-mail digests. */
export interface DigestItem {
  /** When it was first taken into a digest: its window counts from here, across restarts. */
  queuedAt: string;
  /** The Message-ID of the e-mail that carried it, once one did. */
  messageId: string | null;
}

/**
 * `email_digest_items`: which notifications wait for an e-mail, since when, and which e-mail
 * carried each. Kept two days after they were queued (a restart resumes a day back at most).
 */
@Injectable()
export class DigestItemsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Records the notification as waiting (once: a retry or a restart keeps its first time). */
  async take(notification: Notification, at: string): Promise<DigestItem> {
    await this.db
      .insertInto('email_digest_items')
      .values({ notification_id: notification.id, user_id: notification.userId, queued_at: at })
      .onConflict((oc) => oc.column('notification_id').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('email_digest_items')
      .select(['queued_at', 'message_id'])
      .where('notification_id', '=', notification.id)
      .executeTakeFirstOrThrow();
    return { queuedAt: row.queued_at, messageId: row.message_id };
  }

  async markSent(notificationIds: string[], messageId: string, at: string): Promise<void> {
    await this.db
      .updateTable('email_digest_items')
      .set({ message_id: messageId, sent_at: at })
      .where('notification_id', 'in', notificationIds)
      .execute();
  }

  async prune(before: string): Promise<void> {
    await this.db.deleteFrom('email_digest_items').where('queued_at', '<', before).execute();
  }
}
