import type { StreamMessage } from './stream-message';

/**
 * The messages waiting for one client, at most `capacity` of them, in one array that is
 * emptied and filled again, never replaced (a new array per burst was a per-subscriber
 * allocation V8 pretenured: docs/performance.md, Finding 13). Taken messages are skipped by an
 * index, and compacted away only for a client that never catches up.
 */
export class MessageQueue {
  private readonly queued: StreamMessage[] = [];
  private head = 0;
  private length = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.queued.length - this.head;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  /** Characters held, for the pending-bytes gauge. */
  get bytes(): number {
    return this.length;
  }

  push(message: StreamMessage): void {
    this.queued.push(message);
    this.length += message.length;
  }

  /** The oldest message, taken out (undefined when empty). */
  shift(): StreamMessage | undefined {
    if (this.head === this.queued.length) return undefined;
    const message = this.queued[this.head]!;
    this.queued[this.head] = undefined!;
    this.length -= message.length;
    if (++this.head === this.queued.length) this.clear();
    else if (this.head >= this.capacity) this.compact();
    return message;
  }

  /** Drops the taken slots at the front, so a queue that never empties does not grow. */
  private compact(): void {
    this.queued.splice(0, this.head);
    this.head = 0;
  }

  /** Empties the queue and keeps its array's capacity (`pop` keeps the backing store). */
  clear(): void {
    while (this.queued.length > 0) this.queued.pop();
    this.head = 0;
    this.length = 0;
  }
}
