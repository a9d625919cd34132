import { Inject, Injectable } from '@nestjs/common';
import { SerialBatches } from '../../common';
import { DATABASE, Database, ReusedQuery } from '../../persistence';
import type { ChannelProgress, DeliveryOutcome, DeliveryRecord } from './delivery-record';

/** Rows per INSERT at most: 8 parameters each, far below SQLite's and PostgreSQL's limits. */
const MAX_ROWS_PER_INSERT = 500;

interface PendingRecord {
  entry: DeliveryRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** `notification_deliveries`: one row per attempt, unique per (notification, channel, attempt). */
@Injectable()
export class DeliveriesRepository {
  private readonly batches = new SerialBatches<PendingRecord>((pending) =>
    this.writePending(pending),
  );

  private readonly insertRows = new ReusedQuery(
    'record deliveries',
    (db, rows: ReturnType<typeof toRow>[]) =>
      db
        .insertInto('notification_deliveries')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['notification_id', 'channel', 'attempt'])
            .doUpdateSet((eb) => ({
              outcome: eb.ref('excluded.outcome'),
              error: eb.ref('excluded.error'),
              reference: eb.ref('excluded.reference'),
              attempted_at: eb.ref('excluded.attempted_at'),
            }))
            .where('notification_deliveries.attempt', '=', 0),
        ),
  );

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Records an attempt or a decision (see `insert`); resolves once it is stored. Recording the
   * same attempt again (a re-emitted event) changes nothing; a decision replaces the previous
   * one. Every notification makes a record per channel at about the same moment, so the records
   * of one turn of the event loop are written together, in one statement, instead of one
   * autocommitted insert each. Batches are written one after another, never two at once: rows
   * get their ids in the order they were recorded (on PostgreSQL two concurrent inserts on two
   * pooled connections could give a send's attempt a smaller id than the decision recorded
   * before it), and records that arrive during a write join the next batch.
   */
  record(entry: DeliveryRecord): Promise<void> {
    return new Promise((resolve, reject) => this.batches.add({ entry, resolve, reject }));
  }

  private async writePending(pending: PendingRecord[]): Promise<void> {
    for (let start = 0; start < pending.length; start += MAX_ROWS_PER_INSERT)
      await this.writeBatch(pending.slice(start, start + MAX_ROWS_PER_INSERT));
  }

  private async writeBatch(batch: PendingRecord[]): Promise<void> {
    try {
      await this.insert(batch.map(({ entry }) => entry));
      for (const { resolve } of batch) resolve();
    } catch {
      // One bad row must not fail the others' callers (and hold up the relay): one by one.
      for (const { entry, resolve, reject } of batch) {
        await this.insert([entry]).then(resolve, reject);
      }
    }
  }

  /**
   * Attempts (1, 2, …) are facts: written once, the first one wins. Attempt 0 is the fan-out's
   * decision for the channel (`queued` or `skipped`), which a later publish of the same
   * notification may change (the user switched the channel in between): the latest one wins.
   * One statement either way; a key appears in it at most once (PostgreSQL refuses to update a
   * row twice in one statement).
   */
  private async insert(entries: DeliveryRecord[]): Promise<void> {
    const rows = new Map<string, DeliveryRecord>();
    for (const entry of entries) {
      const key = `${entry.notificationId}:${entry.channel}:${entry.attempt}`;
      if (entry.attempt === 0 || !rows.has(key)) rows.set(key, entry);
    }
    await this.insertRows.execute(this.db, [...rows.values()].map(toRow));
  }

  /** Every record of a notification, in the order they were written. */
  async list(notificationId: string): Promise<DeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('notification_id', '=', notificationId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      notificationId: row.notification_id,
      channel: row.channel,
      attempt: row.attempt,
      outcome: row.outcome as DeliveryOutcome,
      error: row.error,
      reference: row.reference,
      attemptedAt: row.attempted_at,
      correlationId: row.correlation_id,
    }));
  }

  /** Per channel: delivered already, and how many attempts were made (a restart continues). */
  async progress(notificationId: string): Promise<Map<string, ChannelProgress>> {
    const progress = new Map<string, ChannelProgress>();
    for (const record of await this.list(notificationId)) {
      const current = progress.get(record.channel) ?? { succeeded: false, attempts: 0 };
      progress.set(record.channel, {
        succeeded: current.succeeded || isDone(record.outcome, record.attempt),
        attempts: Math.max(current.attempts, record.attempt),
      });
    }
    return progress;
  }

  /**
   * Ids of the newest notifications created since `since` (at most `limit`) with every record
   * they have, for finding deliveries a previous process left unfinished.
   */
  async recentProgress(
    since: string,
    limit: number,
  ): Promise<Map<string, Map<string, ChannelProgress>>> {
    const recent = await this.db
      .selectFrom('notifications')
      .select('id')
      .where('created_at', '>=', since)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    const byNotification = new Map<string, Map<string, ChannelProgress>>(
      recent.map(({ id }) => [id, new Map()]),
    );
    if (recent.length === 0) return byNotification;
    const rows = await this.db
      .selectFrom('notification_deliveries')
      .select(['notification_id', 'channel', 'attempt', 'outcome'])
      .where('notification_id', 'in', [...byNotification.keys()])
      .execute();
    for (const row of rows) {
      const channels = byNotification.get(row.notification_id)!;
      const current = channels.get(row.channel) ?? { succeeded: false, attempts: 0 };
      channels.set(row.channel, {
        // Skipped by the user's switch too: a start-up does not resume what the user turned off.
        succeeded: current.succeeded || row.outcome === 'succeeded' || row.outcome === 'skipped',
        attempts: Math.max(current.attempts, row.attempt),
      });
    }
    return byNotification;
  }
}

/** Delivered, or skipped by the channel in an attempt (attempt 0's skip is a switch that may flip). */
const isDone = (outcome: string, attempt: number) =>
  outcome === 'succeeded' || (outcome === 'skipped' && attempt > 0);

function toRow(entry: DeliveryRecord) {
  return {
    notification_id: entry.notificationId,
    channel: entry.channel,
    attempt: entry.attempt,
    outcome: entry.outcome,
    error: entry.error,
    reference: entry.reference,
    attempted_at: entry.attemptedAt,
    correlation_id: entry.correlationId,
  };
}
