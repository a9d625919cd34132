import { customerTopic, orderTopic, ORDERS_TOPIC, toOrderStreamEvent } from './order-stream-event';

const changed = (status: string) =>
  ({
    sequence: 12,
    eventId: 'e-1',
    orderId: 'o-1',
    customerId: 'c-1',
    status,
    previousStatus: 'Packed',
    version: 4,
    occurredAt: '2026-12-05T10:00:00.000Z',
    correlationId: 'r-1',
  }) as unknown as Parameters<typeof toOrderStreamEvent>[0];

describe('toOrderStreamEvent', () => {
  it('puts the order change on the wire as order-update, with its sequence as id', () => {
    expect(toOrderStreamEvent(changed('Shipped'))).toEqual({
      id: 12,
      event: 'order-update',
      data: {
        orderId: 'o-1',
        customerId: 'c-1',
        status: 'Shipped',
        previousStatus: 'Packed',
        version: 4,
        occurredAt: '2026-12-05T10:00:00.000Z',
      },
      final: false,
    });
  });

  it('marks the last event of an order', () => {
    expect(toOrderStreamEvent(changed('Delivered')).final).toBe(true);
    expect(toOrderStreamEvent(changed('Cancelled')).final).toBe(true);
  });
});

describe('topics', () => {
  it('names one per order, one per customer and one for the dashboard', () => {
    expect([orderTopic('o-1'), customerTopic('c-1'), ORDERS_TOPIC]).toEqual([
      'order:o-1',
      'customer:c-1',
      'orders',
    ]);
  });
});
