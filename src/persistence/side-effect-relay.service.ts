import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher } from '@nestjs/event-emitter';
import { AppConfig } from '../common';
import { EventLogRepository, LoggedEvent } from './event-log.repository';
import { Leadership } from './leadership.service';
import { LogRelay } from './log-relay';
import { publishingSideEffects } from './relay-policy';

/**
 * In a cluster, the leader's relay: publishes each event to the plain `@OnEvent` listeners
 * (side effects: notifications, channels) once for the whole cluster and marks the log, while
 * every instance's `EventRelay` feeds its own hub. A new leader starts after the published
 * prefix, so what the previous one left unpublished is published again (idempotent listeners).
 * Idle with one process, whose `EventRelay` does both.
 */
@Injectable()
export class SideEffectRelay implements OnApplicationBootstrap {
  private relay: LogRelay | undefined;

  constructor(
    private readonly eventLog: EventLogRepository,
    private readonly bus: EventEmitter2,
    private readonly listenersReady: EventEmitterReadinessWatcher,
    private readonly leadership: Leadership,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.cluster.redisUrl) return;
    this.leadership.whileLeading({ start: () => this.lead(), stop: () => this.stepDown() });
  }

  /** The sequence up to which this instance, as the leader, has published side effects. */
  get publishedUpTo(): number | undefined {
    return this.relay?.publishedUpTo;
  }

  /** Committed here or, told over Redis, on another instance: published at once when next. */
  publishCommitted(events: readonly LoggedEvent[]): void {
    this.relay?.publishCommitted(events);
  }

  private lead(): void {
    const policy = publishingSideEffects(this.eventLog);
    this.relay = new LogRelay(policy, this.bus, this.listenersReady, SideEffectRelay.name);
    this.relay.start();
  }

  private async stepDown(): Promise<void> {
    const relay = this.relay;
    this.relay = undefined;
    await relay?.stop();
  }
}
