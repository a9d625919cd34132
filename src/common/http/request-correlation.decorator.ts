import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Correlation } from '../events/correlation';
import type { IdentifiedRequest } from './request-id.middleware';

/** The request's id and trace context, for the events it raises (see assignRequestId). */
export function correlationOf(req: IdentifiedRequest): Correlation {
  const correlationId = req.id ?? 'unassigned';
  return req.traceparent === undefined
    ? { correlationId }
    : { correlationId, traceparent: req.traceparent };
}

/** `@RequestCorrelation() correlation: Correlation` — what ties this request's events to it. */
export const RequestCorrelation = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Correlation =>
    correlationOf(ctx.switchToHttp().getRequest<IdentifiedRequest>()),
);
