import type { DeliveryReceipt, Notification } from '../../notifications';

/** A `send` waiting for the e-mail that is to carry its notification. */
export interface DigestWaiter {
  notification: Notification;
  resolve(receipt: DeliveryReceipt): void;
  reject(error: unknown): void;
}

/**
 * One recipient's next e-mail while it gathers notifications, in this process's memory (the
 * database holds when each notification was queued, so a restart keeps the window).
 */
export class OpenDigest {
  readonly waiters = new Map<string, DigestWaiter>();
  address = '';
  /** The window's end: the earliest queued notification's time plus EMAIL_DIGEST_WINDOW. */
  dueAt = Infinity;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: string,
    readonly openedAt: number,
  ) {}

  add(waiter: DigestWaiter, address: string, dueAt: number): void {
    this.waiters.set(waiter.notification.id, waiter);
    this.address = address; // the newest one the user has
    this.dueAt = Math.min(this.dueAt, dueAt);
  }

  /** The waiters by their notifications' sequence: the order the e-mail lists them in. */
  inOrder(): DigestWaiter[] {
    return [...this.waiters.values()].sort(
      (a, b) => a.notification.sequence - b.notification.sequence,
    );
  }
}
