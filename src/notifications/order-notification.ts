import type { OrderChangedEvent, OrderStatus } from '../orders';
import type { NotificationDraft, NotificationSeverity } from './notification';

interface Wording {
  type: string;
  title: string;
  body: (order: string) => string;
  severity: NotificationSeverity;
}

const WORDING: Record<OrderStatus, Wording> = {
  Created: {
    type: 'order.created',
    title: 'Order received',
    body: (order) => `We have received your order ${order} and will confirm payment shortly.`,
    severity: 'info',
  },
  PaymentConfirmed: {
    type: 'order.payment-confirmed',
    title: 'Payment confirmed',
    body: (order) => `Your payment for order ${order} is confirmed; we are preparing it.`,
    severity: 'success',
  },
  Packed: {
    type: 'order.packed',
    title: 'Order packed',
    body: (order) => `Your order ${order} is packed and waiting for the carrier.`,
    severity: 'info',
  },
  Shipped: {
    type: 'order.shipped',
    title: 'Order shipped',
    body: (order) => `Your order ${order} is on its way.`,
    severity: 'info',
  },
  OutForDelivery: {
    type: 'order.out-for-delivery',
    title: 'Out for delivery',
    body: (order) => `Your order ${order} is out for delivery and arrives today.`,
    severity: 'info',
  },
  Delivered: {
    type: 'order.delivered',
    title: 'Order delivered',
    body: (order) => `Your order ${order} has been delivered. Enjoy!`,
    severity: 'success',
  },
  Cancelled: {
    type: 'order.cancelled',
    title: 'Order cancelled',
    body: (order) => `Your order ${order} was cancelled. Any payment will be refunded.`,
    severity: 'warning',
  },
};

/**
 * The customer's notification for one order event. Its id is the event's id, so an event the
 * relay publishes again after a crash makes the same notification, which is stored only once.
 */
export function orderNotification(event: OrderChangedEvent): NotificationDraft {
  const wording = WORDING[event.status];
  return {
    id: event.eventId,
    userId: event.customerId,
    type: wording.type,
    title: wording.title,
    body: wording.body(`#${event.orderId.slice(0, 8)}`),
    severity: wording.severity,
    orderId: event.orderId,
    data: {
      status: event.status,
      previousStatus: event.previousStatus,
      version: event.version,
      eventId: event.eventId,
    },
    createdAt: event.occurredAt,
    correlationId: event.correlationId,
    traceparent: event.traceparent ?? null,
  };
}
