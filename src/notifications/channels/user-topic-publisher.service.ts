import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cluster } from '../../cluster';
import type { Notification } from '../notification';
import { InboxFollower } from './inbox-follower.service';

const NOTIFICATIONS = 'notifications';

/** What goes over Redis: a notification and the sequence of the one its sender sent before. */
interface NotificationMessage {
  notification: Notification;
  previous?: number;
}

/**
 * Puts a notification on its user's topic in this instance's hub and, in a cluster, in every
 * other instance's: over Redis pub/sub (the leader sends them, one connection, in inbox order),
 * each message naming the one sent before it, so that a receiver tells a gap and fills it from
 * the inbox (InboxFollower). Redis is the shortcut, the inbox the truth.
 */
@Injectable()
export class UserTopicPublisher implements OnModuleInit {
  /** The highest sequence this process's `sse` channel has sent. */
  private lastSent: number | undefined;

  constructor(
    private readonly follower: InboxFollower,
    private readonly cluster: Cluster,
  ) {}

  onModuleInit(): void {
    this.cluster.subscribe(NOTIFICATIONS, (payload) => {
      const message = JSON.parse(payload) as NotificationMessage | Notification;
      // A plain notification comes from an instance of an earlier version (a rolling deploy).
      if ('notification' in message) {
        this.follower.sentElsewhere(message.notification, message.previous);
      } else this.follower.sentElsewhere(message, undefined);
    });
  }

  publish(notification: Notification): void {
    this.follower.sentHere(notification);
    if (this.cluster.enabled) {
      const message: NotificationMessage = { notification, previous: this.lastSent };
      this.cluster.publish(NOTIFICATIONS, JSON.stringify(message));
    }
    this.lastSent = Math.max(this.lastSent ?? 0, notification.sequence);
  }
}
