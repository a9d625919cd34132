import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

const STREAM_ROUTES = ['orders/stream', 'orders/:id/stream', 'notifications/stream'].map(
  (path) => ({ path, method: RequestMethod.GET }),
);

/** Structured JSON logs (pino), each request's lines tagged with its id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A per-request logger held for a stream's whole life costs ~3.5 KiB per open stream,
        // for one "request completed" line at its end. Streams are counted in /metrics instead,
        // and refusals with a 5xx are still logged by the error filter.
        exclude: STREAM_ROUTES,
        pinoHttp: {
          level: config.log.level,
          // assignRequestId (configure-app.ts) has already named the request.
          genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? 'unassigned',
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        },
      }),
    }),
  ],
})
export class LoggingModule {}
