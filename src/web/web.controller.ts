import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth';
import { AppConfig } from '../common';
import { PUBLIC_DIR } from './public-dir';

/** What the pages need to know of the server to watch their streams. */
export interface PageSettings {
  /** SSE_HEARTBEAT_MS: a stream silent for about twice this long is dead. */
  heartbeatMs: number;
  /** SSE_RETRY_MS: the wait before reconnecting after a stream ended or broke. */
  retryMs: number;
}

/** The tracking page and the dashboard: static HTML whose scripts talk to the REST and SSE API. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  tracking(@Res() res: Response): void {
    sendPage(res, 'index.html');
  }

  @Get('dashboard')
  dashboard(@Res() res: Response): void {
    sendPage(res, 'dashboard.html');
  }

  @Get('page-settings')
  @Header('Cache-Control', 'no-cache')
  settings(): PageSettings {
    const { heartbeatMs, retryMs } = this.config.sse;
    return { heartbeatMs, retryMs };
  }
}

function sendPage(res: Response, file: string): void {
  res.setHeader('Cache-Control', 'no-cache');
  // `root`, not an absolute path: send refuses paths with a dot-directory anywhere in them
  // (a checkout under ~/.local/...), but only looks below `root`.
  res.sendFile(file, { root: PUBLIC_DIR });
}
