import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { StreamEvent } from './stream-event';
import { StreamLimits } from './stream-limits.service';
import { StreamMessage, toStreamMessage } from './stream-message';
import type { BufferHooks, SubscriberBuffer } from './subscriber-buffer';
import { TurnClock } from './turn-clock';

/** How long shutdown waits for open streams' responses to end before the sockets are closed. */
const SHUTDOWN_WAIT_MS = 2000;

export interface HubStats {
  openStreams: number;
  topics: number;
  users: number;
  published: number;
  dropped: number;
}

/**
 * Topics (`order:<id>`, `orders`, `user:<id>`) and the buffers of their subscribers. An event is
 * serialized once, however many topics and subscribers it reaches, and the same message is
 * appended to every subscriber's buffer; a closed stream leaves nothing behind.
 */
@Injectable()
export class StreamHub implements BufferHooks, BeforeApplicationShutdown {
  readonly clock = new TurnClock();
  private readonly topics = new Map<string, Set<SubscriberBuffer>>();
  private published = 0;
  private dropped = 0;
  /** Buffers whose responses are corked this turn: an array that keeps its capacity. */
  private readonly corked: (SubscriberBuffer | undefined)[] = [];
  private corkedCount = 0;

  constructor(private readonly limits: StreamLimits) {}

  /**
   * Ends every stream so clients reconnect elsewhere (and resume by replay), and waits (a
   * bounded time) until their responses have ended: NestJS ends a response a few ticks after its
   * Observable completes, and the server's close right after this hook destroys every socket.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const ended: Promise<void>[] = [];
    this.forEachSubscriber((buffer) => ended.push(buffer.end()));
    const bound = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref());
    await Promise.race([Promise.all(ended), bound]);
  }

  join(topic: string, buffer: SubscriberBuffer): void {
    let subscribers = this.topics.get(topic);
    if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
    subscribers.add(buffer);
  }

  leave(topic: string, buffer: SubscriberBuffer): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers?.delete(buffer)) return;
    if (subscribers.size === 0) this.topics.delete(topic);
  }

  /**
   * Serializes `event` once and appends it to every subscriber of every topic named; an event
   * no one is subscribed to (most `user:<id>` notifications) is never serialized.
   */
  publish(topics: string | readonly string[], event: StreamEvent): void {
    let message: StreamMessage | undefined;
    this.published++;
    for (const topic of typeof topics === 'string' ? [topics] : topics) {
      const subscribers = this.topics.get(topic);
      if (!subscribers) continue;
      message ??= toStreamMessage(event);
      for (const buffer of subscribers) buffer.push(message);
    }
  }

  forEachSubscriber(visit: (buffer: SubscriberBuffer) => void): void {
    for (const subscribers of [...this.topics.values()])
      for (const buffer of [...subscribers]) visit(buffer);
  }

  uncorkSoon(buffer: SubscriberBuffer): void {
    if (this.corkedCount === 0) setImmediate(this.uncorkAll);
    this.corked[this.corkedCount++] = buffer;
  }

  /** NestJS has written what this turn emitted: each response sends it in one write. */
  private readonly uncorkAll = (): void => {
    for (let i = 0; i < this.corkedCount; i++) {
      this.corked[i]!.uncork();
      this.corked[i] = undefined;
    }
    this.corkedCount = 0;
  };

  onDropped(count: number): void {
    this.dropped += count;
  }

  stats(): HubStats {
    return {
      openStreams: this.limits.open,
      topics: this.topics.size,
      users: this.limits.users,
      published: this.published,
      dropped: this.dropped,
    };
  }

  /** Bytes held for all subscribers: their queues and unsent response buffers. */
  pendingBytes(): number {
    let total = 0;
    for (const subscribers of this.topics.values())
      for (const buffer of subscribers) total += buffer.pendingBytes;
    return total;
  }
}
