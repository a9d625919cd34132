import type { SseFrame } from './sse-frame';

/** A fixed-capacity FIFO of frames (a ring), so a slow client costs at most `capacity` slots. */
export class FrameQueue {
  private readonly slots: (SseFrame | undefined)[];
  private head = 0;
  private count = 0;
  private byteCount = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held, for the memory bound. */
  get bytes(): number {
    return this.byteCount;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  push(frame: SseFrame): void {
    this.slots[(this.head + this.count) % this.capacity] = frame;
    this.count++;
    this.byteCount += frame.bytes.length;
  }

  dropOldest(): void {
    this.byteCount -= this.slots[this.head]!.bytes.length;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  /** Removes every frame and returns them in order, for one (corked) write. */
  drain(): SseFrame[] {
    const frames: SseFrame[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const index = (this.head + i) % this.capacity;
      frames[i] = this.slots[index]!;
      this.slots[index] = undefined;
    }
    this.head = 0;
    this.count = 0;
    this.byteCount = 0;
    return frames;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.byteCount = 0;
  }
}
