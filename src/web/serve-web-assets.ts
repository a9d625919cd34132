import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ASSETS_DIR } from './public-dir';

/**
 * Serves the page's CSS, JS and icons under `/assets/` with express.static, before Nest's
 * routes and guards: assets are public. `no-cache` makes browsers revalidate (ETag) so a
 * rebuilt page is picked up at once. Unknown files fall through to the Problem Details 404.
 */
export function serveWebAssets(app: INestApplication): void {
  (app as NestExpressApplication).useStaticAssets(ASSETS_DIR, {
    prefix: '/assets/',
    index: false,
    fallthrough: true,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
}
