import { DiscoveryService } from '@nestjs/core';
import type { Notification } from './notification';

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
   * Delivers one notification; resolve when it is done, throw to have it retried with backoff.
   * Stop when `signal` aborts (the timeout passed or the process is stopping).
   */
  send(notification: Notification, signal: AbortSignal): Promise<void>;
}

/** Tags a provider as an {@link INotificationChannel}: `@NotificationChannel()`. */
export const NotificationChannel = DiscoveryService.createDecorator<void>();
