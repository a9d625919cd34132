import type { SseFrame } from './sse-frame';

/**
 * The frames one topic was sent since the hub's last flush. Nearly every subscriber of the topic
 * has exactly these queued, so their chunks are joined once into one Buffer that all of them
 * write: one plain socket write per subscriber per flush, however many events it carries.
 */
export class TopicBatch {
  readonly frames: SseFrame[] = [];
  private joined: Buffer | undefined;
  private joinedCount = 0;

  /**
   * The joined chunk when `queued` is this batch (a subscriber's queue is an ordered subsequence
   * of what its topic was sent, so equal ends and length mean equal contents); otherwise
   * undefined: the subscriber had frames left from an earlier flush, or skipped or dropped some.
   */
  joinedChunkFor(queued: readonly SseFrame[]): Buffer | undefined {
    const count = queued.length;
    const frames = this.frames;
    if (count < 2 || count !== frames.length) return undefined;
    if (queued[0] !== frames[0] || queued[count - 1] !== frames[count - 1]) return undefined;
    if (this.joinedCount !== count) {
      this.joined = Buffer.concat(frames.map((frame) => frame.chunk));
      this.joinedCount = count;
    }
    return this.joined;
  }
}
