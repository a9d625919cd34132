/** What one attempt to hand a notification to a channel came to. */
export type DeliveryOutcome = 'succeeded' | 'failed' | 'timed-out' | 'skipped';

/** One row of `notification_deliveries`: an attempt, or a `skipped` decision (attempt 0). */
export interface DeliveryRecord {
  notificationId: string;
  channel: string;
  attempt: number;
  outcome: DeliveryOutcome;
  error: string | null;
  attemptedAt: string;
}

/** Where a notification stands with one channel, from its records. */
export interface ChannelProgress {
  succeeded: boolean;
  attempts: number;
}
