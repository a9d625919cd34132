import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AppConfig } from '../common';

/** `/orders/stream`, `/orders/:id/stream`, `/notifications/stream` ... or an EventSource asking. */
const STREAM_PATH = /\/stream(\/|$)/;

/**
 * Browser-facing protection: security headers (helmet) on every response except streams, whose
 * headers the SSE contract fixes, cookie parsing for the auth cookie, and CORS with credentials
 * for the listed origins only (none by default: same-origin pages need no CORS).
 */
export function applyHttpSecurity(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  const headers = helmet({
    contentSecurityPolicy: {
      // Swagger UI and the tracking page use only same-origin scripts and styles. No
      // upgrade-insecure-requests: on plain HTTP (a LAN address, TLS ended at a proxy) it would
      // send the page's own assets to an https:// that does not exist.
      directives: {
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
  });
  express.use((req: Request, res: Response, next: NextFunction) =>
    isStream(req) ? next() : headers(req, res, next),
  );
  express.use(cookieParser()); // the auth cookie, read by AuthGuard
  const origins = config.http.corsOrigins;
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      credentials: true,
      exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id'],
    });
  }
}

function isStream(req: Request): boolean {
  return STREAM_PATH.test(req.path) || (req.headers.accept ?? '').includes('text/event-stream');
}
