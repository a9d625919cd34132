import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

type BodyParserError = Error & { type?: string; status?: number };

/** Turns body-parser's failures (bad JSON, too large, bad charset) into explained errors. */
export function explainBodyParserErrors(
  error: BodyParserError,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  next(typeof error.type === 'string' && error.status ? toDomainError(error) : error);
}

function toDomainError(error: BodyParserError): DomainError {
  switch (error.type) {
    case 'entity.parse.failed':
      return new DomainError(
        'REQUEST.MALFORMED_JSON',
        400,
        'Malformed JSON',
        `The request body is not valid JSON: ${error.message}.`,
      );
    case 'entity.too.large':
      return new DomainError(
        'REQUEST.TOO_LARGE',
        413,
        'Payload Too Large',
        'The request body exceeds the size limit (BODY_LIMIT).',
      );
    default:
      return new DomainError(
        'REQUEST.UNREADABLE',
        error.status ?? 400,
        'Unreadable body',
        error.message,
      );
  }
}
