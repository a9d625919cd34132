import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccessDeniedError, AuthenticatedUser, CurrentUser, isAdmin } from '../auth';
import { ApiProblems, ParseIdPipe } from '../common';
import { canSee, isFinal, OrderNotFoundError, OrdersService } from '../orders';
import { lastEventIdOf } from './last-event-id';
import { OrderReplaySources } from './order-replay.source';
import { ORDERS_TOPIC, orderTopic } from './order-stream-event';
import { SseStreams } from './sse-streams.service';

const STREAM_DESCRIPTION =
  'Server-Sent Events: `event: order-update`, `id:` = event log sequence. Resume with the ' +
  '`Last-Event-ID` header or `?lastEventId=`; an unusable id gets `event: resync`.';

@ApiTags('streams')
@Controller('orders')
export class OrderStreamsController {
  constructor(
    private readonly streams: SseStreams,
    private readonly replay: OrderReplaySources,
    private readonly orders: OrdersService,
  ) {}

  /** Every order's events, live from now (or from Last-Event-ID). Admins only. */
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: STREAM_DESCRIPTION })
  @ApiProblems(401, 403, 429, 503)
  dashboard(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!isAdmin(user)) throw new AccessDeniedError('The all-orders stream is for admins.');
    return this.streams.open(res, {
      topic: ORDERS_TOPIC,
      userId: user.id,
      lastEventId: lastEventIdOf(req),
      startAt: 'live',
      endsOnFinal: false,
      source: this.replay.allOrders(),
    });
  }

  /** One order: its whole history, then live; ends after its final status. */
  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `${STREAM_DESCRIPTION} Ends after Delivered or Cancelled; 204 once ended.`,
  })
  @ApiProblems(400, 401, 404, 429, 503)
  async order(
    @Param('id', ParseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const order = await this.orders.get(id);
    if (!canSee(user, order)) throw new OrderNotFoundError(id);
    return this.streams.open(res, {
      topic: orderTopic(id),
      userId: user.id,
      lastEventId: lastEventIdOf(req),
      startAt: 'beginning',
      endsOnFinal: true,
      source: this.replay.forOrder(id),
      // A final order whose events were pruned has ended too: 0 answers everyone with 204.
      endedAt: isFinal(order.status) ? ((await this.replay.lastEventIdOf(id)) ?? 0) : undefined,
    });
  }
}
