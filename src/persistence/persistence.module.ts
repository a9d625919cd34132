import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../common';
import { createDatabase, DatabaseHandle } from './create-database';
import { DatabaseLifecycle } from './database-lifecycle.service';
import { EventLogPruner } from './event-log-pruner.service';
import { EventLogRepository } from './event-log.repository';
import { CommitFeed } from './commit-feed';
import { EventRelay } from './event-relay.service';
import { Leadership } from './leadership.service';
import { migrateToLatest } from './migrate';
import { Outbox } from './outbox';
import { DATABASE, DATABASE_DIALECT, DATABASE_HANDLE } from './persistence.tokens';
import { SideEffectRelay } from './side-effect-relay.service';
import { WalCheckpointer } from './wal-checkpointer';

/**
 * The database (migrated before anything uses it), the event log, its relays and pruner, and
 * which instance of a cluster leads.
 */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE_HANDLE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<DatabaseHandle> => {
        const handle = createDatabase(config.database.url);
        const applied = await migrateToLatest(handle.db, handle.dialect);
        if (applied.length > 0)
          new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
        return handle;
      },
    },
    { provide: DATABASE, inject: [DATABASE_HANDLE], useFactory: (h: DatabaseHandle) => h.db },
    {
      provide: DATABASE_DIALECT,
      inject: [DATABASE_HANDLE],
      useFactory: (h: DatabaseHandle) => h.dialect,
    },
    DatabaseLifecycle,
    WalCheckpointer,
    EventLogRepository,
    EventLogPruner,
    Leadership,
    EventRelay,
    SideEffectRelay,
    CommitFeed,
    Outbox,
  ],
  exports: [
    DATABASE,
    DATABASE_DIALECT,
    EventLogRepository,
    EventLogPruner,
    EventRelay,
    SideEffectRelay,
    CommitFeed,
    Leadership,
    Outbox,
  ],
})
export class PersistenceModule {}
