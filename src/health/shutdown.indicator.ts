import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * Down from the first shutdown hook on (`onModuleDestroy`, before Nest asks modules to drain
 * and long before the server closes), so a load balancer stops sending traffic while the
 * instance finishes what it holds.
 */
@Injectable()
export class ShutdownIndicator implements OnModuleDestroy {
  private shuttingDown = false;

  constructor(private readonly indicators: HealthIndicatorService) {}

  onModuleDestroy(): void {
    this.shuttingDown = true;
  }

  running(): HealthIndicatorResult {
    const check = this.indicators.check('shutdown');
    return this.shuttingDown ? check.down({ message: 'shutting down' }) : check.up();
  }
}
