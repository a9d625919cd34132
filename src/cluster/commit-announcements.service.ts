import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommitFeed, type LoggedEvent } from '../persistence';
import { Cluster } from './cluster';

const COMMITS = 'commits';

/**
 * Tells the other instances what this one committed (a Redis PUBLISH right after the commit,
 * with the events and their sequences) and hands what they committed to this instance's
 * relays. The message is a wake-up with a shortcut: a relay publishes the events at once when
 * they are the next ones after its cursor, and otherwise reads the log from PostgreSQL, so a
 * message lost or out of order (two instances committing at once) costs a read, never an id.
 */
@Injectable()
export class CommitAnnouncements implements OnModuleInit {
  constructor(
    private readonly cluster: Cluster,
    private readonly commits: CommitFeed,
  ) {}

  onModuleInit(): void {
    if (!this.cluster.enabled) return;
    this.commits.observe((events) => this.cluster.publish(COMMITS, JSON.stringify(events)));
    this.cluster.subscribe(COMMITS, (payload) =>
      this.commits.committedElsewhere(toLoggedEvents(payload)),
    );
  }
}

/** Frozen like the events a read of the log gives. */
function toLoggedEvents(payload: string): LoggedEvent[] {
  const events = JSON.parse(payload) as LoggedEvent[];
  return events.map(({ type, event }) => ({ type, event: Object.freeze(event) }));
}
