/**
 * SSE wire format. A frame is serialized once and the same Buffer is written to every
 * subscriber of its topic.
 */
export interface SseFrame {
  /** The event id (log sequence), or 0 for frames without one (heartbeats, resync). */
  readonly id: number;
  readonly bytes: Buffer;
  readonly final: boolean;
}

/** JSON.stringify never emits a raw line break, so one `data:` line carries any payload. */
export function encodeEvent(event: {
  id?: number;
  event: string;
  data: unknown;
  final?: boolean;
}): SseFrame {
  const idLine = event.id === undefined ? '' : `id: ${event.id}\n`;
  return {
    id: event.id ?? 0,
    bytes: Buffer.from(`${idLine}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`),
    final: event.final ?? false,
  };
}

export function retryFrame(retryMs: number): Buffer {
  return Buffer.from(`retry: ${retryMs}\n\n`);
}

/** A comment: keeps proxies from closing an idle stream, dispatches nothing, moves no id. */
export const HEARTBEAT = Buffer.from(':\n\n');

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;
