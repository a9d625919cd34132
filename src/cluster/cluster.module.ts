import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../common';
import { DATABASE, Database } from '../persistence';
import { Cluster } from './cluster';
import { ClusterStreamSlots } from './cluster-stream-slots.service';
import { CommitAnnouncements } from './commit-announcements.service';

/**
 * Several instances on one PostgreSQL (REDIS_URL set): Redis carries each commit to the other
 * instances at once, and holds the cluster-wide counters. Inactive with one process.
 */
@Global()
@Module({
  providers: [
    {
      provide: Cluster,
      inject: [AppConfig, DATABASE],
      useFactory: (config: AppConfig, db: Database) => Cluster.join(config, db),
    },
    CommitAnnouncements,
    ClusterStreamSlots,
  ],
  exports: [Cluster, ClusterStreamSlots],
})
export class ClusterModule {}
