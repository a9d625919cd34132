export { AppConfig } from './config/app-config';
export { ConfigModule } from './config/config.module';
export { loadConfig, ConfigError } from './config/load-config';
export { DomainError, ValidationError } from './errors/domain-error';
export type { FieldError } from './errors/domain-error';
export { DatabaseUnavailableError } from './errors/database-unavailable.error';
export { RequestValidationPipe } from './validation/request-validation.pipe';
export { IsRecordOf } from './validation/is-record-of.decorator';
export { MayBeOmitted } from './validation/may-be-omitted.decorator';
export { ToBoolean, ToInteger } from './validation/from-string.transform';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { PROBLEM_CONTENT_TYPE, problemOf } from './errors/problem-details';
export type { ProblemDetails } from './errors/problem-details';
export { PROBLEMS_PATH, problemType } from './errors/problem-type';
export type { DomainEvent, Sequenced } from './events/domain-event';
export type { Correlation } from './events/correlation';
export type {
  DomainEventHandler,
  DomainEventListenerDecorator,
  DomainEventMap,
  DomainEventName,
} from './events/domain-event-map';
export type { DomainEventEmitter } from './events/domain-event-emitter';
export { OnDomainEvent } from './events/on-domain-event.decorator';
export type { OnDomainEventOptions } from './events/on-domain-event.decorator';
export { ParseIdPipe } from './http/parse-id.pipe';
export { ApiProblems } from './http/api-problems.decorator';
export { PageQuery } from './http/page.query';
export { decodePageCursor, encodePageCursor } from './http/page-cursor';
export { SerialBatches } from './batching/serial-batches';
export { LoggingModule } from './logging/logging.module';
export { explainBodyParserErrors } from './http/body-parser-errors.middleware';
export { closeRequestBodySchemas } from './http/closed-request-schemas';
export { problemDetailsSchema } from './http/problem-details.schema';
export { assignRequestId } from './http/request-id.middleware';
export type { IdentifiedRequest } from './http/request-id.middleware';
export { correlationOf, RequestCorrelation } from './http/request-correlation.decorator';
export { childTraceparent, traceIdOf } from './http/trace-context';
export { answerClientErrors } from './http/client-errors';
export { keepRequestShapesStable } from './http/request-shapes';
