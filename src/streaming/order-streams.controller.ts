import { Controller, MessageEvent, Param, Query, Req, Sse, SseSignal } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AuthenticatedUser, CurrentUser } from '../auth';
import { ApiProblems, ParseIdPipe } from '../common';
import { canSee, isFinal, listFilterFor, OrderNotFoundError, OrdersService } from '../orders';
import { OrderFeedQuery } from './dto/order-feed.query';
import { OrderReplaySources } from './order-replay.source';
import { customerTopic, ORDERS_TOPIC, orderTopic } from './order-stream-event';
import { SseStreams } from './sse-streams.service';
import { streamClientOf } from './stream-client';
import { SSE_MAX_PENDING_CHARACTERS } from './stream-message';

const STREAM_DESCRIPTION =
  'Server-Sent Events: `event: order-update`, `id:` = event log sequence. Resume with the ' +
  '`Last-Event-ID` header or `?lastEventId=`; an unusable id gets `event: resync`.';
const SSE_OPTIONS = { maxPendingDataLength: SSE_MAX_PENDING_CHARACTERS };

@ApiTags('streams')
@Controller('orders')
export class OrderStreamsController {
  constructor(
    private readonly streams: SseStreams,
    private readonly replay: OrderReplaySources,
    private readonly orders: OrdersService,
  ) {}

  /**
   * A feed of orders' events, live from now (or from Last-Event-ID), for as long as the client
   * stays: a customer's own orders, present and future; every order for an admin, or one
   * customer's with `?customerId=`. Who may name whom is the order list's rule.
   */
  @Sse('stream', SSE_OPTIONS)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `${STREAM_DESCRIPTION} A customer's own orders; every order for an admin.`,
  })
  @ApiProblems(400, 401, 403, 429, 503)
  async feed(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: OrderFeedQuery,
    @Req() req: Request,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const customerId = listFilterFor(user, query.customerId);
    const spec = {
      topic: customerId === undefined ? ORDERS_TOPIC : customerTopic(customerId),
      userId: user.id,
      startAt: 'live' as const,
      endsOnFinal: false,
      source:
        customerId === undefined ? this.replay.allOrders() : this.replay.forCustomer(customerId),
    };
    return this.streams.open(spec, streamClientOf(req, signal));
  }

  /** One order: its whole history, then live; ends after its final status. */
  @Sse(':id/stream', SSE_OPTIONS)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `${STREAM_DESCRIPTION} Ends after Delivered or Cancelled; 204 once ended.`,
  })
  @ApiProblems(400, 401, 404, 429, 503)
  async order(
    @Param('id', ParseIdPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const order = await this.orders.get(id);
    if (!canSee(user, order)) throw new OrderNotFoundError(id);
    const spec = {
      topic: orderTopic(id),
      userId: user.id,
      startAt: 'beginning' as const,
      endsOnFinal: true,
      source: this.replay.forOrder(id),
      // A final order whose events were pruned has ended too: 0 answers everyone with 204.
      endedAt: isFinal(order.status) ? ((await this.replay.lastEventIdOf(id)) ?? 0) : undefined,
    };
    return this.streams.open(spec, streamClientOf(req, signal));
  }
}
