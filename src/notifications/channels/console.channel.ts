import { Injectable, Logger } from '@nestjs/common';
import type { Notification } from '../notification';
import { INotificationChannel, NotificationChannel } from '../notification-channel';

/** Logs each notification as one line: a full channel, handy in development and operations. */
@Injectable()
@NotificationChannel()
export class ConsoleChannel implements INotificationChannel {
  readonly name = 'console';
  private readonly logger = new Logger('ConsoleChannel');

  async send(notification: Notification): Promise<void> {
    this.logger.log(
      { notificationId: notification.id, correlationId: notification.correlationId },
      `notification ${notification.id} for user ${notification.userId} ` +
        `(order ${notification.orderId ?? '-'}): [${notification.severity}] ${notification.title}`,
    );
  }
}
