import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../common';
import type { Notification } from '../notification';
import type { INotificationChannel } from '../notification-channel';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryCounter } from './delivery-counter';
import { sendWithTimeout } from './send-with-timeout';

/**
 * Runs attempts to hand one notification to one channel: each bounded by
 * NOTIFY_CHANNEL_TIMEOUT_MS, recorded, and on failure retried after NOTIFY_RETRY_BASE_MS × 2^n
 * on a timer, up to NOTIFY_MAX_ATTEMPTS. Nothing here is awaited by the publisher, so a slow or
 * failing channel never holds up another channel or a later notification.
 */
@Injectable()
export class ChannelDeliveries implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private stopping = false;
  /**
   * The attempts in flight, aborted together at shutdown: one controller each, and no listener
   * per attempt on a shared signal (on Node 20 `AbortSignal.any` keeps a reference per attempt
   * in the shared signal for good, and every added listener walks the ones already there).
   */
  private readonly inFlight = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  /** `<notification>:<channel>` pairs being delivered or waiting for a retry, in this process. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly counter: DeliveryCounter,
    private readonly config: AppConfig,
  ) {}

  /** Starts attempt `attempt`; ignored while the same pair is already on its way. */
  start(notification: Notification, channel: INotificationChannel, attempt: number): void {
    const key = `${notification.id}:${channel.name}`;
    if (this.stopping || this.busy.has(key)) return;
    this.busy.add(key);
    this.run(notification, channel, attempt, key);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const attempt of this.inFlight) attempt.abort(new Error('the process is stopping'));
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    await Promise.allSettled([...this.running]);
  }

  private run(
    notification: Notification,
    channel: INotificationChannel,
    attempt: number,
    key: string,
  ): void {
    const running = this.attempt(notification, channel, attempt)
      .then((retry) => (retry ? this.retryLater(notification, channel, attempt, key) : undefined))
      .catch((error: unknown) =>
        this.logger.error(
          {
            err: error,
            notificationId: notification.id,
            correlationId: notification.correlationId,
          },
          'delivery bookkeeping failed',
        ),
      )
      .finally(() => {
        this.running.delete(running);
        if (!this.retries.has(key)) this.busy.delete(key);
      });
    this.running.add(running);
  }

  /** One attempt, recorded; true when another one should follow. */
  private async attempt(
    notification: Notification,
    channel: INotificationChannel,
    attempt: number,
  ): Promise<boolean> {
    const { channelTimeoutMs, maxAttempts } = this.config.notify;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeoutMs = channel.timeoutMs ?? channelTimeoutMs;
    const result = await sendWithTimeout(channel, notification, timeoutMs, controller);
    this.inFlight.delete(controller);
    this.counter.count(channel.name, result.outcome);
    await this.deliveries.record({
      notificationId: notification.id,
      channel: channel.name,
      attempt,
      ...result,
      attemptedAt: new Date().toISOString(),
      correlationId: notification.correlationId,
    });
    if (result.outcome === 'succeeded' || result.outcome === 'skipped') return false;
    const last = attempt >= maxAttempts || this.stopping;
    const context = {
      notificationId: notification.id,
      channel: channel.name,
      attempt,
      correlationId: notification.correlationId,
    };
    this.logger.warn(
      { ...context, outcome: result.outcome, error: result.error },
      last ? 'delivery failed; giving up' : 'delivery failed; will retry',
    );
    return !last;
  }

  private retryLater(
    notification: Notification,
    channel: INotificationChannel,
    attempt: number,
    key: string,
  ): void {
    const delay = this.config.notify.retryBaseMs * 2 ** (attempt - 1);
    const timer = setTimeout(() => {
      this.retries.delete(key);
      this.run(notification, channel, attempt + 1, key);
    }, delay);
    this.retries.set(key, timer);
  }
}
