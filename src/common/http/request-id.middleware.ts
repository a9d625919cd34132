import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { traceIdOf } from './trace-context';

const SANE_ID = /^[\w.:-]{1,128}$/;

/** A request as Herald names it: its id, and the caller's valid `traceparent`, if any. */
export type IdentifiedRequest = Request & { id?: string; traceparent?: string };

/**
 * Gives every request an id before anything can fail: the caller's X-Request-Id when sane, else
 * the trace id of a valid `traceparent` (so the request's lines and records are found by the
 * caller's trace), else a UUID. A malformed `traceparent` is ignored, as W3C Trace Context asks.
 * The id is the correlation id of every event the request causes.
 */
export function assignRequestId(req: IdentifiedRequest, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const traceparent = req.headers.traceparent;
  const traceId = typeof traceparent === 'string' ? traceIdOf(traceparent) : undefined;
  req.traceparent = traceId === undefined ? undefined : (traceparent as string);
  req.id = typeof given === 'string' && SANE_ID.test(given) ? given : (traceId ?? randomUUID());
  res.setHeader('X-Request-Id', req.id);
  next();
}
