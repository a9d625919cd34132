import type { SseFrame } from './sse-frame';

/**
 * The frames waiting for one client, at most `capacity` of them. A plain array: empty (and tiny)
 * for a client that keeps up, which is nearly every client; dropping the oldest shifts at most
 * `capacity` entries, and only for a client that is already too slow.
 */
export class FrameQueue {
  private frames: SseFrame[] = [];
  private byteCount = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.frames.length;
  }

  /** Bytes held, for the memory bound. */
  get bytes(): number {
    return this.byteCount;
  }

  get isFull(): boolean {
    return this.frames.length >= this.capacity;
  }

  push(frame: SseFrame): void {
    this.frames.push(frame);
    this.byteCount += frame.bytes.length;
  }

  dropOldest(): void {
    const dropped = this.frames.shift();
    if (dropped) this.byteCount -= dropped.bytes.length;
  }

  /** Removes every frame and returns them in order, for one (corked) write. */
  drain(): SseFrame[] {
    const frames = this.frames;
    this.frames = [];
    this.byteCount = 0;
    return frames;
  }

  clear(): void {
    this.drain();
  }
}
