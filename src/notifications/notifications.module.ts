import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { StreamingModule } from '../streaming';
import { RecipientAddresses } from './addresses/recipient-addresses.repository';
import { RememberTokenEmailListener } from './addresses/remember-token-email.listener';
import { ConsoleChannel } from './channels/console.channel';
import { InboxFollower } from './channels/inbox-follower.service';
import { SseChannel } from './channels/sse.channel';
import { UserTopicPublisher } from './channels/user-topic-publisher.service';
import { ChannelDeliveries } from './delivery/channel-deliveries.service';
import { ChannelRegistry } from './delivery/channel-registry.service';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { DeliveryCounter } from './delivery/delivery-counter';
import { ResumeUnfinishedDeliveries } from './delivery/resume-unfinished-deliveries.service';
import { InboxFeedRepository } from './inbox/inbox-feed.repository';
import { InboxReplaySources } from './inbox/inbox-replay.source';
import { InboxRepository } from './inbox/inbox.repository';
import { NotificationInbox } from './inbox/notification-inbox.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferences } from './notification-preferences.service';
import { NotificationPublisher } from './notification-publisher.service';
import { NotificationStreamController } from './notification-stream.controller';
import { NotificationsController } from './notifications.controller';
import { NotifyCustomerOnOrderChangeListener } from './notify-customer-on-order-change.listener';
import { PreferencesRepository } from './preferences.repository';

/**
 * Turns order events into notifications, stores them in each user's inbox and delivers them
 * through every `@NotificationChannel()` provider of the application.
 */
@Module({
  imports: [DiscoveryModule, StreamingModule],
  controllers: [
    NotificationPreferencesController,
    NotificationStreamController,
    NotificationsController,
  ],
  providers: [
    ChannelRegistry,
    ChannelDeliveries,
    DeliveriesRepository,
    DeliveryCounter,
    InboxFeedRepository,
    InboxFollower,
    InboxReplaySources,
    InboxRepository,
    NotificationInbox,
    NotificationPreferences,
    NotificationPublisher,
    NotifyCustomerOnOrderChangeListener,
    PreferencesRepository,
    RecipientAddresses,
    RememberTokenEmailListener,
    ResumeUnfinishedDeliveries,
    ConsoleChannel,
    SseChannel,
    UserTopicPublisher,
  ],
  exports: [DeliveryCounter, RecipientAddresses],
})
export class NotificationsModule {}
