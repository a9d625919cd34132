import { decodePageCursor, encodePageCursor } from '../../common';

/** The sequence the next page starts below. */
export function encodeInboxCursor(sequence: number): string {
  return encodePageCursor([sequence]);
}

export function decodeInboxCursor(cursor: string): number {
  return decodePageCursor(cursor, ([sequence]) =>
    Number.isSafeInteger(sequence) && (sequence as number) >= 0 ? (sequence as number) : undefined,
  );
}
