import { Injectable } from '@nestjs/common';
import type { ReplaySource } from '../../streaming';
import { toNotificationStreamEvent } from '../notification-stream-event';
import { InboxRepository } from './inbox.repository';

/** A user's stream replays from their inbox, so it survives restarts. */
@Injectable()
export class InboxReplaySources {
  constructor(private readonly inbox: InboxRepository) {}

  forUser(userId: string): ReplaySource {
    return {
      readAfter: async (afterId, limit) =>
        (await this.inbox.readAfter(userId, afterId, limit)).map(toNotificationStreamEvent),
      bounds: () => this.inbox.bounds(userId),
    };
  }
}
