import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

type BodyParserError = Error & { type?: string; status?: number };

/**
 * Turns body-parser's failures (bad JSON, too large, bad charset) into explained errors. Its
 * 5xx (a stream set up wrongly) are Herald's fault and stay unexpected errors.
 */
export function explainBodyParserErrors(
  error: BodyParserError,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const explained = typeof error.type === 'string' && error.status && error.status < 500;
  next(explained ? toDomainError(error) : error);
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
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError(
        'REQUEST.UNSUPPORTED_ENCODING',
        415,
        'Unsupported Media Type',
        `The request body cannot be decoded (${error.message}): send UTF-8 JSON, with no Content-Encoding or gzip, deflate or br.`,
      );
    default:
      return new DomainError('REQUEST.UNREADABLE', 400, 'Unreadable body', error.message);
  }
}
