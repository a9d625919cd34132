import { EventLogRepository, LoggedEvent } from './event-log.repository';
import { everyInstance } from './every-instance';

/** What a relay reads, which bus names it emits under, and what it does once a batch is handled. */
export interface RelayPolicy {
  /** The sequence after which the relay starts reading. */
  startCursor(): Promise<number>;
  /** The next events after `afterSequence`, oldest first, at most `limit`. */
  read(afterSequence: number, limit: number): Promise<LoggedEvent[]>;
  /** The names one event of `type` is emitted under, in order. */
  namesOf(type: string): readonly string[];
  /** Runs once every listener has handled the batch: marks it published, or nothing. */
  settle(batch: readonly LoggedEvent[]): Promise<void>;
}

/** Names per type, built once: the relay asks for every event. */
function namesBy(build: (type: string) => readonly string[]): (type: string) => readonly string[] {
  const names = new Map<string, readonly string[]>();
  return (type) => {
    let found = names.get(type);
    if (!found) names.set(type, (found = build(type)));
    return found;
  };
}

/** Reads what is unpublished and marks it published once handled: at-least-once, in log order. */
function publishing(eventLog: EventLogRepository, build: (type: string) => readonly string[]) {
  return {
    // The last sequence first: an event committed between the two reads is then either
    // unpublished in the second one or after the first, never skipped.
    async startCursor(): Promise<number> {
      const last = await eventLog.lastSequence();
      const firstUnpublished = await eventLog.firstUnpublishedSequence();
      return firstUnpublished === undefined ? last : Math.min(firstUnpublished - 1, last);
    },
    read: (afterSequence: number, limit: number) => eventLog.readUnpublished(afterSequence, limit),
    namesOf: namesBy(build),
    settle: (batch: readonly LoggedEvent[]) =>
      eventLog.markPublished(
        batch.map(({ event }) => event.sequence),
        new Date().toISOString(),
      ),
  };
}

/** One process: every listener, hub and side effects alike; the process marks the log. */
export const publishingEverything = (eventLog: EventLogRepository): RelayPolicy =>
  publishing(eventLog, (type) => [everyInstance(type), type]);

/** The cluster's leader: side effects only (every instance feeds its own hub); it marks the log. */
export const publishingSideEffects = (eventLog: EventLogRepository): RelayPolicy =>
  publishing(eventLog, (type) => [type]);

/**
 * Every instance of a cluster: follows the whole log from where it stood at start-up (its hub
 * has no subscriber before; they replay the past from the log), never marks.
 */
export const followingTheLog = (eventLog: EventLogRepository): RelayPolicy => ({
  startCursor: () => eventLog.lastSequence(),
  read: (afterSequence, limit) => eventLog.readAfter(afterSequence, limit),
  namesOf: namesBy((type) => [everyInstance(type)]),
  settle: async () => undefined,
});
