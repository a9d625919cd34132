import { Injectable, Logger, MessageEvent } from '@nestjs/common';
import { EMPTY, NEVER, Observable } from 'rxjs';
import { AppConfig } from '../common';
import type { StreamClient } from './stream-client';
import type { ReplaySource } from './stream-event';
import { StreamHub } from './stream-hub.service';
import { StreamLimits } from './stream-limits.service';
import { resyncMessage, retryMessage } from './stream-message';
import { hasEnded, parseEventId, planStream, StreamPlan } from './stream-plan';
import { replayInto } from './stream-replay';
import { StreamEndedError } from './streaming.errors';
import { SubscriberBuffer } from './subscriber-buffer';

export interface StreamSpec {
  topic: string;
  /** Whose stream it is, for SSE_MAX_STREAMS_PER_USER. */
  userId: string;
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

/**
 * Builds the Observable an `@Sse()` handler returns. Everything that can refuse a stream happens
 * before it is returned, so refusals are real HTTP statuses (Problem Details: NestJS 11.2 sends
 * no header before the first message). The stream's slot is tied to `@SseSignal()`, which
 * NestJS aborts however the stream ends, a client that left during setup included.
 */
@Injectable()
export class SseStreams {
  private readonly logger = new Logger(SseStreams.name);

  constructor(
    private readonly hub: StreamHub,
    private readonly limits: StreamLimits,
    private readonly config: AppConfig,
  ) {}

  async open(spec: StreamSpec, client: StreamClient): Promise<Observable<MessageEvent>> {
    if (client.signal.aborted) return EMPTY; // it left while the guards ran
    const release = await this.limits.admit(spec.userId, client.signal);
    try {
      const resumeFrom = parseEventId(client.lastEventId);
      if (hasEnded(spec.endedAt, resumeFrom)) throw new StreamEndedError();
      if (client.isHead) return NEVER; // NestJS answers with the headers alone
      const plan = await planStream(spec.source, spec.startAt, resumeFrom);
      return client.signal.aborted ? EMPTY : this.stream(spec, client, plan, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * `retry:` (and `resync`) first, then the replayed events, then the ones held while replay
   * ran, then live: all through the client's bounded buffer. Unsubscribing releases the buffer,
   * its drain listener and timer, and the stream's slot (which the signal frees too).
   */
  private stream(
    spec: StreamSpec,
    client: StreamClient,
    plan: StreamPlan,
    releaseSlot: () => void,
  ): Observable<MessageEvent> {
    const { retryMs, bufferSize, overflow } = this.config.sse;
    return new Observable<MessageEvent>((subscriber) => {
      const options = { capacity: bufferSize, overflow, endsOnFinal: spec.endsOnFinal };
      const buffer = new SubscriberBuffer(subscriber, client.response, options, this.hub);
      this.hub.join(spec.topic, buffer);
      buffer.send(retryMessage(retryMs, plan.afterId));
      if (plan.resync) buffer.send(resyncMessage(plan.resync, client.lastEventId));
      const replay =
        plan.afterId === undefined
          ? undefined
          : replayInto(buffer, spec.source, plan.afterId).subscribe({
              complete: () => buffer.goLive(),
              error: (error: Error) => {
                this.logger.error(
                  { err: error, topic: spec.topic },
                  'replay failed; ending the stream',
                );
                void buffer.end();
              },
            });
      if (!replay) buffer.goLive();
      return () => {
        replay?.unsubscribe();
        this.hub.leave(spec.topic, buffer);
        buffer.release();
        releaseSlot();
      };
    });
  }
}
