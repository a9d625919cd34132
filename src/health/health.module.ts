import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseIndicator } from './database.indicator';
import { HealthController } from './health.controller';
import { RedisIndicator } from './redis.indicator';
import { RelayLagIndicator } from './relay-lag.indicator';
import { ShutdownIndicator } from './shutdown.indicator';

/**
 * `GET /health`, `/health/live` and `/health/ready`. Terminus logs nothing itself: a 503 is
 * logged by the error filter, with the failing parts in its detail.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseIndicator, RedisIndicator, RelayLagIndicator, ShutdownIndicator],
})
export class HealthModule {}
