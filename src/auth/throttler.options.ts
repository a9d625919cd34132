import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../common';

/** One window of a minute; a limit of 0 switches throttling off (the benchmark does). */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const limit = config.auth.writesPerMinute;
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit }],
    skipIf: () => limit === 0,
    // Retry-After is sent by the rate-limit Problem Details itself.
    setHeaders: false,
  };
}
