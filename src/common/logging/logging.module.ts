import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { logFormatFor } from './log-format';

const STREAM_ROUTES = ['orders/stream', 'orders/:id/stream', 'notifications/stream'].map(
  (path) => ({ path, method: RequestMethod.GET }),
);

function loggerOptions(config: AppConfig): Params['pinoHttp'] {
  return {
    level: config.log.level,
    // assignRequestId (configure-app.ts) has already named the request.
    genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? 'unassigned',
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
}

/** One line per entry, the request's method, URL, status and time in its message; errors in full. */
const PRETTY = {
  target: 'pino-pretty',
  options: {
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat:
      '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url} → {res.statusCode} in {responseTime} ms ({req.id}){end}',
  },
};

/** What the logger writes to: stdout as JSON lines, or through pino-pretty (see logFormatFor). */
function destination(config: AppConfig): Params['pinoHttp'] {
  const format = logFormatFor({
    env: config.env,
    level: config.log.level,
    stdoutIsTTY: process.stdout.isTTY === true,
  });
  return format === 'pretty' ? { transport: PRETTY } : {};
}

/**
 * Structured logs (pino), JSON lines unless a person reads them at a terminal: Nest's `Logger` writes through nestjs-pino, and every request
 * but a stream gets pino-http's line when it completes, with its id.
 *
 * nestjs-pino's own request middleware is not used: it runs the rest of each request inside an
 * `AsyncLocalStorage`, so that lines logged meanwhile carry the request. On Node 20 that puts
 * promise hooks on every promise (~3 % of an event's CPU under load), and the context leaks into
 * work the request only set off — the relay's batch, the notifications it publishes — whose
 * lines then carried whichever request kicked the relay. The error filter names the request of
 * a 5xx itself.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: { ...loggerOptions(config), ...destination(config) },
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule implements NestModule {
  constructor(
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    // A per-request logger held for a stream's whole life costs ~3.5 KiB per open stream, for
    // one "request completed" line at its end. Streams are counted in /metrics instead, and
    // refusals with a 5xx are still logged by the error filter.
    consumer
      .apply(pinoHttp({ ...loggerOptions(this.config), logger: this.logger.logger }))
      .exclude(...STREAM_ROUTES)
      .forRoutes('*');
  }
}
