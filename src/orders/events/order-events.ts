import type { DomainEvent, Sequenced } from '../../common';
import type { OrderStatus } from '../domain/order-status';

/** The payload of every order event; `aggregateId` is the order id. */
export interface OrderChangedEvent extends DomainEvent {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly previousStatus: OrderStatus | null;
  readonly version: number;
}

/** Every event the Orders module publishes, by name. Listeners use these keys, never literals. */
export interface OrderEventMap {
  'order.created': Sequenced<OrderChangedEvent>;
  'order.status-changed': Sequenced<OrderChangedEvent>;
}

// The orders' events join the one typed map of the bus (common's DomainEventMap).
declare module '../../common' {
  interface DomainEventMap extends OrderEventMap {}
}

export const OrderEvents = {
  created: 'order.created',
  statusChanged: 'order.status-changed',
} as const satisfies Record<string, keyof OrderEventMap>;

export const ORDER_EVENT_NAMES: readonly (keyof OrderEventMap)[] = Object.values(OrderEvents);
