import { Injectable } from '@nestjs/common';
import type { Sequenced } from '../common';
import { OrderChangedEvent, OrderEvents } from '../orders';
import { OnEveryInstance } from '../persistence';
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
  // Every instance: each feeds its own hub.
  @OnEveryInstance(OrderEvents.created)
  @OnEveryInstance(OrderEvents.statusChanged)
  publish(event: Sequenced<OrderChangedEvent>): void {
    this.hub.publish(
      [orderTopic(event.orderId), customerTopic(event.customerId), ORDERS_TOPIC],
      toOrderStreamEvent(event),
    );
  }
}
