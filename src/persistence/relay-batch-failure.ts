import type { LoggedEvent } from './event-log.repository';

/** At most this many ids on the failure's log line: a batch holds up to 500 events. */
const MAX_IDS = 20;

/**
 * A relay batch that could not be published (a listener or the marking failed), with the
 * correlation ids of its events, so the failure's log line names the requests it holds up.
 */
export class RelayBatchFailure extends Error {
  readonly correlationIds: string[];

  constructor(
    override readonly cause: unknown,
    batch: readonly LoggedEvent[],
  ) {
    super('publishing a relay batch failed', { cause });
    const ids = new Set(batch.map(({ event }) => event.correlationId));
    this.correlationIds = [...ids].slice(0, MAX_IDS);
  }

  /** The error to log, and the ids it concerns (none when it failed before a batch was read). */
  static unwrap(error: unknown): { cause: unknown; correlationIds?: string[] } {
    return error instanceof RelayBatchFailure
      ? { cause: error.cause, correlationIds: error.correlationIds }
      : { cause: error };
  }
}
