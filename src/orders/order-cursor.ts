import { decodePageCursor, encodePageCursor } from '../common';
import type { Order } from './domain/order';

/** Where the next page starts: the last order of the previous one. */
export interface OrderCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(order: Order): string {
  return encodePageCursor([order.createdAt, order.id]);
}

export function decodeCursor(cursor: string): OrderCursor {
  return decodePageCursor(cursor, ([createdAt, id]) =>
    typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : undefined,
  );
}
