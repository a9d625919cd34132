import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import type { Database, HeraldDatabase } from './database.types';
import { AppendedEvent, EventLogRepository } from './event-log.repository';
import { EventRelay } from './event-relay.service';
import { DATABASE } from './persistence.tokens';

export type Transactional = Transaction<HeraldDatabase>;
export type RecordEvent = (entry: AppendedEvent) => Promise<void>;

/**
 * Runs a unit of work and the events it raises in one transaction, then wakes the relay.
 * Nothing is published unless the state change that raised it committed.
 */
@Injectable()
export class Outbox {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly eventLog: EventLogRepository,
    private readonly relay: EventRelay,
  ) {}

  async commit<T>(work: (trx: Transactional, record: RecordEvent) => Promise<T>): Promise<T> {
    const result = await this.db
      .transaction()
      .execute((trx) => work(trx, (entry) => this.eventLog.append(trx, entry)));
    this.relay.kick();
    return result;
  }
}
