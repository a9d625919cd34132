import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../common';
import { ChannelDeliveries } from './delivery/channel-deliveries.service';
import { ChannelRegistry, INBOX_CHANNEL } from './delivery/channel-registry.service';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { DeliveryCounter } from './delivery/delivery-counter';
import type { ChannelProgress } from './delivery/delivery-record';
import { InboxRepository, StoredNotification } from './inbox/inbox.repository';
import type { Notification, NotificationDraft } from './notification';
import { NotificationPreferences } from './notification-preferences.service';
import type { ChannelSwitches } from './preferences.repository';

const NOTHING_DELIVERED: ReadonlyMap<string, ChannelProgress> = new Map();
const ALL_ON: ChannelSwitches = {};

/** A published draft waiting for its batch, and how its caller learns the outcome. */
interface Pending {
  draft: NotificationDraft;
  /** Called with the promise of its delivery records once its sends have started. */
  resolve: (recorded: Promise<void>) => void;
  reject: (error: unknown) => void;
}

/**
 * Stores each notification in the inbox first (it gets its sequence there), then hands it to
 * every enabled channel at once. Notifications go through one batch at a time up to the moment
 * their sends start — so the inbox sequence and what every channel sees follow publication
 * order — but never wait for a channel to finish. What is published while a batch is stored
 * (a relay batch is published all at once) forms the next batch, stored with one statement.
 */
@Injectable()
export class NotificationPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private queue: Promise<void> = Promise.resolve();
  /** The next batch, still open to more drafts. */
  private gathering: Pending[] | undefined;

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
   * Resolves once the notification is in the inbox, its sends have started and their records
   * are written; rejects if it could not be stored, so the relay publishes the event again.
   * Publishing the same draft again (a re-emitted event) delivers only what is still missing.
   */
  publish(draft: NotificationDraft): Promise<void> {
    return new Promise((resolve, reject) => {
      (this.gathering ??= this.nextBatch()).push({ draft, resolve, reject });
    });
  }

  /** Lets queued notifications reach their channels before ChannelDeliveries stops them. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue;
  }

  /** Opens a batch that closes when the one before it is done, and is then stored. */
  private nextBatch(): Pending[] {
    const batch: Pending[] = [];
    this.queue = this.queue.then(() => {
      this.gathering = undefined;
      // storeAndFanOut settles each caller itself; this is only so the queue can never stall.
      return this.storeAndFanOut(batch).catch((error: unknown) => {
        for (const { reject } of batch) reject(error);
      });
    });
    return batch;
  }

  /**
   * Stores the batch, reads its users' switches, then starts each one's sends in order, and
   * settles every caller. (An id that comes twice is sent once: ChannelDeliveries ignores a
   * pair already on its way.)
   */
  private async storeAndFanOut(batch: Pending[]): Promise<void> {
    const outcomes = await this.storeInInbox(batch.map(({ draft }) => draft));
    const switches = await this.preferences.switchesOf(batch.map(({ draft }) => draft.userId));
    for (const [index, { draft, resolve, reject }] of batch.entries()) {
      try {
        const outcome = outcomes[index];
        if (outcome instanceof Error) throw outcome;
        // The records need not be written before the next notification fans out: records made
        // in one turn share one statement (see DeliveriesRepository.record).
        const { recorded } = await this.fanOut(outcome, switches.get(draft.userId) ?? ALL_ON);
        resolve(recorded);
      } catch (error) {
        this.logger.error(
          { err: error, notificationId: draft.id, correlationId: draft.correlationId },
          'publishing failed; the relay retries',
        );
        reject(error);
      }
    }
  }

  /** The drafts in the inbox; if the batch's insert fails, one by one, so a bad one fails alone. */
  private async storeInInbox(drafts: NotificationDraft[]): Promise<(StoredNotification | Error)[]> {
    const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
    try {
      return await this.inbox.storeAll(drafts);
    } catch (error) {
      if (drafts.length === 1) return [asError(error)];
      this.logger.warn(
        {
          err: error,
          notifications: drafts.length,
          correlationIds: [...new Set(drafts.map(({ correlationId }) => correlationId))],
        },
        'storing a batch failed; storing its notifications one by one',
      );
    }
    const outcomes: (StoredNotification | Error)[] = [];
    for (const draft of drafts) {
      outcomes.push(await this.inbox.storeAll([draft]).then(([stored]) => stored, asError));
    }
    return outcomes;
  }

  /** Starts every send, and gives back the promise of the records made meanwhile. */
  private async fanOut(
    { notification, isNew }: StoredNotification,
    switches: ChannelSwitches,
  ): Promise<{ recorded: Promise<void> }> {
    const progress = isNew ? NOTHING_DELIVERED : await this.deliveries.progress(notification.id);
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
      reference: null,
      attemptedAt: new Date().toISOString(),
      correlationId: notification.correlationId,
    });
  }
}
