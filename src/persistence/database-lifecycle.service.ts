import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Database } from './database.types';
import { DATABASE } from './persistence.tokens';

/** Closes the database last: after every `beforeApplicationShutdown` hook has drained. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
