import { DomainError } from './domain-error';
import { problemType } from './problem-type';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body. `code` and `requestId` are Herald's extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request's URL; absent only when the request could not be parsed. */
  instance?: string;
  code: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** Where a problem happened, for its `type`, `instance` and `requestId`. */
export interface ProblemContext {
  origin: string;
  instance?: string;
  requestId?: string;
}

export function problemOf(error: DomainError, context: ProblemContext): ProblemDetails {
  return {
    type: problemType(error.code, context.origin),
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: context.instance,
    requestId: context.requestId,
    ...error.extensions,
  };
}
