import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../common';
import { StreamHub } from './stream-hub.service';
import type { SubscriberBuffer } from './subscriber-buffer';

const beat = (buffer: SubscriberBuffer): void => buffer.heartbeat();

/**
 * One timer for every open stream (SSE_HEARTBEAT_MS): a comment to each idle one, which keeps
 * proxies from closing it and moves no client's Last-Event-ID.
 */
@Injectable()
export class Heartbeats implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hub: StreamHub,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const beatAll = () => this.hub.forEachSubscriber(beat);
    this.timer = setInterval(beatAll, this.config.sse.heartbeatMs).unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
