import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DomainError } from '../common';

/**
 * 503 from GET /health/ready; `checks` holds every part, the failing ones `down`. `advisory`
 * parts (Redis) are reported there too, but are not what makes the instance not ready.
 */
export class NotReadyError extends DomainError {
  constructor(required: HealthIndicatorResult, advisory: HealthIndicatorResult = {}) {
    const checks = { ...required, ...advisory };
    const down = Object.entries(required)
      .filter(([, check]) => check.status !== 'up')
      .map(([name, check]) => (check.message ? `${name} (${String(check.message)})` : name));
    super('HEALTH.NOT_READY', 503, 'Not ready', `Not ready: ${down.join(', ')}.`, { checks });
  }
}
