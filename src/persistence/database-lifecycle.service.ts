import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Database } from './database.types';
import { Outbox } from './outbox';
import { DATABASE } from './persistence.tokens';
import { WalCheckpointer } from './wal-checkpointer';

/**
 * Closes the database last: after every `beforeApplicationShutdown` hook has drained and the
 * HTTP server has closed, once the units of work already asked for have settled.
 */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly checkpointer: WalCheckpointer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.settled();
    await this.checkpointer.stop();
    await this.db.destroy();
  }
}
