import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Public } from '../auth';
import { Cluster } from '../cluster';
import { ApiProblems } from '../common';
import { Leadership } from '../persistence';
import { DatabaseIndicator } from './database.indicator';
import { NotReadyError } from './health.errors';
import { RedisIndicator } from './redis.indicator';
import { RelayLagIndicator } from './relay-lag.indicator';
import { ShutdownIndicator } from './shutdown.indicator';

interface HealthReport {
  /** `degraded`: serving everything, but a part it can do without is down (`reason` says which). */
  status: 'ok' | 'degraded';
  database: 'up';
  /** In cluster mode. */
  redis?: 'up' | 'down';
  reason?: string;
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
    private readonly redis: RedisIndicator,
    private readonly relay: RelayLagIndicator,
    private readonly shutdown: ShutdownIndicator,
    private readonly cluster: Cluster,
    private readonly leadership: Leadership,
  ) {}

  /**
   * 200 while the database answers: the first health check, kept for existing monitors. In
   * cluster mode it also reports Redis: while Redis is down the instance still serves
   * everything (limits per process, wake-ups by polling), so that is `degraded`, still 200.
   */
  @Get()
  @ApiOkResponse({
    schema: {
      example: {
        status: 'degraded',
        database: 'up',
        redis: 'down',
        reason: 'Redis is unreachable (commands reconnecting): connect ECONNREFUSED …',
        cluster: { instance: '…', role: 'leader' },
      },
    },
  })
  @ApiProblems(503)
  async check(): Promise<HealthReport> {
    const [{ database }, redisCheck] = await Promise.all([
      this.database.reachable(),
      this.redis.configured ? this.redis.reachable() : undefined,
    ]);
    if (database.status !== 'up') {
      throw new ServiceUnavailableException('The database does not answer.');
    }
    if (!redisCheck) return { status: 'ok', database: 'up' };
    const role = this.leadership.isLeader ? 'leader' : 'follower';
    const cluster = { instance: this.cluster.instanceId, role } as const;
    const { redis } = redisCheck;
    if (redis.status === 'up') return { status: 'ok', database: 'up', redis: 'up', cluster };
    const reason = String(redis.message);
    return { status: 'degraded', database: 'up', redis: 'down', reason, cluster };
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

  /**
   * Send traffic here: the database answers, is migrated, the relay keeps up, no shutdown.
   * Redis (cluster mode) is reported but does not decide: every instance shares one Redis, and
   * failing them all would take the whole cluster out of the load balancer while it can serve.
   */
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
          redis: { status: 'up' },
        },
      },
    },
  })
  @ApiProblems(503)
  async ready(): Promise<ReadinessReport> {
    const redisCheck = this.redis.configured ? this.redis.reachable() : undefined;
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.database.reachable(),
        () => this.database.migrated(),
        () => this.relay.underThreshold(),
        () => this.shutdown.running(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { details } = error.getResponse() as HealthCheckResult;
      throw new NotReadyError(details, await redisCheck);
    }
    return withAdvisory(result, await redisCheck);
  }
}

/** A readiness answer: `degraded` when a part that does not decide readiness is down. */
type ReadinessReport = Omit<HealthCheckResult, 'status'> & {
  status: HealthCheckResult['status'] | 'degraded';
};

function withAdvisory(
  result: HealthCheckResult,
  advisory: HealthIndicatorResult | undefined,
): ReadinessReport {
  if (!advisory) return result;
  const details = { ...result.details, ...advisory };
  const down = Object.values(advisory).some((part) => part.status !== 'up');
  if (!down) return { ...result, info: { ...result.info, ...advisory }, details };
  return { ...result, status: 'degraded', error: { ...result.error, ...advisory }, details };
}
