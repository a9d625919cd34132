import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../common';
import { parseEventId } from './last-event-id';
import { encodeEvent, retryFrame, writeSseHead } from './sse-frame';
import type { ReplaySource } from './stream-event';
import { StreamHub } from './stream-hub.service';
import { Subscriber } from './subscriber';

export interface StreamSpec {
  topic: string;
  /** Whose stream it is, for SSE_MAX_STREAMS_PER_USER. */
  userId: string;
  /** The raw Last-Event-ID (see `lastEventIdOf`). */
  lastEventId?: string;
  /** Without a Last-Event-ID: replay the whole retained history first, or start live. */
  startAt: 'beginning' | 'live';
  source: ReplaySource;
  /** Whether an event marked `final` ends the stream (an order's stream does, a feed does not). */
  endsOnFinal: boolean;
  /**
   * The id of the stream's final event once it has one: a client at or past it gets 204; 0 when
   * the stream ended but its events are no longer retained (everyone gets 204).
   */
  endedAt?: number;
}

type ResyncReason = 'malformed-id' | 'unknown-id' | 'expired-id';
type StreamPlan = { afterId?: number; resync?: ResyncReason };

/** A final stream answers 204 to a client at or past its end, or when its events are gone. */
function hasEnded(spec: StreamSpec, resumeFrom: number | 'malformed' | undefined): boolean {
  if (spec.endedAt === undefined) return false;
  return spec.endedAt === 0 || (typeof resumeFrom === 'number' && resumeFrom >= spec.endedAt);
}

const REPLAY_PAGE = 500;

/**
 * Opens SSE streams on responses that stream handlers take with `@Res()`. Everything that can
 * refuse a stream happens before the first byte, so refusals are real HTTP statuses (Problem
 * Details, thrown back to Nest's filters). Then the handler returns: what a stream holds for its
 * life is its response and its `Subscriber`, and the response's `close` releases both. Frames go
 * from the hub's shared Buffers straight to the socket (see Subscriber).
 */
@Injectable()
export class SseStreams {
  private readonly logger = new Logger(SseStreams.name);

  constructor(
    private readonly hub: StreamHub,
    private readonly config: AppConfig,
  ) {}

  async open(res: Response, spec: StreamSpec): Promise<void> {
    // A client that left while the guards and handler awaited has had its 'close' already: a
    // slot taken now would never be freed.
    if (res.destroyed) return;
    const releaseSlot = this.hub.admit(spec.userId);
    res.once('close', releaseSlot);
    try {
      const resumeFrom = parseEventId(spec.lastEventId);
      if (hasEnded(spec, resumeFrom)) {
        res.status(204).end(); // tells EventSource to stop reconnecting
        return;
      }
      if (res.req.method === 'HEAD') {
        // Express routes HEAD to GET handlers: the same status and headers, no stream to hold.
        writeSseHead(res);
        res.end();
        return;
      }
      const plan = await this.plan(spec, resumeFrom);
      if (!res.destroyed) this.stream(res, spec, plan); // else it left while we planned
    } catch (error) {
      releaseSlot();
      throw error;
    }
  }

  private stream(res: Response, spec: StreamSpec, plan: StreamPlan): void {
    writeSseHead(res);
    const subscriber = new Subscriber(
      res,
      {
        topic: spec.topic,
        userId: spec.userId,
        capacity: this.config.sse.bufferSize,
        overflow: this.config.sse.overflow,
        endsOnFinal: spec.endsOnFinal,
      },
      this.hub,
    );
    this.hub.add(subscriber);
    res.once('close', () => {
      subscriber.release();
      this.hub.remove(subscriber);
    });
    this.begin(subscriber, spec, plan);
  }

  /** The stream's first bytes, then replay or live delivery. */
  private begin(subscriber: Subscriber, spec: StreamSpec, { afterId, resync }: StreamPlan): void {
    if (subscriber.isClosed) return;
    subscriber.writeControl(retryFrame(this.config.sse.retryMs));
    if (resync) {
      const data = { reason: resync, lastEventId: spec.lastEventId };
      subscriber.writeControl(encodeEvent({ event: 'resync', data }));
    }
    if (afterId === undefined) return subscriber.goLive();
    this.replay(subscriber, spec, afterId).catch((error: Error) => {
      this.logger.error({ err: error, topic: spec.topic }, 'replay failed; ending the stream');
      subscriber.end('completed');
    });
  }

  /** Where replay starts, and whether the client must be told to resync first. */
  private async plan(
    spec: StreamSpec,
    resumeFrom: number | 'malformed' | undefined,
  ): Promise<StreamPlan> {
    const fromStart = spec.startAt === 'beginning' ? 0 : undefined;
    if (resumeFrom === undefined) return { afterId: fromStart };
    if (resumeFrom === 'malformed') return { afterId: fromStart, resync: 'malformed-id' };
    const { oldest, newest } = await spec.source.bounds();
    if (resumeFrom > newest) return { afterId: fromStart, resync: 'unknown-id' };
    if (oldest !== undefined && resumeFrom < oldest - 1)
      return { afterId: fromStart, resync: 'expired-id' };
    return { afterId: resumeFrom };
  }

  /**
   * Sends every stored event after `afterId`, then goes live. The subscriber is registered
   * before the first read, so events published meanwhile are held and merged at the seam by id:
   * nothing is missed and nothing is sent twice.
   */
  private async replay(subscriber: Subscriber, spec: StreamSpec, afterId: number): Promise<void> {
    let cursor = afterId;
    for (;;) {
      const events = await spec.source.readAfter(cursor, REPLAY_PAGE);
      for (const event of events) {
        if (subscriber.isClosed) return;
        const frame = encodeEvent(event);
        await subscriber.writeReplayed(frame);
        cursor = event.id;
        if (frame.final && spec.endsOnFinal) return subscriber.end('completed');
      }
      if (subscriber.isClosed) return;
      if (events.length === REPLAY_PAGE || subscriber.takeHeldOverflow()) continue;
      return subscriber.goLive();
    }
  }
}
