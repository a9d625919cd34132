import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsoleChannel } from './channels/console.channel';
import { ChannelDeliveries } from './delivery/channel-deliveries.service';
import { ChannelRegistry } from './delivery/channel-registry.service';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { InboxRepository } from './inbox/inbox.repository';
import { NotificationInbox } from './inbox/notification-inbox.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferences } from './notification-preferences.service';
import { NotificationPublisher } from './notification-publisher.service';
import { NotificationsController } from './notifications.controller';
import { NotifyCustomerOnOrderChangeListener } from './notify-customer-on-order-change.listener';
import { PreferencesRepository } from './preferences.repository';

/**
 * Turns order events into notifications, stores them in each user's inbox and delivers them
 * through every `@NotificationChannel()` provider of the application.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [NotificationPreferencesController, NotificationsController],
  providers: [
    ChannelRegistry,
    ChannelDeliveries,
    DeliveriesRepository,
    InboxRepository,
    NotificationInbox,
    NotificationPreferences,
    NotificationPublisher,
    NotifyCustomerOnOrderChangeListener,
    PreferencesRepository,
    ConsoleChannel,
  ],
})
export class NotificationsModule {}
