import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DATABASE, Database, HeraldDatabase, ReusedQuery } from '../../persistence';
import type { Notification, NotificationDraft, NotificationSeverity } from '../notification';

type NotificationRow = Selectable<HeraldDatabase['notifications']>;

/** A notification as its owner sees it in the inbox. */
export type InboxItem = Notification & { readAt: string | null };

export interface InboxFilter {
  unreadOnly: boolean;
  limit: number;
  beforeSequence?: number;
}

/** Rows per INSERT at most: 12 parameters each, far below SQLite's and PostgreSQL's limits. */
const MAX_ROWS_PER_INSERT = 500;

/** A draft once stored: the row as the inbox holds it, and whether this store created it. */
export interface StoredNotification {
  notification: Notification;
  isNew: boolean;
}

/** The notifications table: each user's inbox, and the source of their stream's replay. */
@Injectable()
export class InboxRepository {
  private readonly insertNew = new ReusedQuery(
    'store notifications',
    (db, rows: Insertable<HeraldDatabase['notifications']>[]) =>
      db
        .insertInto('notifications')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll(),
  );

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Stores each draft once per id, up to 500 rows per statement, and returns them in the drafts'
   * order with their seq (given in that order too). `isNew` is false for a row that was there already
   * (a re-emitted event, or the same id earlier in `drafts`), the only case where deliveries may
   * exist for it.
   */
  async storeAll(drafts: readonly NotificationDraft[]): Promise<StoredNotification[]> {
    const inserted = new Map<string, NotificationRow>();
    for (let start = 0; start < drafts.length; start += MAX_ROWS_PER_INSERT) {
      const batch = drafts.slice(start, start + MAX_ROWS_PER_INSERT).map(toRow);
      const { rows } = await this.insertNew.execute(this.db, batch);
      for (const row of rows) inserted.set(row.id, row);
    }
    const missing = drafts.filter(({ id }) => !inserted.has(id)).map(({ id }) => id);
    const existing = new Map<string, NotificationRow>();
    if (missing.length > 0) {
      const rows = await this.db
        .selectFrom('notifications')
        .selectAll()
        .where('id', 'in', [...new Set(missing)])
        .execute();
      for (const row of rows) existing.set(row.id, row);
    }
    const seen = new Set<string>();
    return drafts.map(({ id }) => {
      const row = inserted.get(id) ?? existing.get(id);
      if (!row) throw new Error(`notification ${id} was neither inserted nor found`);
      const isNew = inserted.has(id) && !seen.has(id);
      seen.add(id);
      return { notification: toNotification(row), isNew };
    });
  }

  /** Any user's notification, for the system's own bookkeeping (never for an API caller). */
  async get(id: string): Promise<Notification | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toNotification(row);
  }

  async find(userId: string, id: string): Promise<InboxItem | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toItem(row);
  }

  /** Newest first, keyset-paginated on seq. */
  async list(userId: string, filter: InboxFilter): Promise<InboxItem[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (filter.unreadOnly) query = query.where('read_at', 'is', null);
    if (filter.beforeSequence !== undefined) query = query.where('seq', '<', filter.beforeSequence);
    const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
    return rows.map(toItem);
  }

  async countUnread(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Marks read (keeping the first read time); undefined when the user has no such one. */
  async markRead(userId: string, id: string, at: string): Promise<InboxItem | undefined> {
    await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .execute();
    return this.find(userId, id);
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * The user's notifications after `afterSequence`, oldest first, but for those `channel` was
   * told to skip (turned off by the user): the replay of that channel's stream.
   */
  async readAfter(
    userId: string,
    afterSequence: number,
    limit: number,
    channel: string,
  ): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('seq', '>', afterSequence)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notification_deliveries')
              .select('notification_deliveries.id')
              .whereRef('notification_deliveries.notification_id', '=', 'notifications.id')
              .where('notification_deliveries.channel', '=', channel)
              .where('notification_deliveries.outcome', '=', 'skipped'),
          ),
        ),
      )
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }

  /** The user's oldest and newest sequence (newest 0 when the inbox is empty). */
  async bounds(userId: string): Promise<{ oldest?: number; newest: number }> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => [eb.fn.min('seq').as('oldest'), eb.fn.max('seq').as('newest')])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return {
      oldest: row?.oldest == null ? undefined : Number(row.oldest),
      newest: Number(row?.newest ?? 0),
    };
  }
}

function toRow(draft: NotificationDraft): Insertable<HeraldDatabase['notifications']> {
  return {
    id: draft.id,
    user_id: draft.userId,
    type: draft.type,
    title: draft.title,
    body: draft.body,
    severity: draft.severity,
    order_id: draft.orderId,
    data: JSON.stringify(draft.data),
    created_at: draft.createdAt,
    read_at: null,
    correlation_id: draft.correlationId,
    traceparent: draft.traceparent,
  };
}

function toItem(row: NotificationRow): InboxItem {
  return { ...toNotification(row), readAt: row.read_at };
}

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    sequence: Number(row.seq),
    userId: row.user_id,
    type: row.type,
    title: row.title,
    body: row.body,
    severity: row.severity as NotificationSeverity,
    orderId: row.order_id,
    data: JSON.parse(row.data),
    createdAt: row.created_at,
    // Stored before migration 007: its id is its event's, which correlates with itself.
    correlationId: row.correlation_id ?? row.id,
    traceparent: row.traceparent,
  };
}
