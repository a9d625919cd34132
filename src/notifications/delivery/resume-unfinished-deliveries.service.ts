import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../../common';
import { Leadership } from '../../persistence';
import { InboxRepository } from '../inbox/inbox.repository';
import { NotificationPublisher } from '../notification-publisher.service';
import { ChannelRegistry } from './channel-registry.service';
import { DeliveriesRepository } from './deliveries.repository';

/** How far back a start-up looks for deliveries a previous process did not finish. */
const LOOK_BACK_MS = 24 * 3_600_000;
const MAX_NOTIFICATIONS = 2_000;

/**
 * Retries live in memory, so a shutdown or crash leaves some deliveries unfinished: sends
 * aborted mid-way (recorded as failed), retries that were waiting on a timer, sends a crash cut
 * off before their first attempt was recorded (only `queued`). At start-up this publishes again
 * each recent notification that an enabled channel was queued for but has neither delivered nor
 * given up on; the publisher then sends only what is still missing, continuing the
 * attempt count. In a cluster only the leader does it, each time an instance becomes the leader
 * (it also takes over what a dead leader left unfinished).
 */
@Injectable()
export class ResumeUnfinishedDeliveries
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Notifications');
  private resuming: Promise<number> | undefined;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly inbox: InboxRepository,
    private readonly publisher: NotificationPublisher,
    private readonly registry: ChannelRegistry,
    private readonly config: AppConfig,
    private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.leadership.whileLeading({ start: () => this.startResuming(), stop: () => undefined });
  }

  private startResuming(): void {
    this.resuming = this.resume().catch((error: unknown) => {
      this.logger.error({ err: error }, 'resuming unfinished deliveries failed');
      return 0;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.resuming;
  }

  /** Publishes every unfinished notification again; returns how many. */
  async resume(): Promise<number> {
    const since = new Date(Date.now() - LOOK_BACK_MS).toISOString();
    const progress = await this.deliveries.recentProgress(since, MAX_NOTIFICATIONS);
    const channels = this.registry.active.map((channel) => channel.name);
    const { maxAttempts } = this.config.notify;
    const unfinished = [...progress].filter(([, byChannel]) =>
      channels.some((name) => {
        // Only channels the notification was queued for (and may try again): a channel added
        // since has no record at all, and is not sent the past day's notifications.
        const done = byChannel.get(name);
        return done !== undefined && !done.succeeded && done.attempts < maxAttempts;
      }),
    );
    for (const [id] of unfinished) {
      const notification = await this.inbox.get(id);
      if (notification) await this.publisher.publish(notification);
    }
    if (unfinished.length > 0)
      this.logger.log(`resumed ${unfinished.length} unfinished notification deliveries`);
    return unfinished.length;
  }
}
