/** Status names as clients see them. */
export const ORDER_STATUSES = [
  'Created',
  'PaymentConfirmed',
  'Packed',
  'Shipped',
  'OutForDelivery',
  'Delivered',
  'Cancelled',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The happy path a simulation walks, Created to Delivered. */
export const ORDER_LIFECYCLE: readonly OrderStatus[] = ORDER_STATUSES.slice(0, 6);
const CANCELLABLE: ReadonlySet<OrderStatus> = new Set(['Created', 'PaymentConfirmed', 'Packed']);

export function isFinal(status: OrderStatus): boolean {
  return status === 'Delivered' || status === 'Cancelled';
}

/** The next status on the happy path, or undefined once final. */
export function nextOnLifecycle(status: OrderStatus): OrderStatus | undefined {
  if (isFinal(status)) return undefined;
  return ORDER_LIFECYCLE[ORDER_LIFECYCLE.indexOf(status) + 1];
}

/** Every status `status` may move to, in lifecycle order. */
export function allowedTransitions(status: OrderStatus): OrderStatus[] {
  const next = nextOnLifecycle(status);
  return [...(next ? [next] : []), ...(CANCELLABLE.has(status) ? (['Cancelled'] as const) : [])];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowedTransitions(from).includes(to);
}
