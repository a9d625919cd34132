import { createParser } from 'eventsource-parser';
import http from 'node:http';
import { eventually } from './fixtures';
import type { SseEvent } from './sse';

export interface PausedSse {
  destroy(): void;
  /** The connection is gone (the server closed it, or `destroy()`). */
  isClosed(): boolean;
  /** The server ended the response cleanly. */
  isComplete(): boolean;
  /** Reads again, everything until the stream goes quiet. */
  readEvents(): Promise<SseEvent[]>;
}

/** An SSE client that stops reading right after the headers, until asked to read everything. */
export function openPausedSse(url: string, headers: Record<string, string>) {
  return new Promise<PausedSse>((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.pause(); // TCP backpressure reaches the server
      let closed = false;
      let complete = false;
      res.on('close', () => (closed = true));
      res.on('end', () => (complete = true));
      resolve({
        destroy: () => req.destroy(),
        isClosed: () => closed,
        isComplete: () => complete,
        readEvents: async () => {
          const events: SseEvent[] = [];
          const parser = createParser({
            onEvent: (e) => events.push({ id: e.id, event: e.event, data: e.data }),
          });
          let received = 0;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => ((received += chunk.length), parser.feed(chunk)));
          res.resume();
          let seen = -1;
          await eventually(
            () => {
              const quiet = received === seen;
              seen = received;
              return quiet;
            },
            20_000,
            300,
          );
          return events;
        },
      });
    });
    req.on('error', reject);
  });
}
