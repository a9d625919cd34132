import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cluster } from '../../cluster';
import { StreamHub } from '../../streaming';
import type { Notification } from '../notification';
import { toNotificationStreamEvent, userTopic } from '../notification-stream-event';

const NOTIFICATIONS = 'notifications';

/**
 * Puts a notification on its user's topic in this instance's hub and, in a cluster, in every
 * other instance's (over Redis pub/sub: the leader sends them, one connection, in inbox order,
 * and Redis delivers one connection's messages in order). A message lost on the way (Redis
 * down) is not filled in live: the client gets it from the inbox when it reconnects.
 */
@Injectable()
export class UserTopicPublisher implements OnModuleInit {
  constructor(
    private readonly hub: StreamHub,
    private readonly cluster: Cluster,
  ) {}

  onModuleInit(): void {
    this.cluster.subscribe(NOTIFICATIONS, (payload) =>
      this.toHub(JSON.parse(payload) as Notification),
    );
  }

  publish(notification: Notification): void {
    this.toHub(notification);
    if (this.cluster.enabled) this.cluster.publish(NOTIFICATIONS, JSON.stringify(notification));
  }

  private toHub(notification: Notification): void {
    this.hub.publish(userTopic(notification.userId), toNotificationStreamEvent(notification));
  }
}
