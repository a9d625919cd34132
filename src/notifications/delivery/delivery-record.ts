/**
 * What one attempt to hand a notification to a channel came to; `queued` and `skipped` are the
 * fan-out's decision for the channel (attempt 0), made before any attempt.
 */
export type DeliveryOutcome = 'queued' | 'succeeded' | 'failed' | 'timed-out' | 'skipped';

/**
 * One row of `notification_deliveries`: an attempt (`skipped` when the channel had nowhere to
 * deliver to), or (attempt 0) `skipped` — turned off by the user — or `queued`: the channel is to be sent the notification, stored together with the
 * inbox row's record so that a crash before the first attempt is recorded still leaves a trace
 * the next start-up resumes from.
 */
export interface DeliveryRecord {
  notificationId: string;
  channel: string;
  attempt: number;
  outcome: DeliveryOutcome;
  error: string | null;
  /** What the channel's receiver knows the delivery by (an e-mail's Message-ID), if it said. */
  reference: string | null;
  attemptedAt: string;
  /** The notification's correlation id: the request that caused it (null before migration 007). */
  correlationId: string | null;
}

/** Where a notification stands with one channel, from its records. */
export interface ChannelProgress {
  /** Done: delivered, or skipped by the channel itself (not by a switch, which may change). */
  succeeded: boolean;
  attempts: number;
}
