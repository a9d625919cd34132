import type { AuthenticatedUser } from '../auth';
import type { Order } from './domain/order';
import { assertMayChangeStatus, listFilterFor, orderOwner, visibleTo } from './order-access';

const alice: AuthenticatedUser = { id: 'alice', roles: [] };
const admin: AuthenticatedUser = { id: 'ops', roles: ['admin'] };
const order = { id: 'o-1', customerId: 'alice' } as Order;

describe('order access', () => {
  it('shows an order to its customer and admins, and hides it as not found from others', () => {
    expect(visibleTo(alice, order)).toBe(order);
    expect(visibleTo(admin, order)).toBe(order);
    expect(() => visibleTo({ id: 'bob', roles: [] }, order)).toThrow(
      expect.objectContaining({ code: 'ORDER.NOT_FOUND', status: 404 }),
    );
  });

  it('creates orders for the caller unless an admin names someone', () => {
    expect(orderOwner(alice, undefined)).toBe('alice');
    expect(orderOwner(alice, 'alice')).toBe('alice');
    expect(() => orderOwner(alice, 'bob')).toThrow(expect.objectContaining({ status: 403 }));
    expect(orderOwner(admin, 'bob')).toBe('bob');
    expect(orderOwner(admin, undefined)).toBe('ops');
  });

  it('forces a customer list onto their own orders', () => {
    expect(listFilterFor(alice, undefined)).toBe('alice');
    expect(() => listFilterFor(alice, 'bob')).toThrow(expect.objectContaining({ status: 403 }));
    expect(listFilterFor(admin, undefined)).toBeUndefined();
    expect(listFilterFor(admin, 'bob')).toBe('bob');
  });

  it('lets customers only cancel', () => {
    expect(() => assertMayChangeStatus(alice, 'Cancelled')).not.toThrow();
    expect(() => assertMayChangeStatus(alice, 'Shipped')).toThrow(
      expect.objectContaining({ code: 'AUTH.FORBIDDEN' }),
    );
    expect(() => assertMayChangeStatus(admin, 'Shipped')).not.toThrow();
  });
});
