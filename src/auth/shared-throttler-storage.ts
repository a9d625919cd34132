import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { Cluster } from '../cluster';

type Increment = ThrottlerStorage['increment'];

/**
 * RATE_LIMIT_WRITES_PER_MINUTE counted across the cluster: @nest-lab/throttler-storage-redis
 * (one Lua script per hit) on a connection whose keys carry the cluster's prefix. While Redis
 * cannot be reached each process counts on its own, as with one instance, instead of failing
 * every write.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly shared: ThrottlerStorage;
  private readonly local = new ThrottlerStorageService();

  constructor(private readonly cluster: Cluster) {
    this.shared = new ThrottlerStorageRedisService(cluster.connectionPrefixed('throttle:'));
  }

  async increment(...hit: Parameters<Increment>): ReturnType<Increment> {
    if (!this.cluster.reachable) return this.local.increment(...hit);
    try {
      return await this.shared.increment(...hit);
    } catch (error) {
      this.cluster.reportUnreachable(error, 'rate limit');
      return this.local.increment(...hit);
    }
  }
}
