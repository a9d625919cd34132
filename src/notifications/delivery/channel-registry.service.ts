import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { INotificationChannel, NotificationChannel } from '../notification-channel';

/** Stored by the publisher before any channel runs; users cannot turn it off. */
export const INBOX_CHANNEL = 'inbox';

/** The channel that pushes to `GET /notifications/stream`; its switch also hides replay. */
export const SSE_CHANNEL = 'sse';

/** `notification_deliveries.channel` is a varchar(64). */
const CHANNEL_NAME = /^[\w.-]{1,64}$/;

/**
 * Finds every provider tagged `@NotificationChannel()`, in any module, once at bootstrap —
 * the way `@OnEvent` handlers are found. Adding a channel never edits this module.
 */
@Injectable()
export class ChannelRegistry implements OnModuleInit {
  private readonly logger = new Logger('Notifications');
  private found: INotificationChannel[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const channels = this.discovery
      .getProviders({ metadataKey: NotificationChannel.KEY })
      .map((wrapper) => wrapper.instance as INotificationChannel | undefined)
      .filter((instance): instance is INotificationChannel => Boolean(instance));
    const names = new Set<string>([INBOX_CHANNEL]);
    for (const channel of channels) {
      if (typeof channel.name !== 'string' || typeof channel.send !== 'function') {
        throw new Error(
          `${channel.constructor.name} is tagged @NotificationChannel() but lacks a name or send().`,
        );
      }
      if (!CHANNEL_NAME.test(channel.name)) {
        throw new Error(
          `Notification channel name "${channel.name}" must be 1 to 64 letters, digits, _ . or -.`,
        );
      }
      if (names.has(channel.name)) {
        throw new Error(
          `Two notification channels are named "${channel.name}"; names must be unique.`,
        );
      }
      names.add(channel.name);
    }
    this.found = channels;
    this.logger.log(
      `channels: ${INBOX_CHANNEL}, ${channels.map((c) => (c.enabled === false ? `${c.name} (off)` : c.name)).join(', ')}`,
    );
  }

  /** The channels that deliver (configured ones), in discovery order. */
  get active(): readonly INotificationChannel[] {
    return this.found.filter((channel) => channel.enabled !== false);
  }

  /** Every channel name a user may switch, the inbox included. */
  get names(): string[] {
    return [INBOX_CHANNEL, ...this.found.map((channel) => channel.name)];
  }
}
