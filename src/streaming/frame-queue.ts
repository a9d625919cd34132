import type { SseFrame } from './sse-frame';

/**
 * The frames waiting for one client, at most `capacity` of them, in one array that is emptied
 * and filled again, never replaced: a client that keeps up gets a frame, writes it and empties
 * the queue for every event, so a new array each time would be one allocation per subscriber
 * per event (docs/performance.md, Finding 13). Dropping the oldest shifts at most `capacity`
 * entries, and only for a client that is already too slow.
 */
export class FrameQueue {
  private readonly queued: SseFrame[] = [];
  private byteCount = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.queued.length;
  }

  /** Bytes held, for the memory bound. */
  get bytes(): number {
    return this.byteCount;
  }

  get isFull(): boolean {
    return this.queued.length >= this.capacity;
  }

  /** The queued frames, oldest first: the queue's own array, to write before it changes. */
  get frames(): readonly SseFrame[] {
    return this.queued;
  }

  push(frame: SseFrame): void {
    this.queued.push(frame);
    this.byteCount += frame.bytes.length;
  }

  dropOldest(): void {
    const dropped = this.queued.shift();
    if (dropped) this.byteCount -= dropped.bytes.length;
  }

  /**
   * Empties the queue and keeps its array's capacity: `pop` leaves a small array's backing
   * store in place, where `length = 0` would free it and the next push allocate it again.
   */
  clear(): void {
    while (this.queued.length > 0) this.queued.pop();
    this.byteCount = 0;
  }
}
