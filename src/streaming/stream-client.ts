import type { Request } from 'express';
import type { ServerResponse } from 'node:http';

/** The client of one stream request, as the `@Sse()` handler sees it. */
export interface StreamClient {
  /** The raw Last-Event-ID, from the header or else `?lastEventId=` (the header wins). */
  lastEventId?: string;
  /** Watched (never written) for whether it can take more; NestJS's `SseStream` writes it. */
  response: ServerResponse;
  /** `@SseSignal()`: aborted once the client left or the stream is over. */
  signal: AbortSignal;
  /** Express routes HEAD to the GET handler: headers only, no stream to hold. */
  isHead: boolean;
}

export function streamClientOf(req: Request, signal: AbortSignal): StreamClient {
  return {
    lastEventId: lastEventIdOf(req),
    response: req.res!,
    signal,
    isHead: req.method === 'HEAD',
  };
}

function lastEventIdOf(req: Request): string | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string') return header;
  const query = req.query.lastEventId;
  return typeof query === 'string' ? query : undefined;
}
