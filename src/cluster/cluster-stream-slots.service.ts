import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Cluster } from './cluster';

/** A slot counts this long unless refreshed: a crashed instance's streams stop counting by then. */
const SLOT_TTL_MS = 10_000;
const REFRESH_EVERY_MS = 3_000;

// Expiry on Redis's clock, so instances whose clocks differ agree on what has expired.
const NOW_MS = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
/** Drops expired slots; refuses at the limit (0), else takes one (1). */
const CLAIM = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
/** Pushes the expiry of this instance's slots out (and puts them back after a Redis restart). */
const REFRESH = `${NOW_MS}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/**
 * SSE_MAX_STREAMS_PER_USER across the cluster. Each open stream is a member of its user's
 * sorted set in Redis, scored with its expiry; this instance refreshes its own every 3 s, so
 * the streams of an instance that died stop counting within 10 s. While Redis cannot be
 * reached a stream is admitted on the per-process count alone, and is put back in Redis by the
 * next refresh.
 */
@Injectable()
export class ClusterStreamSlots implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** This instance's slots, by user. */
  private readonly held = new Map<string, Set<string>>();
  private slots = 0;
  private refresher: NodeJS.Timeout | undefined;

  constructor(private readonly cluster: Cluster) {}

  get enabled(): boolean {
    return this.cluster.enabled;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.refresher = setInterval(() => void this.refresh(), REFRESH_EVERY_MS).unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.refresher);
  }

  /** A slot for one more stream of `userId`, or undefined when the cluster holds `limit`. */
  async claim(userId: string, limit: number): Promise<(() => void) | undefined> {
    const slot = `${this.cluster.instanceId}:${++this.slots}`;
    const key = this.keyOf(userId);
    try {
      if (this.cluster.reachable) {
        const taken = await this.cluster.redis.eval(CLAIM, 1, key, limit, SLOT_TTL_MS, slot);
        if (taken === 0) return undefined;
      } // else admitted on this process's count, and put in Redis by the next refresh
    } catch (error) {
      this.cluster.reportUnreachable(error);
    }
    this.hold(userId, slot);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.unhold(userId, slot);
      this.cluster.redis.zrem(key, slot).catch(() => undefined); // expires anyway
    };
  }

  private hold(userId: string, slot: string): void {
    let slots = this.held.get(userId);
    if (!slots) this.held.set(userId, (slots = new Set()));
    slots.add(slot);
  }

  private unhold(userId: string, slot: string): void {
    const slots = this.held.get(userId);
    slots?.delete(slot);
    if (slots?.size === 0) this.held.delete(userId);
  }

  private async refresh(): Promise<void> {
    if (!this.cluster.reachable) return;
    const redis = this.cluster.redis;
    const refreshed = [...this.held].map(([userId, slots]) =>
      redis.eval(REFRESH, 1, this.keyOf(userId), SLOT_TTL_MS, ...slots),
    );
    const failed = (await Promise.allSettled(refreshed)).find((r) => r.status === 'rejected');
    if (failed) this.cluster.reportUnreachable(failed.reason);
  }

  private keyOf(userId: string): string {
    return this.cluster.key(`streams:${userId}`);
  }
}
