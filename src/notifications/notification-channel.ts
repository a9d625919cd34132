import { DiscoveryService } from '@nestjs/core';
import type { Notification } from './notification';

/** What a channel may resolve with: how the receiving side knows this delivery. */
export interface DeliveryReceipt {
  /** Stored in the delivery record, e.g. the Message-ID of the e-mail that carried it. */
  readonly reference: string;
}

/**
 * A way to reach people. Implement it in any module's provider and tag the class with
 * `@NotificationChannel()`: the Notifications module finds it at bootstrap and delivers every
 * notification to it, with a timeout, retries and a delivery record per attempt.
 */
export interface INotificationChannel {
  /** Unique, stable: it keys delivery records and user preferences (`{ webhook: false }`). */
  readonly name: string;
  /** False turns the channel off for everyone, e.g. when its configuration is missing. */
  readonly enabled?: boolean;
  /**
   * How long one attempt may take, when not NOTIFY_CHANNEL_TIMEOUT_MS: a channel that gathers
   * notifications before it sends (an e-mail digest) waits that long by design.
   */
  readonly timeoutMs?: number;
  /**
   * Delivers one notification; resolve when it is done (with a receipt to record, if the channel
   * has one), throw to have it retried with backoff, or throw a `DeliverySkippedError` when there
   * is nothing to deliver to (no address): recorded as `skipped`, never retried. Stop when
   * `signal` aborts (the timeout passed or the process is stopping).
   */
  send(notification: Notification, signal: AbortSignal): Promise<void | DeliveryReceipt>;
}

/** Tags a provider as an {@link INotificationChannel}: `@NotificationChannel()`. */
export const NotificationChannel = DiscoveryService.createDecorator<void>();
