import type { MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import type { Subscriber } from 'rxjs';
import { MessageQueue } from './message-queue';
import { ResponseGate } from './response-gate';
import { droppedMessage, HEARTBEAT, StreamMessage, toStreamMessage } from './stream-message';
import type { StreamEvent } from './stream-event';
import type { TurnClock } from './turn-clock';

export type OverflowPolicy = 'drop-oldest' | 'disconnect';

export interface BufferOptions {
  capacity: number;
  overflow: OverflowPolicy;
  /** Per-order streams end after their final event; feeds never do. */
  endsOnFinal: boolean;
}

export interface BufferHooks {
  clock: TurnClock;
  onDropped(count: number): void;
  /** Calls `uncork()` on the buffer once this turn's writes are done. */
  uncorkSoon(buffer: SubscriberBuffer): void;
}

/**
 * One client's bounded buffer, the source of its `@Sse()` Observable. Messages go on to the
 * Observable only while the client's response can take them (see ResponseGate); the rest wait
 * here, at most `capacity` of them. A full buffer drops its oldest message and tells the client
 * where to resume (`dropped`), or disconnects the client, who resumes by replay. While replay
 * runs, live messages are held back, to be merged at the seam with duplicates dropped by id.
 */
export class SubscriberBuffer {
  private readonly queue: MessageQueue;
  private readonly gate: ResponseGate;
  /** Live messages that came while replay ran; undefined once live. */
  private held: StreamMessage[] | undefined = [];
  private heldOverflowed = false;
  /** The sequence of the last event emitted or queued: anything at or below it is a duplicate. */
  private lastSequence = 0;
  /** The sequence of the last event emitted: the client's position once it reads it. */
  private lastSentSequence = 0;
  /** Events dropped since the last emitted one, and the position before them. */
  private gap: { after: number; count: number } | undefined;
  /** Replay waiting for room. */
  private replayWaiting: (() => void) | undefined;
  private ending = false;
  private closed = false;
  private corked = false;
  /** The turn this buffer last emitted in (TurnClock), to tell a burst from a lone message. */
  private lastEmitTurn = -1;

  constructor(
    private readonly client: Subscriber<MessageEvent>,
    private readonly response: ServerResponse,
    private readonly options: BufferOptions,
    private readonly hooks: BufferHooks,
  ) {
    this.queue = new MessageQueue(options.capacity);
    this.gate = new ResponseGate(response, options.capacity, hooks.clock, this.drain);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** What the server holds for this client: queued messages and unsent response bytes. */
  get pendingBytes(): number {
    return this.queue.bytes + this.gate.pendingBytes;
  }

  /** A message that is not an event (retry, resync): small, sent at once, never held. */
  send(message: MessageEvent): void {
    if (!this.closed) this.next(message);
  }

  /** A live event from the hub. */
  push(message: StreamMessage): void {
    if (this.closed || this.ending || message.sequence <= this.lastSequence) return;
    if (this.held) return this.hold(message);
    if (this.queue.size === 0 && this.gap === undefined && this.gate.take())
      return this.emit(message);
    this.enqueue(message);
  }

  /**
   * Replayed events, emitted one by one as the response takes them (replay never drops).
   * Resolves once all are emitted, or the stream ended or closed.
   */
  async replay(events: readonly StreamEvent[]): Promise<void> {
    for (const event of events) {
      while (!this.closed && !this.ending && !this.gate.take()) await this.roomForReplay();
      if (this.closed || this.ending) return;
      this.emit(toStreamMessage(event));
    }
  }

  /** Whether the stream has ended (its final event went out) or closed. */
  get isOver(): boolean {
    return this.closed || this.ending;
  }

  /** True (and forgets it) when live events were dropped while replaying: read the log again. */
  takeHeldOverflow(): boolean {
    const overflowed = this.heldOverflowed;
    this.heldOverflowed = false;
    if (overflowed) this.held = [];
    return overflowed;
  }

  /** Replay has caught up (or there was none): the held events it did not cover, then live. */
  goLive(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of held) this.push(message);
  }

  heartbeat(): void {
    if (this.held || this.closed || this.queue.size > 0 || this.gap) return;
    if (this.gate.take()) this.next(HEARTBEAT);
  }

  /**
   * Ends the stream cleanly (shutdown); the client reconnects with its last id. Resolves once
   * NestJS has ended the response (or the connection is gone).
   */
  end(): Promise<void> {
    const ended = finished(this.response).catch(() => undefined);
    if (!this.closed) this.client.complete();
    return ended;
  }

  /** Lets go of everything it holds (the Observable's teardown). Safe to call more than once. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.held = undefined;
    this.gate.close();
    this.replayWaiting?.();
  }

  /** Lets what NestJS wrote this turn leave in one socket write. */
  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.response.uncork();
  }

  /**
   * Emits into the Observable. A second message in the same turn corks the response, so that
   * NestJS's writes of this turn's burst (each message is a write of its own) leave as one
   * `writev` when the hub uncorks it, once the turn's writes are done. A lone message is not
   * corked: it leaves at once (Node sends a write at the next tick), not after whatever else
   * the turn does, such as the notification work its event started.
   */
  private next(message: MessageEvent): void {
    const turn = this.hooks.clock.now();
    if (turn === this.lastEmitTurn && !this.corked) {
      this.corked = true;
      this.response.cork();
      this.hooks.uncorkSoon(this);
    }
    this.lastEmitTurn = turn;
    this.client.next(message);
  }

  private emit(message: StreamMessage): void {
    this.lastSentSequence = message.sequence;
    if (message.sequence > this.lastSequence) this.lastSequence = message.sequence;
    const ends = message.final && this.options.endsOnFinal;
    if (ends) this.ending = true;
    this.next(message);
    if (ends) this.client.complete(); // NestJS writes what it holds, then ends the response
  }

  private hold(message: StreamMessage): void {
    if (this.held!.length < this.options.capacity) this.held!.push(message);
    else this.heldOverflowed = true;
  }

  /**
   * Queues a message the response cannot take now. Only a client whose response is backed up is
   * slow: its queue is held to `capacity` (the oldest dropped, or the client disconnected). One
   * that is only out of this turn's credit got a burst (a relay batch can be 500 events): it
   * keeps all of it and gets the rest over the next turns.
   */
  private enqueue(message: StreamMessage): void {
    if (this.queue.isFull && this.response.writableNeedDrain) {
      if (this.options.overflow === 'disconnect') return this.disconnect();
      while (this.queue.isFull) this.dropOldest();
    }
    this.queue.push(message);
    this.lastSequence = message.sequence;
    if (message.final && this.options.endsOnFinal) this.ending = true;
    this.gate.waitForRoom();
  }

  private dropOldest(): void {
    const dropped = this.queue.shift()!;
    this.gap ??= { after: this.lastSentSequence || dropped.sequence - 1, count: 0 };
    this.gap.count++;
    this.hooks.onDropped(1);
  }

  /** The client reads too slowly for the `disconnect` policy: it resumes by replay. */
  private disconnect(): void {
    this.release();
    this.response.destroy(); // NestJS sees the close and unsubscribes
  }

  private async roomForReplay(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.replayWaiting = resolve;
      this.gate.waitForRoom();
    });
    this.replayWaiting = undefined;
  }

  /** The response has room again: replay goes on, or the queue drains behind any gap notice. */
  private readonly drain = (): void => {
    if (this.closed) return;
    if (this.replayWaiting) return this.replayWaiting();
    if (this.gap && this.gate.take()) {
      this.next(droppedMessage(this.gap.count, this.gap.after));
      this.gap = undefined;
    }
    while (!this.gap && this.queue.size > 0) {
      if (!this.gate.take()) return this.gate.waitForRoom();
      this.emit(this.queue.shift()!);
    }
    if (this.gap) this.gate.waitForRoom();
  };
}
