import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { AppConfig } from '../config/app-config';
import { DatabaseUnavailableError } from './database-unavailable.error';
import { DomainError } from './domain-error';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem-details';
import { originOf } from './problem-type';

/** Renders every error — domain, HTTP, framework or unexpected — as Problem Details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const error = toDomainError(exception);
    const problem = problemOf(error, {
      origin: originOf(request, this.config.http.publicUrl),
      instance: request.originalUrl,
      requestId: request.id ? String(request.id) : undefined,
    });
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, requestId: problem.requestId, path: request.originalUrl },
        'unexpected error',
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.set(error.headers);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (DatabaseUnavailableError.isCause(exception)) return new DatabaseUnavailableError();
  return new DomainError(
    'INTERNAL',
    500,
    'Internal Server Error',
    'An unexpected error occurred. Quote the requestId when reporting it.',
  );
}

/** Nest's and Express's own errors (an unknown route, an undecodable path): `HTTP.<STATUS>`. */
function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message =
    typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
  const detail = Array.isArray(message) ? message.join('; ') : (message ?? exception.message);
  return new DomainError(httpCode(status), status, STATUS_CODES[status] ?? 'Error', detail);
}

function httpCode(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return `HTTP.${name ?? status}`;
}
