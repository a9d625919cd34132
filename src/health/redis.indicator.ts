import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Cluster } from '../cluster';
import { answerWithin, CHECK_TIMEOUT_MS } from './answer-within';

/**
 * Redis, in cluster mode: both connections up and a PING answered within 1 s (a Redis that
 * hangs is down, not slow). Its being down degrades the instance (limits count per process,
 * live wake-ups wait for the 1 s poll) but never stops it serving: see docs/operations.md.
 */
@Injectable()
export class RedisIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly cluster: Cluster,
  ) {}

  /** Whether there is a Redis to report on (REDIS_URL set). */
  get configured(): boolean {
    return this.cluster.enabled;
  }

  async reachable(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    const reason = this.cluster.unreachableReason;
    if (reason) return check.down({ message: reason });
    try {
      await answerWithin(this.cluster.redis.ping(), CHECK_TIMEOUT_MS, 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
