import { ValidationError } from '../../common';

/** Opaque to clients: the sequence the next page starts below. */
export function encodeInboxCursor(sequence: number): string {
  return Buffer.from(`n${sequence}`).toString('base64url');
}

export function decodeInboxCursor(cursor: string): number {
  const match = /^n(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
  }
  return Number(match[1]);
}
