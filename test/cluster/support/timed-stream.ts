import { createParser } from 'eventsource-parser';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedEvent {
  id?: string;
  event?: string;
  data: string;
  /** performance.now() when the event was parsed. */
  at: number;
}

/** An SSE stream that records when each event arrived; resolves once the headers are in. */
export function openTimedStream(
  url: string,
  headers: Record<string, string>,
): Promise<{ events: TimedEvent[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const events: TimedEvent[] = [];
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const parser = createParser({
        onEvent: ({ id, event, data }) => events.push({ id, event, data, at: performance.now() }),
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('error', () => undefined);
      resolve({ events, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
