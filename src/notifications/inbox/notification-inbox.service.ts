import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, isAdmin } from '../../auth';
import { DeliveriesRepository } from '../delivery/deliveries.repository';
import type { DeliveryRecord } from '../delivery/delivery-record';
import { NotificationNotFoundError } from '../notifications.errors';
import { decodeInboxCursor, encodeInboxCursor } from './inbox-cursor';
import { InboxItem, InboxRepository } from './inbox.repository';

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
}

export interface InboxQuery {
  unread?: boolean;
  limit: number;
  cursor?: string;
}

/** A user's inbox. Someone else's notification is answered as not found: ids reveal nothing. */
@Injectable()
export class NotificationInbox {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  async list(userId: string, query: InboxQuery): Promise<InboxPage> {
    const items = await this.inbox.list(userId, {
      unreadOnly: query.unread === true,
      limit: query.limit,
      beforeSequence: query.cursor ? decodeInboxCursor(query.cursor) : undefined,
    });
    const last = items.at(-1);
    return {
      items,
      nextCursor: last && items.length === query.limit ? encodeInboxCursor(last.sequence) : null,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.inbox.countUnread(userId);
  }

  async markRead(userId: string, id: string): Promise<InboxItem> {
    const item = await this.inbox.markRead(userId, id, new Date().toISOString());
    if (!item) throw new NotificationNotFoundError(id);
    return item;
  }

  markAllRead(userId: string): Promise<number> {
    return this.inbox.markAllRead(userId, new Date().toISOString());
  }

  /**
   * Every delivery record (decisions and attempts) of the caller's notification; admins may read
   * anyone's. Empty, not 404, for a notification whose first records are not written yet.
   */
  async deliveriesOf(caller: AuthenticatedUser, id: string): Promise<DeliveryRecord[]> {
    const notification = isAdmin(caller)
      ? await this.inbox.get(id)
      : await this.inbox.find(caller.id, id);
    if (!notification) throw new NotificationNotFoundError(id);
    return this.deliveries.list(id);
  }
}
