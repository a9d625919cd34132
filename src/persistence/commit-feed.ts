import { Injectable } from '@nestjs/common';
import type { LoggedEvent } from './event-log.repository';
import { EventRelay } from './event-relay.service';
import { SideEffectRelay } from './side-effect-relay.service';

export type CommitObserver = (events: readonly LoggedEvent[]) => void;

/**
 * Where committed events go: the relays of this process, and observers (in a cluster, the
 * announcer that tells the other instances over Redis). Persistence knows nothing of Redis.
 */
@Injectable()
export class CommitFeed {
  private readonly observers: CommitObserver[] = [];

  constructor(
    private readonly relay: EventRelay,
    private readonly sideEffects: SideEffectRelay,
  ) {}

  /** This process has committed `events` (the outbox calls this before its callers resume). */
  committed(events: readonly LoggedEvent[]): void {
    if (events.length === 0) return;
    for (const observe of this.observers) observe(events); // first: the others wait on the wire
    this.toRelays(events);
  }

  /** Another instance has committed `events`: published here at once when they are next. */
  committedElsewhere(events: readonly LoggedEvent[]): void {
    this.toRelays(events);
  }

  observe(observer: CommitObserver): void {
    this.observers.push(observer);
  }

  private toRelays(events: readonly LoggedEvent[]): void {
    this.relay.publishCommitted(events);
    this.sideEffects.publishCommitted(events);
  }
}
