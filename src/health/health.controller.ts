import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { sql } from 'kysely';
import { Public } from '../auth';
import { Cluster } from '../cluster';
import { ApiProblems } from '../common';
import { DATABASE, Database, Leadership } from '../persistence';

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
    @Inject(DATABASE) private readonly db: Database,
    private readonly cluster: Cluster,
    private readonly leadership: Leadership,
  ) {}

  /** Ready when the database answers. */
  @Get()
  @ApiOkResponse({
    schema: {
      example: { status: 'ok', database: 'up', cluster: { instance: '…', role: 'leader' } },
    },
  })
  @ApiProblems(503)
  async check(): Promise<HealthReport> {
    try {
      await sql`select 1`.execute(this.db);
    } catch {
      throw new ServiceUnavailableException('The database does not answer.');
    }
    if (!this.cluster.enabled) return { status: 'ok', database: 'up' };
    const role = this.leadership.isLeader ? 'leader' : 'follower';
    return { status: 'ok', database: 'up', cluster: { instance: this.cluster.instanceId, role } };
  }
}
