import { Injectable } from '@nestjs/common';
import { ValidationError } from '../common';
import { ChannelRegistry, INBOX_CHANNEL } from './delivery/channel-registry.service';
import { ChannelSwitches, PreferencesRepository } from './preferences.repository';

export interface NotificationPreferencesView {
  channels: ChannelSwitches;
  updatedAt: string | null;
}

/** Which channels reach a user. A channel is on unless the user turned it off. */
@Injectable()
export class NotificationPreferences {
  constructor(
    private readonly repository: PreferencesRepository,
    private readonly registry: ChannelRegistry,
  ) {}

  /** Each user's stored switches; a channel missing from them, or a user missing, is on. */
  async switchesOf(userIds: Iterable<string>): Promise<ReadonlyMap<string, ChannelSwitches>> {
    return this.repository.switchesOf([...new Set(userIds)]);
  }

  /** Every known channel with its state for this user. */
  async get(userId: string): Promise<NotificationPreferencesView> {
    const stored = await this.repository.find(userId);
    const channels = Object.fromEntries(
      this.registry.names.map((name) => [name, stored.channels[name] !== false]),
    );
    return { channels, updatedAt: stored.updatedAt };
  }

  /** Replaces the user's switches (PUT): channels left out are on. */
  async replace(userId: string, channels: ChannelSwitches): Promise<NotificationPreferencesView> {
    const known = new Set(this.registry.names);
    const errors = Object.entries(channels).flatMap(([name, on]) => {
      if (!known.has(name)) {
        return [
          {
            field: `channels.${name}`,
            reason: `is not a channel (known: ${[...known].join(', ')})`,
          },
        ];
      }
      if (name === INBOX_CHANNEL && on === false) {
        return [
          { field: `channels.${name}`, reason: 'cannot be turned off: the inbox always stores' },
        ];
      }
      return [];
    });
    if (errors.length > 0) throw new ValidationError(errors);
    await this.repository.save(userId, channels, new Date().toISOString());
    return this.get(userId);
  }
}
