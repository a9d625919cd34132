import { Module } from '@nestjs/common';
import { WebController } from './web.controller';

/** Serves the page at `/` and `/dashboard`; the assets are mounted by `serveWebAssets`. */
@Module({ controllers: [WebController] })
export class WebModule {}
