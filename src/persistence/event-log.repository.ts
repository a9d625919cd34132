import { Inject, Injectable } from '@nestjs/common';
import { Selectable, sql, Transaction } from 'kysely';
import type { DomainEvent, Sequenced } from '../common';
import type { Database, DatabaseDialect, EventLogTable, HeraldDatabase } from './database.types';
import { DATABASE, DATABASE_DIALECT } from './persistence.tokens';

export interface AppendedEvent {
  type: string;
  userId: string;
  event: DomainEvent;
}

export interface LoggedEvent {
  type: string;
  event: Sequenced<DomainEvent>;
}

export interface EventLogQuery {
  afterSequence: number;
  aggregateId?: string;
  types?: readonly string[];
  limit: number;
}

// Any constant works; it names the lock that orders appends in PostgreSQL.
const APPEND_LOCK_KEY = 0x6865726c;

/** The durable, ordered log of domain events (the transactional outbox). */
@Injectable()
export class EventLogRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_DIALECT) private readonly dialect: DatabaseDialect,
  ) {}

  /**
   * Appends inside the caller's transaction. In PostgreSQL a transaction-scoped advisory lock
   * makes appends commit in sequence order, so a reader that has seen sequence N never later
   * finds a smaller one committed (SQLite has a single writer and needs no lock).
   */
  async append(trx: Transaction<HeraldDatabase>, entry: AppendedEvent): Promise<void> {
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(trx);
    }
    await trx
      .insertInto('event_log')
      .values({
        event_id: entry.event.eventId,
        type: entry.type,
        aggregate_id: entry.event.aggregateId,
        user_id: entry.userId,
        payload: JSON.stringify(entry.event),
        occurred_at: entry.event.occurredAt,
      })
      .execute();
  }

  async read(query: EventLogQuery): Promise<LoggedEvent[]> {
    let select = this.db
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', query.afterSequence)
      .orderBy('seq')
      .limit(query.limit);
    if (query.aggregateId) select = select.where('aggregate_id', '=', query.aggregateId);
    if (query.types) select = select.where('type', 'in', query.types);
    return (await select.execute()).map(toLoggedEvent);
  }

  async readUnpublished(afterSequence: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', afterSequence)
      .where('published_at', 'is', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toLoggedEvent);
  }

  async markPublished(sequences: number[], at: string): Promise<void> {
    if (sequences.length === 0) return;
    await this.db
      .updateTable('event_log')
      .set({ published_at: at })
      .where('seq', 'in', sequences)
      .execute();
  }

  /** The sequence of an aggregate's newest retained event, if any. */
  async lastSequenceOf(aggregateId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.max('seq').as('last'))
      .where('aggregate_id', '=', aggregateId)
      .executeTakeFirst();
    return row?.last == null ? undefined : Number(row.last);
  }

  /** The oldest event not yet published, if any. */
  async firstUnpublishedSequence(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.min('seq').as('first'))
      .where('published_at', 'is', null)
      .executeTakeFirst();
    return row?.first == null ? undefined : Number(row.first);
  }

  /** The highest sequence ever written (0 for an empty log). */
  async lastSequence(): Promise<number> {
    const row = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.max('seq').as('last'))
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  /** The oldest sequence still retained, or undefined for an empty log. */
  async firstSequence(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.min('seq').as('first'))
      .executeTakeFirst();
    return row?.first == null ? undefined : Number(row.first);
  }

  /** Deletes published events older than `before`; returns how many went. */
  async prune(before: string): Promise<number> {
    const result = await this.db
      .deleteFrom('event_log')
      .where('occurred_at', '<', before)
      .where('published_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toLoggedEvent(row: Selectable<EventLogTable>): LoggedEvent {
  return {
    type: row.type,
    event: Object.freeze({ ...JSON.parse(row.payload), sequence: Number(row.seq) }),
  };
}
