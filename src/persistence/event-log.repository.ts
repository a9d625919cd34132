import { Inject, Injectable } from '@nestjs/common';
import { Insertable, Selectable, SelectQueryBuilder, sql, Transaction } from 'kysely';
import type { DomainEvent, Sequenced } from '../common';
import type { Database, DatabaseDialect, EventLogTable, HeraldDatabase } from './database.types';
import { DATABASE, DATABASE_DIALECT } from './persistence.tokens';
import { ReusedQuery } from './reused-query';

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
  /** Only the events of this user's aggregates (`user_id`: an order's customer). */
  userId?: string;
  types?: readonly string[];
  limit: number;
}

// Any constant works; it names the lock that orders appends in PostgreSQL.
const APPEND_LOCK_KEY = 0x6865726c;

/** The durable, ordered log of domain events (the transactional outbox). */
@Injectable()
export class EventLogRepository {
  private readonly insertEvent = new ReusedQuery(
    'append an event',
    (db, row: Insertable<EventLogTable>) => db.insertInto('event_log').values(row).returning('seq'),
  );
  private readonly selectUnpublished = new ReusedQuery(
    'read unpublished events',
    (db, { afterSequence, limit }: { afterSequence: number; limit: number }) =>
      db
        .selectFrom('event_log')
        .selectAll()
        .where('seq', '>', afterSequence)
        .where('published_at', 'is', null)
        .orderBy('seq')
        .limit(limit),
  );
  private readonly selectAfter = new ReusedQuery(
    'read events after a sequence',
    (db, { afterSequence, limit }: { afterSequence: number; limit: number }) =>
      db
        .selectFrom('event_log')
        .selectAll()
        .where('seq', '>', afterSequence)
        .orderBy('seq')
        .limit(limit),
  );
  private readonly updatePublished = new ReusedQuery(
    'mark events published',
    (db, { sequences, at }: { sequences: number[]; at: string }) =>
      db.updateTable('event_log').set({ published_at: at }).where('seq', 'in', sequences),
  );

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_DIALECT) private readonly dialect: DatabaseDialect,
  ) {}

  /**
   * Appends inside the caller's transaction, and gives back the event as a read of the log
   * will give it once committed. In PostgreSQL a transaction-scoped advisory lock makes appends
   * commit in sequence order, so a reader that has seen sequence N never later finds a smaller
   * one committed (SQLite has a single writer and needs no lock).
   */
  async append(trx: Transaction<HeraldDatabase>, entry: AppendedEvent): Promise<LoggedEvent> {
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(trx);
    }
    const payload = JSON.stringify(entry.event);
    const { rows } = await this.insertEvent.execute(trx, {
      event_id: entry.event.eventId,
      type: entry.type,
      aggregate_id: entry.event.aggregateId,
      user_id: entry.userId,
      payload,
      occurred_at: entry.event.occurredAt,
      correlation_id: entry.event.correlationId,
    });
    return loggedEvent(entry.type, payload, rows[0].seq);
  }

  async read(query: EventLogQuery): Promise<LoggedEvent[]> {
    let select = this.db
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', query.afterSequence)
      .orderBy('seq')
      .limit(query.limit);
    if (query.aggregateId) select = select.where('aggregate_id', '=', query.aggregateId);
    if (query.userId) select = select.where('user_id', '=', query.userId);
    if (query.types) select = select.where('type', 'in', query.types);
    return (await select.execute()).map(toLoggedEvent);
  }

  async readUnpublished(afterSequence: number, limit: number): Promise<LoggedEvent[]> {
    const { rows } = await this.selectUnpublished.execute(this.db, { afterSequence, limit });
    return rows.map(toLoggedEvent);
  }

  /** Every event after `afterSequence`, published or not (a cluster instance follows the log). */
  async readAfter(afterSequence: number, limit: number): Promise<LoggedEvent[]> {
    const { rows } = await this.selectAfter.execute(this.db, { afterSequence, limit });
    return rows.map(toLoggedEvent);
  }

  async markPublished(sequences: number[], at: string): Promise<void> {
    if (sequences.length === 0) return;
    await this.updatePublished.execute(this.db, { sequences, at });
  }

  /** The sequence of an aggregate's newest retained event, if any. */
  lastSequenceOf(aggregateId: string): Promise<number | undefined> {
    return this.sequenceBound('max', (query) => query.where('aggregate_id', '=', aggregateId));
  }

  /** The oldest event not yet published, if any. */
  firstUnpublishedSequence(): Promise<number | undefined> {
    return this.sequenceBound('min', (query) => query.where('published_at', 'is', null));
  }

  /** The highest sequence ever written (0 for an empty log). */
  async lastSequence(): Promise<number> {
    return (await this.sequenceBound('max')) ?? 0;
  }

  /** The oldest sequence still retained, or undefined for an empty log. */
  firstSequence(): Promise<number | undefined> {
    return this.sequenceBound('min');
  }

  /** `min` or `max` of `seq` over the (filtered) log; undefined when nothing matches. */
  private async sequenceBound(
    fn: 'min' | 'max',
    filter: (query: EventLogSelect) => EventLogSelect = (query) => query,
  ): Promise<number | undefined> {
    const row = await filter(this.db.selectFrom('event_log'))
      .select((eb) => eb.fn[fn]('seq').as('bound'))
      .executeTakeFirst();
    return row?.bound == null ? undefined : Number(row.bound);
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
  if (row.correlation_id === null) return legacyEvent(row);
  return loggedEvent(row.type, row.payload, row.seq);
}

/**
 * An event logged before correlation ids (migration 007): it correlates with itself, so that
 * what it causes still carries an id to follow, if no request's.
 */
function legacyEvent(row: Selectable<EventLogTable>): LoggedEvent {
  const event = { ...JSON.parse(row.payload), sequence: Number(row.seq) };
  event.correlationId ??= event.eventId;
  return { type: row.type, event: Object.freeze(event) };
}

/** From the stored payload, so that what was appended and what is read back are alike. */
function loggedEvent(type: string, payload: string, sequence: number): LoggedEvent {
  return {
    type,
    event: Object.freeze({ ...JSON.parse(payload), sequence: Number(sequence) }),
  };
}

type EventLogSelect = SelectQueryBuilder<HeraldDatabase, 'event_log', object>;
