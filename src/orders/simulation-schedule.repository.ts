import { Inject, Injectable } from '@nestjs/common';
import type { Correlation } from '../common';
import {
  DATABASE,
  DATABASE_DIALECT,
  Database,
  DatabaseDialect,
  Transactional,
} from '../persistence';

export interface ScheduledStep {
  orderId: string;
  stepMs: number;
  dueAt: string;
  /** The request that started the simulation, kept for the steps any instance takes. */
  correlation: Correlation;
}

/** The `simulations` table: running simulations and their next step, shared by the cluster. */
@Injectable()
export class SimulationSchedule {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_DIALECT) private readonly dialect: DatabaseDialect,
  ) {}

  /** Schedules a new simulation; false when the order already has one. */
  async add(step: ScheduledStep): Promise<boolean> {
    const { numInsertedOrUpdatedRows } = await this.db
      .insertInto('simulations')
      .values(toRow(step))
      .onConflict((conflict) => conflict.column('order_id').doNothing())
      .executeTakeFirst();
    return Number(numInsertedOrUpdatedRows) === 1;
  }

  /**
   * The order's step, locked for the caller's transaction, or undefined when there is none or
   * another instance holds it right now (PostgreSQL `FOR UPDATE SKIP LOCKED`: whoever gets the
   * row takes the step, the others go on; SQLite has one writer).
   */
  async claim(trx: Transactional, orderId: string): Promise<ScheduledStep | undefined> {
    let query = trx.selectFrom('simulations').selectAll().where('order_id', '=', orderId);
    if (this.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const row = await query.executeTakeFirst();
    return (
      row && {
        orderId,
        stepMs: row.step_ms,
        dueAt: row.due_at,
        correlation: correlationOf(row.correlation_id ?? orderId, row.traceparent),
      }
    );
  }

  /** Orders whose step was due before `before`, oldest first. */
  async dueBefore(before: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('simulations')
      .select('order_id')
      .where('due_at', '<', before)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.order_id);
  }

  async reschedule(trx: Transactional, step: ScheduledStep): Promise<void> {
    await trx
      .updateTable('simulations')
      .set({ due_at: step.dueAt })
      .where('order_id', '=', step.orderId)
      .execute();
  }

  /** Ends the simulation; gives back the id of the request that started it, for the log. */
  async remove(trx: Transactional, orderId: string): Promise<string | undefined> {
    const row = await trx
      .deleteFrom('simulations')
      .where('order_id', '=', orderId)
      .returning('correlation_id')
      .executeTakeFirst();
    return row?.correlation_id ?? undefined;
  }
}

function toRow(step: ScheduledStep) {
  return {
    order_id: step.orderId,
    step_ms: step.stepMs,
    due_at: step.dueAt,
    correlation_id: step.correlation.correlationId,
    traceparent: step.correlation.traceparent ?? null,
  };
}

/** A row from before migration 007 has no request: its steps correlate with the order. */
function correlationOf(correlationId: string, traceparent: string | null): Correlation {
  return traceparent === null ? { correlationId } : { correlationId, traceparent };
}
