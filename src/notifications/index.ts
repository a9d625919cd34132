export { NotificationsModule } from './notifications.module';
export { NotificationChannel } from './notification-channel';
export type { INotificationChannel } from './notification-channel';
export type { Notification, NotificationSeverity } from './notification';
export { DeliveryCounter } from './delivery/delivery-counter';
export type { DeliveryCount } from './delivery/delivery-counter';
