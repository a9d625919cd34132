import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { sql } from 'kysely';
import {
  DATABASE,
  DATABASE_DIALECT,
  Database,
  DatabaseDialect,
  pendingMigrations,
} from '../persistence';
import { answerWithin, CHECK_TIMEOUT_MS } from './answer-within';

/** Readiness of the database: it answers, and its schema is the one this build expects. */
@Injectable()
export class DatabaseIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(DATABASE_DIALECT) private readonly dialect: DatabaseDialect,
  ) {}

  async reachable(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await answerWithin(sql`select 1`.execute(this.db), CHECK_TIMEOUT_MS, 'The database');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async migrated(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    try {
      const pending = await answerWithin(
        pendingMigrations(this.db, this.dialect),
        CHECK_TIMEOUT_MS,
        'The database',
      );
      if (pending.length === 0) return check.up();
      return check.down({ pending, message: `not applied: ${pending.join(', ')}` });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
