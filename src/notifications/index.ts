export { NotificationsModule } from './notifications.module';
export { NotificationChannel } from './notification-channel';
export type { DeliveryReceipt, INotificationChannel } from './notification-channel';
export { DeliverySkippedError } from './delivery/delivery-skipped.error';
export type { Notification, NotificationSeverity } from './notification';
export { DeliveryCounter } from './delivery/delivery-counter';
export type { DeliveryCount } from './delivery/delivery-counter';
export { RecipientAddresses } from './addresses/recipient-addresses.repository';
