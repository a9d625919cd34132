import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context `traceparent`: `version-traceId-parentId-flags`, lowercase hex. Version 00
 * is exactly these four fields; a later version may append more after a `-`, which a parser of
 * version 00 reads past. Version ff, and all-zero ids, are invalid.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/** The trace id of a valid `traceparent`, else undefined (a malformed header is ignored). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ZEROS.test(traceId) || ZEROS.test(parentId)) return undefined;
  return traceId;
}

/**
 * The `traceparent` of a call made on behalf of `traceparent` (a webhook POST): the same trace
 * and sampling flag, a new span id of its own, version 00 (the one Herald speaks).
 */
export function childTraceparent(traceparent: string): string {
  const [, traceId, , flags] = traceparent.split('-');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}
