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

/**
 * Sent (without an id) before the first frame after a gap: `count` events after `resumeFrom`
 * were dropped because the client read too slowly. Reconnecting with `Last-Event-ID:
 * resumeFrom` (or `?lastEventId=`) replays them from the log.
 */
export function droppedNotice(count: number, resumeFrom: number): Buffer {
  return encodeEvent({ event: 'dropped', data: { count, resumeFrom } }).bytes;
}

export function retryFrame(retryMs: number): Buffer {
  return Buffer.from(`retry: ${retryMs}\n\n`);
}

/** A comment: keeps proxies from closing an idle stream, dispatches nothing, moves no id. */
export const HEARTBEAT = Buffer.from(':\n\n');
