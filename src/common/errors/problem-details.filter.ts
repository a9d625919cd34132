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
import { DomainError } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body. `code` and `requestId` are Herald's extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** Renders every error — domain, HTTP, framework or unexpected — as Problem Details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
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
    if (exception instanceof DomainError) response.set(exception.headers);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request & { id?: string }): ProblemDetails {
    const base = {
      instance: request.originalUrl,
      requestId: request.id ? String(request.id) : undefined,
    };
    if (exception instanceof DomainError) {
      return {
        type: typeUri(exception.code),
        title: exception.title,
        status: exception.status,
        detail: exception.message,
        code: exception.code,
        ...base,
        ...exception.extensions,
      };
    }
    if (exception instanceof HttpException) return fromHttpException(exception, base);
    return {
      type: typeUri('INTERNAL'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
      code: 'INTERNAL',
      ...base,
    };
  }
}

function fromHttpException(
  exception: HttpException,
  base: Pick<ProblemDetails, 'instance' | 'requestId'>,
): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message =
    typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
  const code = httpCode(status);
  return {
    type: typeUri(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: Array.isArray(message) ? message.join('; ') : (message ?? exception.message),
    code,
    ...base,
  };
}

function httpCode(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return `HTTP.${name ?? status}`;
}

function typeUri(code: string): string {
  return `https://herald.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;
}
