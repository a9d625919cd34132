import type { MessageEvent } from '@nestjs/common';
import type { StreamEvent } from './stream-event';

/**
 * One event as NestJS's `SseStream` writes it, built once per event and shared by every
 * subscriber: `data` is the JSON string, so NestJS serializes nothing per subscriber, and `id`
 * is always set, so NestJS never gives the message an automatic id of its own (which would
 * move the client's Last-Event-ID to a number that means nothing to the log).
 */
export class StreamMessage implements MessageEvent {
  readonly id: string;
  readonly data: string;

  constructor(
    /** The event's durable sequence: what duplicates are dropped by (0 for notices). */
    readonly sequence: number,
    readonly type: string,
    data: unknown,
    /** The last event its stream carries (an order reached a final status). */
    readonly final = false,
    /** The `id:` the client keeps; a notice repeats the client's position ('' = none yet). */
    id: string = String(sequence),
  ) {
    this.id = id;
    // JSON.stringify never emits a raw line break, so NestJS writes one `data:` line.
    this.data = JSON.stringify(data);
  }

  /** What it takes in memory while it waits, for the pending-bytes gauge. */
  get length(): number {
    return this.data.length;
  }
}

export function toStreamMessage(event: StreamEvent): StreamMessage {
  return new StreamMessage(event.id, event.event, event.data, event.final);
}

/** A client's position as its `id:`: the event it last had, or '' before any (start over). */
export const positionId = (afterId: number | undefined): string =>
  afterId === undefined || afterId === 0 ? '' : String(afterId);

/**
 * The first message of every stream. `retry:` alone is not comment-only, so it carries the
 * client's position as its id: a client that reconnects right after it resumes where it was.
 */
export function retryMessage(retryMs: number, afterId: number | undefined): MessageEvent {
  return { retry: retryMs, id: positionId(afterId) };
}

/**
 * The client's Last-Event-ID cannot be used; the stream starts over (from the beginning of an
 * order's history, or live on a feed). Its id is that new start, '' (no position), so a client
 * that reconnects right after it starts over the same way instead of sending the bad id again.
 */
export function resyncMessage(reason: string, lastEventId: string | undefined): StreamMessage {
  return new StreamMessage(0, 'resync', { reason, lastEventId }, false, '');
}

/**
 * Sent before the first event after a gap: `count` events after `resumeFrom` were dropped
 * because the client read too slowly. Its id is `resumeFrom`, the client's position before the
 * gap, so reconnecting right after it (or with `?lastEventId=resumeFrom`) replays the gap.
 */
export function droppedMessage(count: number, resumeFrom: number): StreamMessage {
  return new StreamMessage(0, 'dropped', { count, resumeFrom }, false, positionId(resumeFrom));
}

/** A comment-only message: keeps proxies from closing an idle stream, moves no id. */
export const HEARTBEAT: MessageEvent = Object.freeze({ comment: '' });

/**
 * `@Sse()`'s `maxPendingDataLength` on every stream route, the second guard behind the
 * subscriber's buffer: NestJS drops a connection once this many characters of events wait in
 * its own queue. The buffer lets at most one turn's credit (SSE_BUFFER_SIZE messages) wait
 * there, so only a stream whose events average over 10 KiB at the default buffer size reaches it.
 */
export const SSE_MAX_PENDING_CHARACTERS = 1024 * 1024;
