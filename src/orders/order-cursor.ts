import { ValidationError } from '../common';
import type { Order } from './domain/order';

/** Where the next page starts: the last order of the previous one. Opaque to clients. */
export interface OrderCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(order: Order): string {
  return Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');
}

export function decodeCursor(cursor: string): OrderCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
}
