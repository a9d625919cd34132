import { Injectable } from '@nestjs/common';
import { StreamHub } from '../../streaming';
import type { Notification } from '../notification';
import { SSE_CHANNEL } from '../delivery/channel-registry.service';
import { INotificationChannel, NotificationChannel } from '../notification-channel';
import { toNotificationStreamEvent, userTopic } from '../notification-stream-event';

/**
 * Publishes to the user's topic in the stream hub (`GET /notifications/stream`). A client that
 * is not connected misses nothing: it replays from the inbox with its Last-Event-ID.
 */
@Injectable()
@NotificationChannel()
export class SseChannel implements INotificationChannel {
  readonly name = SSE_CHANNEL;

  constructor(private readonly hub: StreamHub) {}

  async send(notification: Notification): Promise<void> {
    this.hub.publish(userTopic(notification.userId), toNotificationStreamEvent(notification));
  }
}
