import { ValidationError } from '../errors/domain-error';

/** A keyset position (the last item of a page), opaque to clients: base64url of a JSON array. */
export function encodePageCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Reads a cursor `encodePageCursor` made; `read` checks the values and returns the position,
 * or undefined when they are not what this list hands out. Anything else is a 400 on `cursor`.
 */
export function decodePageCursor<T>(cursor: string, read: (values: unknown[]) => T | undefined): T {
  let position: T | undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values)) position = read(values);
  } catch {
    // not JSON: the same answer as any other foreign cursor
  }
  if (position === undefined) {
    throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor this API returned' }]);
  }
  return position;
}
