import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ClusterStreamSlots } from '../cluster';
import { AppConfig } from '../common';
import {
  ServerAtCapacityError,
  ShuttingDownError,
  TooManyUserStreamsError,
} from './streaming.errors';

/**
 * How many streams this process holds, in all and per user (SSE_MAX_STREAMS, _PER_USER); in a
 * cluster, SSE_MAX_STREAMS_PER_USER counts the user's streams on every instance too.
 */
@Injectable()
export class StreamLimits implements BeforeApplicationShutdown {
  private readonly streamsPerUser = new Map<string, number>();
  private openStreams = 0;
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly clusterSlots: ClusterStreamSlots,
  ) {}

  get open(): number {
    return this.openStreams;
  }

  get users(): number {
    return this.streamsPerUser.size;
  }

  /** New streams are refused from now on; open ones are ended by the hub. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  /**
   * Reserves a stream for `userId`, or rejects with the Problem Details it gets instead; call
   * before any byte. The slot is freed when `signal` aborts (however the stream ends) or by
   * calling the returned function (idempotent). This process's slot counts at once, before the
   * first await, so concurrent requests cannot all slip under the limits; the cluster's is
   * claimed atomically in Redis.
   */
  async admit(userId: string, signal: AbortSignal): Promise<() => void> {
    const releaseHere = this.admitHere(userId);
    signal.addEventListener('abort', releaseHere, { once: true });
    if (!this.clusterSlots.enabled) return releaseHere;
    const { maxStreamsPerUser } = this.config.sse;
    const releaseThere = await this.clusterSlots.claim(userId, maxStreamsPerUser);
    if (!releaseThere) {
      releaseHere();
      throw new TooManyUserStreamsError(maxStreamsPerUser);
    }
    if (signal.aborted)
      releaseThere(); // it left while Redis answered
    else signal.addEventListener('abort', releaseThere, { once: true });
    return () => {
      releaseHere();
      releaseThere();
    };
  }

  private admitHere(userId: string): () => void {
    if (this.shuttingDown) throw new ShuttingDownError();
    const { maxStreams, maxStreamsPerUser } = this.config.sse;
    if (this.openStreams >= maxStreams) throw new ServerAtCapacityError(maxStreams);
    const held = this.streamsPerUser.get(userId) ?? 0;
    if (held >= maxStreamsPerUser) throw new TooManyUserStreamsError(maxStreamsPerUser);
    this.streamsPerUser.set(userId, held + 1);
    this.openStreams++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.openStreams--;
      const left = (this.streamsPerUser.get(userId) ?? 1) - 1;
      if (left === 0) this.streamsPerUser.delete(userId);
      else this.streamsPerUser.set(userId, left);
    };
  }
}
