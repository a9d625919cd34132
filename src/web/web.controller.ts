import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth';
import { PUBLIC_DIR } from './public-dir';

/** The tracking page and the dashboard: static HTML whose scripts talk to the REST and SSE API. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  tracking(@Res() res: Response): void {
    sendPage(res, 'index.html');
  }

  @Get('dashboard')
  dashboard(@Res() res: Response): void {
    sendPage(res, 'dashboard.html');
  }
}

function sendPage(res: Response, file: string): void {
  res.setHeader('Cache-Control', 'no-cache');
  // `root`, not an absolute path: send refuses paths with a dot-directory anywhere in them
  // (a checkout under ~/.local/...), but only looks below `root`.
  res.sendFile(file, { root: PUBLIC_DIR });
}
