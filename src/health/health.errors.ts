import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DomainError } from '../common';

/** 503 from GET /health/ready; `checks` holds every part, the failing ones `down`. */
export class NotReadyError extends DomainError {
  constructor(checks: HealthIndicatorResult) {
    const down = Object.entries(checks)
      .filter(([, check]) => check.status !== 'up')
      .map(([name, check]) => (check.message ? `${name} (${String(check.message)})` : name));
    super('HEALTH.NOT_READY', 503, 'Not ready', `Not ready: ${down.join(', ')}.`, { checks });
  }
}
