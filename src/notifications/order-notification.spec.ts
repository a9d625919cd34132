import { ORDER_STATUSES, OrderChangedEvent } from '../orders';
import { orderNotification } from './order-notification';

const event = (status: OrderChangedEvent['status']): OrderChangedEvent => ({
  eventId: '1b6f0000-0000-4000-8000-000000000001',
  aggregateId: '6f1c2a3b-0000-4000-8000-000000000002',
  orderId: '6f1c2a3b-0000-4000-8000-000000000002',
  customerId: 'customer-42',
  status,
  previousStatus: null,
  version: 1,
  occurredAt: '2026-01-01T12:00:00.000Z',
  correlationId: 'request-7',
});

describe(orderNotification.name, () => {
  it('addresses the customer, keyed by the event so a re-published event is the same notification', () => {
    const notification = orderNotification(event('Shipped'));
    expect(notification).toMatchObject({
      id: '1b6f0000-0000-4000-8000-000000000001',
      userId: 'customer-42',
      type: 'order.shipped',
      title: 'Order shipped',
      body: 'Your order #6f1c2a3b is on its way.',
      severity: 'info',
      orderId: '6f1c2a3b-0000-4000-8000-000000000002',
      createdAt: '2026-01-01T12:00:00.000Z',
    });
    expect(orderNotification(event('Shipped'))).toEqual(notification);
  });

  it('words every status differently', () => {
    const titles = ORDER_STATUSES.map((status) => orderNotification(event(status)).title);
    expect(new Set(titles).size).toBe(ORDER_STATUSES.length);
    expect(orderNotification(event('Cancelled')).severity).toBe('warning');
    expect(orderNotification(event('Delivered')).severity).toBe('success');
  });
});
