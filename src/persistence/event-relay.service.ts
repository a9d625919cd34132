import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher } from '@nestjs/event-emitter';
import { EventLogRepository } from './event-log.repository';

const BATCH_SIZE = 500;
const POLL_INTERVAL_MS = 1000;

/**
 * Publishes committed events from the log on the in-process bus, in log order, once each.
 * Kicked after every commit; also polls, and at start-up catches up on whatever a previous
 * process committed but did not publish. Emission happens before the row is marked published,
 * so after a crash in between an event is published again: listeners are idempotent by eventId.
 */
@Injectable()
export class EventRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventRelay.name);
  private cursor = 0;
  private pending = false;
  private draining: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly eventLog: EventLogRepository,
    private readonly bus: EventEmitter2,
    private readonly listenersReady: EventEmitterReadinessWatcher,
  ) {}

  /** Starts once every @OnEvent listener is subscribed, so recovered events reach them all. */
  onApplicationBootstrap(): void {
    void this.listenersReady.waitUntilReady().then(() => {
      if (this.stopped) return;
      this.kick();
      this.poller = setInterval(() => this.kick(), POLL_INTERVAL_MS).unref();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    this.poller = undefined;
    await this.draining;
  }

  /** The sequence of the last event this process published. */
  get publishedUpTo(): number {
    return this.cursor;
  }

  /** Asks for a drain; concurrent kicks coalesce into one loop. */
  kick(): void {
    if (this.stopped) return;
    this.pending = true;
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      this.pending = false;
      try {
        while (await this.publishBatch()) this.pending = false;
      } catch (error) {
        this.logger.error({ err: error }, 'relay failed; the next poll retries');
        return;
      }
    }
  }

  /** Publishes one batch; true when it was full (more may wait). */
  private async publishBatch(): Promise<boolean> {
    const batch = await this.eventLog.readUnpublished(this.cursor, BATCH_SIZE);
    for (const { type, event } of batch) {
      this.bus.emit(type, event);
      this.cursor = event.sequence;
    }
    await this.eventLog.markPublished(
      batch.map(({ event }) => event.sequence),
      new Date().toISOString(),
    );
    return batch.length === BATCH_SIZE;
  }
}
