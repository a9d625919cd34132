import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

const SANE_ID = /^[\w.:-]{1,128}$/;

/** Gives every request an id (the caller's X-Request-Id when sane) before anything can fail. */
export function assignRequestId(
  req: Request & { id?: string },
  res: Response,
  next: NextFunction,
): void {
  const given = req.headers['x-request-id'];
  req.id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}
