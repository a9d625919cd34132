import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import { SerialBatches } from '../common';
import type { Database, DatabaseDialect, HeraldDatabase } from './database.types';
import { AppendedEvent, EventLogRepository, LoggedEvent } from './event-log.repository';
import { CommitFeed } from './commit-feed';
import { DATABASE, DATABASE_DIALECT } from './persistence.tokens';

export type Transactional = Transaction<HeraldDatabase>;
export type RecordEvent = (entry: AppendedEvent) => Promise<void>;
export type UnitOfWork<T> = (trx: Transactional, record: RecordEvent) => Promise<T>;

interface QueuedUnit {
  work: UnitOfWork<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs a unit of work and the events it raises in one transaction, then hands those events to
 * the relays (`CommitFeed.committed` → `EventRelay.publishCommitted`) before the unit's caller
 * resumes.
 * Nothing is published unless the state change that raised it committed. A unit of work uses
 * only the transaction it is given, and never calls `commit` itself.
 *
 * Group commit, on SQLite: the units asked for while the previous group commits, or in the same
 * turn of the event loop, share one transaction, each in a savepoint of its own, and one commit.
 * A commit writes every page its transaction touched to the WAL (~130 µs per order here), and
 * the orders of one turn touch mostly the same pages. A unit that fails is rolled back to its
 * savepoint and fails alone; if the commit fails, every unit of the group does. SQLite has one
 * connection and one writer, so the units ran one after another anyway. On PostgreSQL each unit
 * keeps a transaction of its own: the pool runs them side by side up to the append lock
 * (EventLogRepository.append), and grouping there is unmeasured.
 */
@Injectable()
export class Outbox {
  private readonly groups = new SerialBatches<QueuedUnit>((group) => this.commitQueued(group));
  private readonly unsettled = new Set<Promise<unknown>>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_DIALECT) private readonly dialect: DatabaseDialect,
    private readonly eventLog: EventLogRepository,
    private readonly commits: CommitFeed,
  ) {}

  commit<T>(work: UnitOfWork<T>): Promise<T> {
    const unit =
      this.dialect === 'postgres'
        ? this.commitOnItsOwn(work)
        : new Promise<T>((resolve, reject) =>
            this.groups.add({ work, resolve, reject } as QueuedUnit),
          );
    this.unsettled.add(unit);
    const settled = () => this.unsettled.delete(unit);
    unit.then(settled, settled);
    return unit;
  }

  /**
   * Resolves once every unit asked for so far has committed or failed. The database closes
   * after this (DatabaseLifecycle): a request still in its transaction at shutdown, or queued
   * for the next group, gets its answer instead of a closed connection.
   */
  async settled(): Promise<void> {
    while (this.unsettled.size > 0) await Promise.allSettled([...this.unsettled]);
  }

  private commitQueued(group: QueuedUnit[]): Promise<void> {
    return group.length === 1 ? this.commitAlone(group[0]) : this.commitGroup(group);
  }

  private async commitOnItsOwn<T>(work: UnitOfWork<T>): Promise<T> {
    const logged: LoggedEvent[] = [];
    const result = await this.db.transaction().execute((trx) => this.runIn(trx, work, logged));
    this.commits.committed(logged);
    return result;
  }

  private async commitAlone({ work, resolve, reject }: QueuedUnit): Promise<void> {
    const logged: LoggedEvent[] = [];
    let result;
    try {
      result = await this.db.transaction().execute((trx) => this.runIn(trx, work, logged));
    } catch (error) {
      return reject(error);
    }
    this.commits.committed(logged); // before the caller resumes: see EventRelay
    resolve(result);
  }

  private async commitGroup(group: QueuedUnit[]): Promise<void> {
    const committed: { resolve: QueuedUnit['resolve']; result: unknown }[] = [];
    const logged: LoggedEvent[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
      for (const { work, resolve, reject } of group) {
        const unit = await trx.savepoint('unit').execute();
        const unitLogged: LoggedEvent[] = [];
        try {
          const result = await this.runIn(unit, work, unitLogged);
          await unit.releaseSavepoint('unit').execute();
          committed.push({ resolve, result });
          logged.push(...unitLogged);
        } catch (error) {
          reject(error); // its own error, even if rolling back fails next
          const undone = await unit.rollbackToSavepoint('unit').execute();
          await undone.releaseSavepoint('unit').execute(); // rolling back keeps it on the stack
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined); // the connection is let go anyway
      for (const { reject } of group) reject(error); // a unit that failed alone keeps its error
      return;
    }
    this.commits.committed(logged);
    for (const { resolve, result } of committed) resolve(result);
  }

  /** The work, with its events appended in the same transaction and collected in `logged`. */
  private runIn<T>(trx: Transactional, work: UnitOfWork<T>, logged: LoggedEvent[]): Promise<T> {
    return work(trx, async (entry) => {
      logged.push(await this.eventLog.append(trx, entry));
    });
  }
}
