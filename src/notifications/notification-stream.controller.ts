import { Controller, MessageEvent, Req, Sse, SseSignal } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems } from '../common';
import { SSE_MAX_PENDING_CHARACTERS, SseStreams, streamClientOf } from '../streaming';
import { InboxReplaySources } from './inbox/inbox-replay.source';
import { userTopic } from './notification-stream-event';

@ApiTags('streams')
@Controller('notifications')
export class NotificationStreamController {
  constructor(
    private readonly streams: SseStreams,
    private readonly replay: InboxReplaySources,
  ) {}

  /** The caller's notifications, live; after a reconnect, everything since Last-Event-ID first. */
  @Sse('stream', { maxPendingDataLength: SSE_MAX_PENDING_CHARACTERS })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `event: notification`, data: the notification, `id:` = its inbox ' +
      'sequence. Resume with the `Last-Event-ID` header or `?lastEventId=` (replayed from the ' +
      'inbox, across restarts); an unusable id gets `event: resync`.',
  })
  @ApiProblems(401, 429, 503)
  stream(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const spec = {
      topic: userTopic(user.id),
      userId: user.id,
      startAt: 'live' as const,
      endsOnFinal: false,
      source: this.replay.forUser(user.id),
    };
    return this.streams.open(spec, streamClientOf(req, signal));
  }
}
