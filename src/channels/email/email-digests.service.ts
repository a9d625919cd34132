import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../common';
import type { DeliveryReceipt, Notification } from '../../notifications';
import { DigestItemsRepository } from './digest-items.repository';
import { EmailComposer } from './email-composer';
import { DigestWaiter, OpenDigest } from './open-digest';
import { SmtpMailer } from './smtp-mailer.service';

/**
 * How long a digest whose window has already passed (its notifications come back after a
 * restart or a failed send) waits for the rest of them before it goes.
 */
const REGATHER_MS = 1000;
const KEEP_ITEMS_MS = 2 * 24 * 3_600_000;

/**
 * Gathers each user's notifications for EMAIL_DIGEST_WINDOW from the first one, then sends
 * them as one e-mail (0: each at once). `deliver` resolves once the e-mail carrying its
 * notification was accepted, with that e-mail's Message-ID, and rejects when sending failed:
 * the publisher's retries, timeouts and records apply to digests as to any send. A notification
 * taken into an e-mail that was sent is marked in the database and never sent again.
 */
@Injectable()
export class EmailDigests implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EmailChannel');
  private readonly gathering = new Map<string, OpenDigest>();
  private readonly sending = new Set<Promise<void>>();
  private readonly windowMs: number;
  private readonly domain: string;
  /** The longest a `deliver` may take: its window, a late start, the SMTP exchange. */
  readonly longestWaitMs: number;

  constructor(
    private readonly items: DigestItemsRepository,
    private readonly mailer: SmtpMailer,
    private readonly composer: EmailComposer,
    config: AppConfig,
  ) {
    this.windowMs = config.email.digestWindowMs;
    this.domain = /@([^\s@>]+)>?\s*$/.exec(config.email.from)?.[1] ?? 'herald.localhost';
    this.longestWaitMs =
      this.windowMs + Math.min(this.windowMs, REGATHER_MS) + 2 * config.notify.channelTimeoutMs;
  }

  async onApplicationBootstrap(): Promise<void> {
    const before = new Date(Date.now() - KEEP_ITEMS_MS).toISOString();
    await this.items.prune(before).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'pruning old digest items failed');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Their sends are aborted by the publisher and resumed by the next process.
    for (const digest of this.gathering.values()) clearTimeout(digest.timer);
    this.gathering.clear();
    await Promise.allSettled([...this.sending]);
  }

  async deliver(
    notification: Notification,
    address: string,
    signal: AbortSignal,
  ): Promise<DeliveryReceipt> {
    const item = await this.items.take(notification, new Date().toISOString());
    if (item.messageId) return { reference: item.messageId }; // sent before a restart
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const digest = this.digestFor(notification);
      const dueAt = Date.parse(item.queuedAt) + this.windowMs;
      digest.add({ notification, resolve, reject }, address, dueAt);
      this.schedule(digest);
      const leave = () => {
        this.leave(digest, notification.id);
        reject(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  private digestFor(notification: Notification): OpenDigest {
    // Without a window every notification is an e-mail of its own.
    const key = this.windowMs === 0 ? notification.id : notification.userId;
    let digest = this.gathering.get(key);
    if (!digest) this.gathering.set(key, (digest = new OpenDigest(key, Date.now())));
    return digest;
  }

  private schedule(digest: OpenDigest): void {
    const sendAt = Math.max(digest.dueAt, digest.openedAt + Math.min(this.windowMs, REGATHER_MS));
    clearTimeout(digest.timer);
    digest.timer = setTimeout(() => this.close(digest), Math.max(0, sendAt - Date.now()));
  }

  /** A send that gave up (timed out, or the process stops) no longer holds the e-mail back. */
  private leave(digest: OpenDigest, notificationId: string): void {
    if (this.gathering.get(digest.key) !== digest) return; // already on its way
    digest.waiters.delete(notificationId);
    if (digest.waiters.size > 0) return;
    clearTimeout(digest.timer);
    this.gathering.delete(digest.key);
  }

  /** The window is over: what came from now on goes into the next e-mail. */
  private close(digest: OpenDigest): void {
    if (this.gathering.get(digest.key) === digest) this.gathering.delete(digest.key);
    const waiters = digest.inOrder();
    if (waiters.length === 0) return;
    const sending = this.send(digest.address, waiters).finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  private async send(address: string, waiters: DigestWaiter[]): Promise<void> {
    const notifications = waiters.map((waiter) => waiter.notification);
    const ids = notifications.map((notification) => notification.id);
    const messageId = `<${digestId(ids)}@${this.domain}>`;
    try {
      const email = this.composer.compose(notifications);
      await this.mailer.send({ ...email, to: address, messageId, notificationIds: ids });
      await this.items.markSent(ids, messageId, new Date().toISOString());
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve({ reference: messageId });
  }
}

/** The same notifications make the same Message-ID, so a re-sent e-mail can be recognised. */
const digestId = (ids: string[]) =>
  createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32);
