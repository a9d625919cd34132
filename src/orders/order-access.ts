import { AccessDeniedError, AuthenticatedUser, isAdmin } from '../auth';
import type { Order } from './domain/order';
import type { OrderStatus } from './domain/order-status';
import { OrderNotFoundError } from './domain/orders.errors';

/**
 * Who may do what with an order (README, "Access rules"). Someone else's order is reported as
 * not found, exactly like an unknown id, so order ids cannot be probed.
 */
export function canSee(user: AuthenticatedUser, order: Order): boolean {
  return isAdmin(user) || order.customerId === user.id;
}

export function visibleTo(user: AuthenticatedUser, order: Order): Order {
  if (!canSee(user, order)) throw new OrderNotFoundError(order.id);
  return order;
}

/** The customer an order is created for: the caller, or anyone an admin names. */
export function orderOwner(user: AuthenticatedUser, requested: string | undefined): string {
  if (requested === undefined || requested === user.id || isAdmin(user)) {
    return requested ?? user.id;
  }
  throw new AccessDeniedError('Customers create orders only for themselves (customerId).');
}

/** The customer filter of a list: customers always see only their own orders. */
export function listFilterFor(user: AuthenticatedUser, requested: string | undefined) {
  if (isAdmin(user)) return requested;
  if (requested !== undefined && requested !== user.id) {
    throw new AccessDeniedError('Customers list only their own orders (customerId).');
  }
  return user.id;
}

/** A customer may cancel their own order; every other status change is for admins. */
export function assertMayChangeStatus(user: AuthenticatedUser, status: OrderStatus): void {
  if (status !== 'Cancelled' && !isAdmin(user)) {
    throw new AccessDeniedError(`Only an admin may move an order to ${status}.`);
  }
}
