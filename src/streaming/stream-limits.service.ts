import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '../common';
import {
  ServerAtCapacityError,
  ShuttingDownError,
  TooManyUserStreamsError,
} from './streaming.errors';

/** How many streams this process holds, in all and per user (SSE_MAX_STREAMS, _PER_USER). */
@Injectable()
export class StreamLimits implements BeforeApplicationShutdown {
  private readonly streamsPerUser = new Map<string, number>();
  private openStreams = 0;
  private shuttingDown = false;

  constructor(private readonly config: AppConfig) {}

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
   * Reserves a stream for `userId`, or throws the Problem Details it gets instead; call before
   * any byte. The slot counts at once, so concurrent requests cannot all slip under the limits,
   * and is freed by calling the returned function (idempotent) when the stream is over.
   */
  admit(userId: string): () => void {
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
