import { Injectable } from '@nestjs/common';
import type { ReplaySource } from '../../streaming';
import { toNotificationStreamEvent } from '../notification-stream-event';
import { SSE_CHANNEL } from '../delivery/channel-registry.service';
import { InboxRepository } from './inbox.repository';

/**
 * A user's stream replays from their inbox, so it survives restarts — without what the `sse`
 * channel skipped because the user had turned it off, which the live stream did not carry either.
 */
@Injectable()
export class InboxReplaySources {
  constructor(private readonly inbox: InboxRepository) {}

  forUser(userId: string): ReplaySource {
    return {
      readAfter: async (afterId, limit) =>
        (await this.inbox.readAfter(userId, afterId, limit, SSE_CHANNEL)).map(
          toNotificationStreamEvent,
        ),
      bounds: () => this.inbox.bounds(userId),
    };
  }
}
