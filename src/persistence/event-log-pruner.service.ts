import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../common';
import { EventLogRepository } from './event-log.repository';
import { Leadership } from './leadership.service';

/** Deletes published events older than EVENT_LOG_RETENTION, in the background (on the leader). */
@Injectable()
export class EventLogPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventLogPruner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly eventLog: EventLogRepository,
    private readonly config: AppConfig,
    private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.leadership.whileLeading({ start: () => this.schedule(), stop: () => this.unschedule() });
  }

  private schedule(): void {
    const every = Math.min(Math.max(this.config.sse.eventLogRetentionMs / 10, 1000), 3_600_000);
    this.timer = setInterval(() => void this.prune(), every).unref();
  }

  private unschedule(): void {
    clearInterval(this.timer);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    const before = new Date(Date.now() - this.config.sse.eventLogRetentionMs).toISOString();
    try {
      const deleted = await this.eventLog.prune(before);
      if (deleted > 0) this.logger.log(`pruned ${deleted} events older than ${before}`);
      return deleted;
    } catch (error) {
      this.logger.error({ err: error }, 'pruning the event log failed');
      return 0;
    }
  }
}
