import type { StreamEvent } from '../streaming';
import type { Notification } from './notification';

/** Each user's notifications travel on their own topic. */
export const userTopic = (userId: string): string => `user:${userId}`;

/** The same frame live and on replay: `id:` is the inbox sequence. */
export function toNotificationStreamEvent(notification: Notification): StreamEvent {
  return { id: notification.sequence, event: 'notification', data: notification };
}
