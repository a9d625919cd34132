import type { ServerResponse } from 'node:http';

/**
 * SSE wire format. A frame is serialized once — as SSE bytes and as a ready HTTP/1.1 chunk of
 * them — and the same Buffers are written to every subscriber of its topic.
 */
export interface SseFrame {
  /** The event id (log sequence), or 0 for frames without one (heartbeats, resync). */
  readonly id: number;
  readonly bytes: Buffer;
  /** `bytes` framed for `Transfer-Encoding: chunked`, for writing straight to the socket. */
  readonly chunk: Buffer;
  readonly final: boolean;
}

const CRLF = Buffer.from('\r\n');

export function frameOf(bytes: Buffer, id = 0, final = false): SseFrame {
  const chunk = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, CRLF]);
  return { id, bytes, chunk, final };
}

/** JSON.stringify never emits a raw line break, so one `data:` line carries any payload. */
export function encodeEvent(event: {
  id?: number;
  event: string;
  data: unknown;
  final?: boolean;
}): SseFrame {
  const idLine = event.id === undefined ? '' : `id: ${event.id}\n`;
  const bytes = Buffer.from(
    `${idLine}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`,
  );
  return frameOf(bytes, event.id, event.final);
}

/**
 * Sent (without an id) before the first frame after a gap: `count` events after `resumeFrom`
 * were dropped because the client read too slowly. Reconnecting with `Last-Event-ID:
 * resumeFrom` (or `?lastEventId=`) replays them from the log.
 */
export function droppedNotice(count: number, resumeFrom: number): SseFrame {
  return encodeEvent({ event: 'dropped', data: { count, resumeFrom } });
}

export function retryFrame(retryMs: number): SseFrame {
  return frameOf(Buffer.from(`retry: ${retryMs}\n\n`));
}

/** A comment: keeps proxies from closing an idle stream, dispatches nothing, moves no id. */
export const HEARTBEAT = frameOf(Buffer.from(':\n\n'));

/**
 * The stream's status line and headers, sent at once so a proxy or client sees the stream open
 * before its first event. Never cached or transformed (compressed) on the way; nginx must not
 * buffer it. Headers set earlier on the response (X-Request-Id) go out with them.
 */
const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

export function writeSseHead(res: ServerResponse): void {
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
}
