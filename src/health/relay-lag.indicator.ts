import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../common';
import { EventRelay } from '../persistence';
import { answerWithin, CHECK_TIMEOUT_MS } from './answer-within';

/**
 * Ready while the relay keeps up: an instance whose committed events wait to be published would
 * give its new streams stale state. Also down until the relay has caught up at start-up.
 */
@Injectable()
export class RelayLagIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly relay: EventRelay,
    private readonly config: AppConfig,
  ) {}

  async underThreshold(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('relay');
    const maxLag = this.config.health.maxRelayLag;
    try {
      const lag = await answerWithin(this.relay.lag(), CHECK_TIMEOUT_MS, 'The event log');
      if (lag <= maxLag) return check.up({ lag, maxLag });
      const message = `${lag} events wait to be published, READY_MAX_RELAY_LAG is ${maxLag}`;
      return check.down({ lag, maxLag, message });
    } catch (error) {
      return check.down({ message: (error as Error).message, maxLag });
    }
  }
}
