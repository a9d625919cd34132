import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Sequenced } from '../common';
import { OrderChangedEvent, OrderEvents } from '../orders';
import { customerTopic, ORDERS_TOPIC, orderTopic, toOrderStreamEvent } from './order-stream-event';
import { StreamHub } from './stream-hub.service';

/**
 * Puts every relayed order event on its order's topic, its customer's feed and the dashboard
 * topic, in log order.
 */
@Injectable()
export class PublishOrderEventsListener {
  constructor(private readonly hub: StreamHub) {}

  // Synchronous on purpose: the relay emits in log order and the hub must see that order.
  @OnEvent(OrderEvents.created)
  @OnEvent(OrderEvents.statusChanged)
  publish(event: Sequenced<OrderChangedEvent>): void {
    this.hub.publish(
      [orderTopic(event.orderId), customerTopic(event.customerId), ORDERS_TOPIC],
      toOrderStreamEvent(event),
    );
  }
}
