import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../common';
import { ChannelDeliveries } from './delivery/channel-deliveries.service';
import { ChannelRegistry, INBOX_CHANNEL } from './delivery/channel-registry.service';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { DeliveryCounter } from './delivery/delivery-counter';
import type { ChannelProgress } from './delivery/delivery-record';
import { InboxRepository } from './inbox/inbox.repository';
import type { Notification, NotificationDraft } from './notification';
import { NotificationPreferences } from './notification-preferences.service';

const NOTHING_DELIVERED: ReadonlyMap<string, ChannelProgress> = new Map();

/**
 * Stores each notification in the inbox first (it gets its sequence there), then hands it to
 * every enabled channel at once. Notifications go through one at a time up to the moment their
 * sends start — so the inbox sequence and what every channel sees follow publication order —
 * but never wait for a channel to finish.
 */
@Injectable()
export class NotificationPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly inbox: InboxRepository,
    private readonly registry: ChannelRegistry,
    private readonly preferences: NotificationPreferences,
    private readonly deliveries: DeliveriesRepository,
    private readonly channelDeliveries: ChannelDeliveries,
    private readonly counter: DeliveryCounter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Resolves once the notification is in the inbox and its sends have started; rejects if it
   * could not be stored, so the relay publishes the event again. Publishing the same draft again
   * (a re-emitted event) delivers only what is still missing.
   */
  publish(draft: NotificationDraft): Promise<void> {
    const fannedOut = this.queue.then(() => this.storeAndFanOut(draft));
    this.queue = fannedOut.then(
      () => undefined,
      (error: unknown) =>
        this.logger.error(
          { err: error, notificationId: draft.id },
          'publishing failed; the relay retries',
        ),
    );
    // The next notification need not wait for this one's records: records written in the same
    // turn share one statement (see DeliveriesRepository.record).
    return fannedOut.then(({ recorded }) => recorded);
  }

  /** Lets queued notifications reach their channels before ChannelDeliveries stops them. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue;
  }

  /** Stores, starts every send, and gives back the promise of the records made meanwhile. */
  private async storeAndFanOut(draft: NotificationDraft): Promise<{ recorded: Promise<void> }> {
    const { notification, isNew } = await this.inbox.store(draft);
    const [switches, progress] = await Promise.all([
      this.preferences.switchesOf(notification.userId),
      isNew ? NOTHING_DELIVERED : this.deliveries.progress(notification.id),
    ]);
    const records: Promise<void>[] = [];
    for (const channel of this.registry.active) {
      const done = progress.get(channel.name) ?? { succeeded: false, attempts: 0 };
      if (done.succeeded || done.attempts >= this.config.notify.maxAttempts) continue;
      if (switches[channel.name] === false) {
        records.push(
          this.record(notification, channel.name, 0, 'skipped', 'turned off by the user'),
        );
        continue;
      }
      if (done.attempts === 0) records.push(this.record(notification, channel.name, 0, 'queued'));
      this.channelDeliveries.start(notification, channel, done.attempts + 1);
    }
    records.push(this.record(notification, INBOX_CHANNEL, 1, 'succeeded'));
    return { recorded: Promise.all(records).then(() => undefined) };
  }

  private record(
    notification: Notification,
    channel: string,
    attempt: number,
    outcome: 'queued' | 'succeeded' | 'skipped',
    error: string | null = null,
  ): Promise<void> {
    if (outcome !== 'queued') this.counter.count(channel, outcome); // a decision, not an outcome
    return this.deliveries.record({
      notificationId: notification.id,
      channel,
      attempt,
      outcome,
      error,
      attemptedAt: new Date().toISOString(),
    });
  }
}
