import { createParser } from 'eventsource-parser';
import http2, { ClientHttp2Session, IncomingHttpHeaders } from 'node:http2';
import { sleep } from '../../support/fixtures';
import type { SseEvent } from '../../support/sse';

/** One HTTP/2 connection to `url`, as a browser holds one per origin (test certificate accepted). */
export function connectHttp2(url: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url, { rejectUnauthorized: false });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

export interface Http2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain request on the session. */
export function http2Request(
  session: ClientHttp2Session,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Http2Response> {
  return new Promise((resolve, reject) => {
    const content = body === undefined ? undefined : JSON.stringify(body);
    const stream = session.request({
      ':method': method,
      ':path': path,
      ...headers,
      ...(content ? { 'content-type': 'application/json' } : {}),
    });
    let status = 0;
    let responseHeaders: IncomingHttpHeaders = {};
    let text = '';
    stream.on('response', (h) => ((responseHeaders = h), (status = Number(h[':status']))));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve({ status, headers: responseHeaders, body: text }));
    stream.on('error', reject);
    stream.end(content);
  });
}

export interface Http2Sse {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  ended: Promise<void>;
  close(): void;
}

/** An SSE stream on the session; resolves once the response headers are in. */
export function openHttp2Sse(
  session: ClientHttp2Session,
  path: string,
  headers: Record<string, string>,
): Promise<Http2Sse> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, accept: 'text/event-stream', ...headers });
    const events: SseEvent[] = [];
    const ended = new Promise<void>((done) => stream.once('close', () => done()));
    const parser = createParser({
      onEvent: ({ id, event, data }) => events.push({ id, event, data }),
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => parser.feed(chunk));
    stream.on('error', () => undefined); // the end shows in `ended`
    stream.once('response', (h) =>
      resolve({
        status: Number(h[':status']),
        headers: h,
        events,
        ended,
        close: () => stream.close(),
      }),
    );
    stream.once('error', reject);
  });
}

/**
 * Follows a stream the way EventSource does: whenever it ends, reconnects with the last id it
 * got (Last-Event-ID), until `done` says so or the server answers 204.
 */
export async function followStream(
  session: ClientHttp2Session,
  path: string,
  headers: Record<string, string>,
  done: (events: SseEvent[]) => boolean,
): Promise<{ events: SseEvent[]; connections: number }> {
  const events: SseEvent[] = [];
  let connections = 0;
  while (!done(events)) {
    const lastId = events.filter((e) => e.id).at(-1)?.id;
    const stream = await openHttp2Sse(session, path, {
      ...headers,
      ...(lastId ? { 'last-event-id': lastId } : {}),
    }).catch(() => undefined);
    if (stream?.status === 204) break;
    if (stream) {
      connections++;
      await stream.ended;
      events.push(...stream.events);
    }
    if (!done(events)) await sleep(200); // the retry a client waits
  }
  return { events, connections };
}
