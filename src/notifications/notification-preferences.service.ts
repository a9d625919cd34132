import { Injectable } from '@nestjs/common';
import { ValidationError } from '../common';
import { RecipientAddresses } from './addresses/recipient-addresses.repository';
import { ChannelRegistry, INBOX_CHANNEL } from './delivery/channel-registry.service';
import { ChannelSwitches, PreferencesRepository } from './preferences.repository';

export interface NotificationPreferencesView {
  channels: ChannelSwitches;
  /** The address the user chose for e-mail (null: their token's `email` claim, if any). */
  email: string | null;
  updatedAt: string | null;
}

/** What a PUT changes; a field left out keeps what is stored. */
export interface PreferencesChange {
  channels?: ChannelSwitches;
  email?: string | null;
}

/**
 * Which channels reach a user, and at which e-mail address. A channel is on unless the user
 * turned it off.
 */
@Injectable()
export class NotificationPreferences {
  constructor(
    private readonly repository: PreferencesRepository,
    private readonly registry: ChannelRegistry,
    private readonly addresses: RecipientAddresses,
  ) {}

  /** Each user's stored switches; a channel missing from them, or a user missing, is on. */
  async switchesOf(userIds: Iterable<string>): Promise<ReadonlyMap<string, ChannelSwitches>> {
    return this.repository.switchesOf([...new Set(userIds)]);
  }

  /** Every known channel with its state for this user. */
  async get(userId: string): Promise<NotificationPreferencesView> {
    const [stored, email] = await Promise.all([
      this.repository.find(userId),
      this.addresses.chosenEmailOf(userId),
    ]);
    const channels = Object.fromEntries(
      this.registry.names.map((name) => [name, stored.channels[name] !== false]),
    );
    return { channels, email, updatedAt: stored.updatedAt };
  }

  /**
   * PUT: the switches given replace the stored ones (channels left out are on), an `email`
   * given replaces the chosen address; a field left out is kept.
   */
  async replace(userId: string, change: PreferencesChange): Promise<NotificationPreferencesView> {
    if (change.channels) this.check(change.channels);
    const channels = change.channels ?? (await this.repository.find(userId)).channels;
    await this.repository.save(userId, channels, new Date().toISOString());
    if (change.email !== undefined) await this.addresses.choose(userId, change.email);
    return this.get(userId);
  }

  private check(channels: ChannelSwitches): void {
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
  }
}
