import { Injectable } from '@nestjs/common';
import type { Notification } from '../notification';
import { SSE_CHANNEL } from '../delivery/channel-registry.service';
import { INotificationChannel, NotificationChannel } from '../notification-channel';
import { UserTopicPublisher } from './user-topic-publisher.service';

/**
 * Publishes to the user's topic in the stream hub of every instance (`GET
 * /notifications/stream`). A client that is not connected misses nothing: it replays from the
 * inbox with its Last-Event-ID.
 */
@Injectable()
@NotificationChannel()
export class SseChannel implements INotificationChannel {
  readonly name = SSE_CHANNEL;

  constructor(private readonly userTopics: UserTopicPublisher) {}

  async send(notification: Notification): Promise<void> {
    this.userTopics.publish(notification);
  }
}
