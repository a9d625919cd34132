import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems } from '../common';
import { lastEventIdOf, SseStreams } from '../streaming';
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
  @Get('stream')
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
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.open(res, {
      topic: userTopic(user.id),
      userId: user.id,
      lastEventId: lastEventIdOf(req),
      startAt: 'live',
      endsOnFinal: false,
      source: this.replay.forUser(user.id),
    });
  }
}
