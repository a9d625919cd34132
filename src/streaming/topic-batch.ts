import type { SseFrame } from './sse-frame';

/**
 * The frames one topic was sent since the hub's last flush. Nearly every subscriber of the topic
 * writes exactly these, so their chunks are joined once into one Buffer that all of them write:
 * one plain socket write per subscriber per flush, however many events it carries.
 */
export class TopicBatch {
  readonly frames: SseFrame[] = [];
  /** The first event id in the batch (0 while it has only frames without one). */
  firstId = 0;
  /** The last event id in the batch (0 while it has only frames without one). */
  lastId = 0;
  /** Every event id is above the one before it: what the log's order gives. */
  ascending = true;
  /** Some frame ends its stream (per-order streams end after it). */
  hasFinal = false;
  private joined: Buffer | undefined;
  private joinedCount = 0;

  add(frame: SseFrame): void {
    this.frames.push(frame);
    if (frame.final) this.hasFinal = true;
    if (frame.id === 0) return;
    if (this.firstId === 0) this.firstId = frame.id;
    else if (frame.id <= this.lastId) this.ascending = false;
    this.lastId = frame.id;
  }

  /** Every frame's chunk, joined once (undefined for a single frame: write its own chunk). */
  joinedChunk(): Buffer | undefined {
    const count = this.frames.length;
    if (count < 2) return undefined;
    if (this.joinedCount !== count) {
      this.joined = Buffer.concat(this.frames.map((frame) => frame.chunk));
      this.joinedCount = count;
    }
    return this.joined;
  }

  /**
   * The joined chunk when `queued` is this batch (a subscriber's queue is an ordered subsequence
   * of what its topic was sent, so equal ends and length mean equal contents); otherwise
   * undefined: the subscriber had frames left from an earlier flush, or skipped or dropped some.
   */
  joinedChunkFor(queued: readonly SseFrame[]): Buffer | undefined {
    const count = queued.length;
    const frames = this.frames;
    if (count !== frames.length) return undefined;
    if (queued[0] !== frames[0] || queued[count - 1] !== frames[count - 1]) return undefined;
    return this.joinedChunk();
  }
}
