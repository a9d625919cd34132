import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../common';
import { LeaderLock } from './leader-lock';

/** Work one instance of the cluster does: started when this one leads, stopped when it stops. */
export interface LeaderDuty {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

const CAMPAIGN_INTERVAL_MS = 1000;

/**
 * Which instance does the once-per-cluster work (side effects, start-up jobs). Alone, this
 * process leads from the start, so duties run exactly as before. In a cluster each instance
 * tries a PostgreSQL session advisory lock every second; the holder leads until its session
 * ends (shutdown, crash, lost connection), and then another takes over within about a second.
 */
@Injectable()
export class Leadership implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(Leadership.name);
  private readonly duties: LeaderDuty[] = [];
  private readonly lock: LeaderLock | undefined;
  private leading: boolean;
  private closing = false;
  private campaign: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(config: AppConfig) {
    this.lock = config.cluster.redisUrl ? new LeaderLock(config.database.url) : undefined;
    this.leading = this.lock === undefined;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts `duty` now if this instance leads, and each time it becomes the leader again. */
  whileLeading(duty: LeaderDuty): void {
    this.duties.push(duty);
    if (this.leading) void this.run(() => duty.start());
  }

  onApplicationBootstrap(): void {
    if (this.lock) this.campaign = this.campaignUntilClosed(this.lock);
  }

  /** Duties stop with the relays, before any beforeApplicationShutdown hook. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.wakeUp?.();
    await this.campaign;
    if (this.lock) await this.stepDown();
  }

  /** The lock goes last, once the notification publisher has drained: no overlap with the next. */
  async onApplicationShutdown(): Promise<void> {
    await this.lock?.release();
  }

  private async campaignUntilClosed(lock: LeaderLock): Promise<void> {
    while (!this.closing) {
      try {
        if (this.leading) await lock.confirm();
        else if (await lock.tryAcquire()) await this.becomeLeader();
      } catch (error) {
        if (this.leading) this.logger.warn({ err: error }, 'lost the leader lock; stepping down');
        await this.stepDown();
        await lock.release();
      }
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        setTimeout(resolve, CAMPAIGN_INTERVAL_MS).unref();
      });
    }
  }

  private async becomeLeader(): Promise<void> {
    const duties = [...this.duties]; // one registered from now on is started by whileLeading
    this.leading = true;
    this.logger.log('this instance leads the cluster');
    for (const duty of duties) await this.run(() => duty.start());
  }

  private async stepDown(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    for (const duty of [...this.duties].reverse()) await this.run(() => duty.stop());
  }

  private async run(step: () => void | Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.error({ err: error }, 'a leader duty failed');
    }
  }
}
