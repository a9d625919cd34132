import type { ServerResponse } from 'node:http';
import { FrameQueue } from './frame-queue';
import { ResponseWire } from './response-wire';
import { droppedNotice, HEARTBEAT, SseFrame } from './sse-frame';
import type { TopicBatch } from './topic-batch';

export type OverflowPolicy = 'drop-oldest' | 'disconnect';
export type EndReason = 'completed' | 'overflow' | 'shutdown';

export interface SubscriberOptions {
  topic: string;
  userId: string;
  capacity: number;
  overflow: OverflowPolicy;
  /** Per-order streams end after their final event; the dashboard never does. */
  endsOnFinal: boolean;
}

export interface SubscriberHooks {
  /** Asks the hub to flush this subscriber soon, together with every other one (one write each). */
  scheduleFlush(subscriber: Subscriber): void;
  onDropped(count: number): void;
  /** The stream is over: unregister it. */
  onEnd(subscriber: Subscriber, reason: EndReason): void;
}

/**
 * One open stream. Frames wait in a bounded queue and reach the socket only while it accepts
 * more (a write that returns false parks the queue until 'drain'), so a slow client holds at
 * most `capacity` frames plus one coalesced write, and never slows anyone else.
 */
export class Subscriber {
  readonly topic: string;
  readonly userId: string;
  /** The id of the last event queued or written; live frames at or below it are duplicates. */
  lastId = 0;
  /** The hub's mark: this subscriber is in its list of those to flush. */
  flushPending = false;
  private readonly queue: FrameQueue;
  private readonly wire: ResponseWire;
  private live = false;
  private held: SseFrame[] = [];
  private heldOverflowed = false;
  private blocked = false;
  /** The id of the last event handed to the socket: the client's position once it reads it. */
  private lastWrittenId = 0;
  /** Events dropped since the last write, and the id they followed. */
  private gap: { after: number; count: number } | undefined;
  private ending = false;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SubscriberOptions,
    private readonly hooks: SubscriberHooks,
  ) {
    this.topic = options.topic;
    this.userId = options.userId;
    this.queue = new FrameQueue(options.capacity);
    this.wire = new ResponseWire(res);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** What the server holds for this client: queued frames plus bytes Node has not sent yet. */
  get pendingBytes(): number {
    return this.queue.bytes + this.wire.pendingBytes;
  }

  /**
   * A topic's batch, at the hub's flush. A subscriber in step with its topic — live, nothing
   * queued, held back or dropped, its socket not full, the batch within its capacity, every
   * event in the batch new to it and none that ends the stream — writes the batch's joined
   * chunk at once, with no queue entry and no second pass over the subscribers. Any other
   * takes the batch frame by frame through its bounded queue, then flushes.
   */
  deliver(batch: TopicBatch): void {
    if (this.isInStepWith(batch)) {
      if (batch.lastId !== 0) this.lastId = this.lastWrittenId = batch.lastId;
      if (!this.wire.write(batch.frames, batch.joinedChunk())) this.park();
      return;
    }
    let queued = false;
    for (const frame of batch.frames) if (this.accept(frame)) queued = true;
    if (queued) this.flush(batch);
  }

  /** A live frame. While replaying it is held back, to be merged at the seam. */
  offer(frame: SseFrame): void {
    if (this.accept(frame)) this.hooks.scheduleFlush(this);
  }

  /** Writes one replayed frame directly, waiting while the socket is full. */
  async writeReplayed(frame: SseFrame): Promise<void> {
    if (this.closed) return;
    if (frame.id !== 0) this.lastId = this.lastWrittenId = frame.id;
    if (!this.wire.write([frame])) await this.wire.writable();
  }

  /** Writes a frame without an id at once (retry, resync): small, and never held back. */
  writeControl(frame: SseFrame): void {
    if (!this.closed) this.wire.write([frame]);
  }

  /** True (and forgets it) when live frames were dropped while replaying: read the log again. */
  takeHeldOverflow(): boolean {
    const overflowed = this.heldOverflowed;
    this.heldOverflowed = false;
    if (overflowed) this.held = [];
    return overflowed;
  }

  /** Replay has caught up: deliver the held frames it did not cover, then everything live. */
  goLive(): void {
    if (this.heldOverflowed) {
      // Only a stream that started live gets here with an overflow (replay re-reads instead).
      this.heldOverflowed = false;
      this.countDrop();
    }
    const held = this.held;
    this.held = [];
    this.live = true;
    for (const frame of held) this.offer(frame);
  }

  private isInStepWith(batch: TopicBatch): boolean {
    return (
      this.live &&
      !this.closed &&
      !this.ending &&
      !this.blocked &&
      this.queue.size === 0 &&
      this.gap === undefined &&
      batch.frames.length <= this.options.capacity && // a bigger one goes the bounded way
      batch.ascending &&
      batch.firstId > this.lastId &&
      !(batch.hasFinal && this.options.endsOnFinal)
    );
  }

  /** Takes a frame into the queue (or holds it while replaying); true when it was queued. */
  private accept(frame: SseFrame): boolean {
    if (this.closed || this.ending) return false;
    if (!this.live) {
      this.hold(frame);
      return false;
    }
    if (frame.id !== 0 && frame.id <= this.lastId) return false;
    return this.enqueue(frame);
  }

  /**
   * Writes whatever is queued as one Buffer, unless the socket asked us to wait. `batch`, what
   * the topic was sent since the last flush, lends its joined chunk when the queue is just that.
   */
  flush(batch?: TopicBatch): void {
    if (this.closed || this.blocked) return;
    if (this.queue.size > 0 && !this.writeQueued(batch)) return this.park();
    if (this.ending) this.end('completed');
  }

  heartbeat(): void {
    if (!this.live || this.closed || this.blocked || this.queue.size > 0) return;
    if (!this.wire.write([HEARTBEAT])) this.park();
  }

  /** Ends the stream (final event sent, or shutdown); the client reconnects with its last id. */
  end(reason: EndReason): void {
    if (this.closed) return;
    this.release();
    this.hooks.onEnd(this, reason);
    this.res.end();
  }

  /** Lets go of everything this subscriber holds. Safe to call more than once. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.held = [];
    this.wire.offDrained(this.onDrain);
  }

  private hold(frame: SseFrame): void {
    if (this.held.length < this.options.capacity) this.held.push(frame);
    else this.heldOverflowed = true;
  }

  private enqueue(frame: SseFrame): boolean {
    if (this.queue.isFull) this.flush(); // a burst, not a slow client: write now rather than drop
    if (this.queue.isFull) {
      if (this.options.overflow === 'disconnect') {
        this.res.destroy(); // the client resumes by replay from its last complete event
        this.end('overflow');
        return false;
      }
      this.queue.dropOldest();
      this.countDrop();
    }
    this.queue.push(frame);
    if (frame.id !== 0) this.lastId = frame.id;
    if (frame.final && this.options.endsOnFinal) this.ending = true;
    return true;
  }

  /** Writes everything queued, behind a `dropped` notice if a gap opened before it. */
  private writeQueued(batch: TopicBatch | undefined): boolean {
    const frames = this.queue.frames;
    const gap = this.gap;
    this.gap = undefined;
    this.lastWrittenId = this.lastId;
    const accepted = gap
      ? this.wire.write([droppedNotice(gap.count, gap.after), ...frames])
      : this.wire.write(frames, batch?.joinedChunkFor(frames));
    this.queue.clear(); // only now: `frames` is the queue's own array
    return accepted;
  }

  private countDrop(): void {
    this.gap ??= { after: this.lastWrittenId, count: 0 };
    this.gap.count++;
    this.hooks.onDropped(1);
  }

  /** The socket is full: nothing more is written until it drains. */
  private park(): void {
    this.blocked = true;
    this.wire.onceDrained(this.onDrain);
  }

  private readonly onDrain = (): void => {
    this.blocked = false;
    this.flush();
  };
}
