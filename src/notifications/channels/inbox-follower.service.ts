import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Cluster } from '../../cluster';
import { StreamHub } from '../../streaming';
import { SSE_CHANNEL } from '../delivery/channel-registry.service';
import { InboxFeedRepository } from '../inbox/inbox-feed.repository';
import type { Notification } from '../notification';
import { toNotificationStreamEvent, userTopic } from '../notification-stream-event';

const POLL_INTERVAL_MS = 1000;
const PAGE = 500;
/**
 * A notification the `sse` channel has not decided on this long after it was first seen goes
 * out anyway, as a replay would send it: its publisher died between storing and deciding, and
 * later ones must not wait for it for ever.
 */
const UNDECIDED_GRACE_MS = 10_000;

/**
 * Keeps this instance's `user:<id>` topics complete in cluster mode. The leader's `sse` channel
 * sends each notification to the other instances over Redis, with the sequence of the one it
 * sent before; the inbox in PostgreSQL is the source of truth. A message that follows what
 * this hub already has goes out at once; after a gap (a message lost, Redis down, a new
 * leader) the missed notifications are read from the inbox, in sequence order, with what the
 * `sse` channel decided for each, and the poll does the same every second. The hub's buffers
 * drop an id they already have, so nothing goes out twice.
 */
@Injectable()
export class InboxFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  /** Every notification the `sse` channel sent up to here is in this hub (or was skipped). */
  private cursor = 0;
  private following = false;
  private reading = false;
  private readAgain = false;
  private poller: NodeJS.Timeout | undefined;
  private firstSeenUndecided: { sequence: number; at: number } | undefined;
  private reportedFailure = false;

  constructor(
    private readonly hub: StreamHub,
    private readonly feed: InboxFeedRepository,
    private readonly cluster: Cluster,
  ) {}

  /** Starts at the inbox's end: a stream that opens later replays the past itself. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.cluster.enabled) return;
    this.cursor = await this.feed.lastSequence();
    this.following = true;
    this.poller = setInterval(() => void this.catchUp(), POLL_INTERVAL_MS).unref();
  }

  beforeApplicationShutdown(): void {
    this.following = false;
    clearInterval(this.poller);
  }

  /** This instance's own `sse` channel put it in the hub. */
  sentHere(notification: Notification): void {
    this.toHub(notification);
    if (notification.sequence > this.cursor) this.cursor = notification.sequence;
  }

  /** Another instance's `sse` channel sent it, right after `previous` (undefined: unknown). */
  sentElsewhere(notification: Notification, previous: number | undefined): void {
    if (!this.following || notification.sequence <= this.cursor) return;
    if (previous === undefined || previous > this.cursor) return void this.catchUp();
    // Nothing the sender sent before it is missing here: what lies between was not for `sse`.
    this.toHub(notification);
    this.cursor = notification.sequence;
  }

  /** Reads the inbox after the cursor until it meets its end or an undecided notification. */
  private async catchUp(): Promise<void> {
    if (this.reading) return void (this.readAgain = true);
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        while (this.following && (await this.readPage())) {
          /* a full page: there may be more */
        }
      } while (this.readAgain && this.following);
      this.reportedFailure = false;
    } catch (error) {
      if (!this.reportedFailure) {
        this.reportedFailure = true;
        this.logger.warn({ err: error }, 'reading the inbox failed; the next poll retries');
      }
    } finally {
      this.reading = false;
    }
  }

  /** One page after the cursor; true when the next page should be read at once. */
  private async readPage(): Promise<boolean> {
    const page = await this.feed.readAfter(this.cursor, PAGE, SSE_CHANNEL);
    for (const { notification, decision } of page) {
      if (notification.sequence <= this.cursor) continue; // a message brought it meanwhile
      if (decision === 'undecided' && !this.waitedTooLong(notification.sequence)) return false;
      if (decision !== 'skipped') this.toHub(notification);
      this.cursor = notification.sequence;
    }
    return page.length === PAGE;
  }

  private waitedTooLong(sequence: number): boolean {
    const now = Date.now();
    if (this.firstSeenUndecided?.sequence !== sequence) {
      this.firstSeenUndecided = { sequence, at: now };
    }
    return now - this.firstSeenUndecided.at >= UNDECIDED_GRACE_MS;
  }

  private toHub(notification: Notification): void {
    this.hub.publish(userTopic(notification.userId), toNotificationStreamEvent(notification));
  }
}
