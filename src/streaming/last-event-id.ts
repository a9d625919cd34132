import type { Request } from 'express';

/** The id a client resumes from: the `Last-Event-ID` header, else `?lastEventId=` (header wins). */
export function lastEventIdOf(req: Request): string | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string') return header;
  const query = req.query.lastEventId;
  return typeof query === 'string' ? query : undefined;
}

/** A valid id is a non-negative integer; anything else is `'malformed'`. */
export function parseEventId(raw: string | undefined): number | 'malformed' | undefined {
  if (raw === undefined) return undefined;
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : 'malformed';
}
