import { createParser, EventSourceMessage } from 'eventsource-parser';
import http from 'node:http';
import { eventually } from './fixtures';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** An SSE response read with eventsource-parser: events, comments and retry as they arrive. */
export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The non-stream body (a Problem Details) when the status is not 200. */
  body: string;
  /** Every byte of the stream as it came, for what a parser does not report (ids of notices). */
  raw: string;
  events: SseEvent[];
  comments: string[];
  retry?: number;
  ended: Promise<void>;
  isEnded(): boolean;
  /** The response body ended cleanly (the server ended the stream), not a dropped connection. */
  isComplete(): boolean;
  /** Resolves once `count` events have arrived. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Opens `url` as an SSE stream with the given headers (auth, Last-Event-ID). */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let ended = false;
      let complete = false;
      res.on('end', () => (complete = true));
      const connection: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: '',
        raw: '',
        events: [],
        comments: [],
        ended: new Promise((done) => res.on('close', () => ((ended = true), done()))),
        isEnded: () => ended,
        isComplete: () => complete,
        waitForEvents: async (count, timeoutMs = 10_000) => {
          await eventually(() => connection.events.length >= count || ended, timeoutMs);
          return connection.events;
        },
        close: () => req.destroy(),
      };
      const parser = createParser({
        onEvent: (message: EventSourceMessage) =>
          connection.events.push({ id: message.id, event: message.event, data: message.data }),
        onComment: (comment) => connection.comments.push(comment),
        onRetry: (retry) => (connection.retry = retry),
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (connection.status === 200) {
          connection.raw += chunk;
          parser.feed(chunk);
        } else connection.body += chunk;
      });
      res.on('error', () => undefined);
      if (connection.status === 200) resolve(connection);
      else res.on('end', () => resolve(connection));
    });
    req.on('error', reject); // after the response arrived this is a no-op (close() destroys the request)
  });
}

export const dataOf = <T = Record<string, unknown>>(event: SseEvent): T =>
  JSON.parse(event.data) as T;
