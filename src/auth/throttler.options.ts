import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Cluster } from '../cluster';
import type { AppConfig } from '../common';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/**
 * One window of a minute; a limit of 0 switches throttling off (the benchmark does). In a
 * cluster the hits are counted in Redis, so the limit holds across instances.
 */
export function throttlerOptions(config: AppConfig, cluster: Cluster): ThrottlerModuleOptions {
  const limit = config.auth.writesPerMinute;
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit }],
    ...(cluster.enabled && limit > 0 ? { storage: new SharedThrottlerStorage(cluster) } : {}),
    skipIf: () => limit === 0,
    // Retry-After is sent by the rate-limit Problem Details itself.
    setHeaders: false,
  };
}
