import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher } from '@nestjs/event-emitter';
import { AppConfig } from '../common';
import { EventLogRepository } from './event-log.repository';
import { LogRelay } from './log-relay';
import { followingTheLog, publishingEverything } from './relay-policy';

/**
 * This process's relay. Alone, it publishes every event to every listener and marks the log
 * (at start-up it first publishes what a previous process left unpublished). In a cluster it
 * follows the log for this instance's own `@OnEveryInstance` listeners (its hub) and marks
 * nothing; the leader's `SideEffectRelay` does the side effects and the marking.
 */
@Injectable()
export class EventRelay extends LogRelay implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly eventLog: EventLogRepository,
    bus: EventEmitter2,
    listenersReady: EventEmitterReadinessWatcher,
    config: AppConfig,
  ) {
    const policy = config.cluster.redisUrl ? followingTheLog : publishingEverything;
    super(policy(eventLog), bus, listenersReady, EventRelay.name);
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /**
   * Stops before any beforeApplicationShutdown hook, so nothing is relayed to listeners that are
   * stopping (the notification channels). What commits after this stays unpublished in the log
   * and is relayed by the next process at start-up (or the cluster's leader).
   */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Events committed to the log that this process has not published yet (readiness). */
  async lag(): Promise<number> {
    return Math.max(0, (await this.eventLog.lastSequence()) - this.publishedUpTo);
  }
}
