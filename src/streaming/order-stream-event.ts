import type { Sequenced } from '../common';
import { isFinal, OrderChangedEvent } from '../orders';
import type { StreamEvent } from './stream-event';

/** The dashboard topic: every order's events. */
export const ORDERS_TOPIC = 'orders';

export const orderTopic = (orderId: string) => `order:${orderId}`;

/** One customer's feed: the events of every order of theirs. */
export const customerTopic = (customerId: string) => `customer:${customerId}`;

/** An order event as it goes on the wire (`event: order-update`). */
export function toOrderStreamEvent(event: Sequenced<OrderChangedEvent>): StreamEvent {
  const { orderId, customerId, status, previousStatus, version, occurredAt } = event;
  return {
    id: event.sequence,
    event: 'order-update',
    data: { orderId, customerId, status, previousStatus, version, occurredAt },
    final: isFinal(status),
  };
}
