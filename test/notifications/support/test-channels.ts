import { Injectable } from '@nestjs/common';
import {
  INotificationChannel,
  Notification,
  NotificationChannel,
} from '../../../src/notifications';

/** Remembers every notification it receives, in order. */
@Injectable()
@NotificationChannel()
export class RecordingChannel implements INotificationChannel {
  static received: Notification[] = [];
  readonly name = 'recording';

  async send(notification: Notification): Promise<void> {
    RecordingChannel.received.push(notification);
  }
}

/** Fails every time. */
@Injectable()
@NotificationChannel()
export class ThrowingChannel implements INotificationChannel {
  static calls = 0;
  readonly name = 'throwing';

  async send(): Promise<void> {
    ThrowingChannel.calls++;
    throw new Error('the mail server is on fire');
  }
}

/** Never answers, and ignores the abort signal too. */
@Injectable()
@NotificationChannel()
export class HangingChannel implements INotificationChannel {
  static calls = 0;
  readonly name = 'hanging';

  send(): Promise<void> {
    HangingChannel.calls++;
    return new Promise(() => undefined);
  }
}

/** Fails while `down` is set, like a service that is unreachable for a while. */
@Injectable()
@NotificationChannel()
export class OutageChannel implements INotificationChannel {
  static down = true;
  static delivered: string[] = [];
  readonly name = 'outage';

  async send(notification: Notification): Promise<void> {
    if (OutageChannel.down) throw new Error('service unavailable');
    OutageChannel.delivered.push(notification.id);
  }
}

export function resetTestChannels(): void {
  OutageChannel.down = true;
  OutageChannel.delivered = [];
  RecordingChannel.received = [];
  ThrowingChannel.calls = 0;
  HangingChannel.calls = 0;
}
