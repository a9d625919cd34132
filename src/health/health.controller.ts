import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth';
import { Cluster } from '../cluster';
import { ApiProblems } from '../common';
import { Leadership } from '../persistence';
import { DatabaseIndicator } from './database.indicator';
import { NotReadyError } from './health.errors';
import { RelayLagIndicator } from './relay-lag.indicator';
import { ShutdownIndicator } from './shutdown.indicator';

interface HealthReport {
  status: string;
  database: string;
  /** In cluster mode: this instance and whether it leads (does the once-per-cluster work). */
  cluster?: { instance: string; role: 'leader' | 'follower' };
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseIndicator,
    private readonly relay: RelayLagIndicator,
    private readonly shutdown: ShutdownIndicator,
    private readonly cluster: Cluster,
    private readonly leadership: Leadership,
  ) {}

  /** Ready when the database answers: the first health check, kept for existing monitors. */
  @Get()
  @ApiOkResponse({
    schema: {
      example: { status: 'ok', database: 'up', cluster: { instance: '…', role: 'leader' } },
    },
  })
  @ApiProblems(503)
  async check(): Promise<HealthReport> {
    const { database } = await this.database.reachable();
    if (database.status !== 'up') {
      throw new ServiceUnavailableException('The database does not answer.');
    }
    if (!this.cluster.enabled) return { status: 'ok', database: 'up' };
    const role = this.leadership.isLeader ? 'leader' : 'follower';
    return { status: 'ok', database: 'up', cluster: { instance: this.cluster.instanceId, role } };
  }

  /**
   * The process runs and answers: 200 whatever else is down, shutting down included, so an
   * orchestrator does not restart an instance that is only waiting or draining. Not through
   * HealthCheckService, which answers every check with 503 once shutdown has begun.
   */
  @Get('live')
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { process: { status: 'up' } } } } })
  live(): HealthCheckResult {
    const info = this.indicators
      .check('process')
      .up({ uptimeSeconds: Math.round(process.uptime()) });
    return { status: 'ok', info, error: {}, details: info };
  }

  /** Send traffic here: the database answers, is migrated, the relay keeps up, no shutdown. */
  @Get('ready')
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        info: {
          database: { status: 'up' },
          migrations: { status: 'up' },
          relay: { status: 'up', lag: 0, maxLag: 1000 },
          shutdown: { status: 'up' },
        },
      },
    },
  })
  @ApiProblems(503)
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.reachable(),
        () => this.database.migrated(),
        () => this.relay.underThreshold(),
        () => this.shutdown.running(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new NotReadyError((error.getResponse() as HealthCheckResult).details);
    }
  }
}
