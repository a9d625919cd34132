import { allowedTransitions, canTransition, isFinal, nextOnLifecycle } from './order-status';

describe('order status machine', () => {
  it('walks the lifecycle from Created to Delivered', () => {
    const walked = ['Created'];
    let next = nextOnLifecycle('Created');
    while (next) {
      walked.push(next);
      next = nextOnLifecycle(next);
    }
    expect(walked).toEqual([
      'Created',
      'PaymentConfirmed',
      'Packed',
      'Shipped',
      'OutForDelivery',
      'Delivered',
    ]);
  });

  it('allows cancelling only before Shipped', () => {
    expect(canTransition('Packed', 'Cancelled')).toBe(true);
    expect(canTransition('Shipped', 'Cancelled')).toBe(false);
    expect(allowedTransitions('Created')).toEqual(['PaymentConfirmed', 'Cancelled']);
  });

  it('rejects a transition from Delivered or Cancelled', () => {
    expect(isFinal('Delivered')).toBe(true);
    expect(allowedTransitions('Delivered')).toEqual([]);
    expect(allowedTransitions('Cancelled')).toEqual([]);
  });

  it('rejects skipping a step', () => {
    expect(canTransition('Created', 'Shipped')).toBe(false);
  });
});
