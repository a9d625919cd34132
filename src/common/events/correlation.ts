/**
 * What ties work to the request that caused it. `correlationId` is that request's id
 * (`X-Request-Id`); `traceparent` is the W3C trace context the request came with, if a valid
 * one, kept as received so that whatever Herald calls out to later (a webhook) joins that trace.
 */
export interface Correlation {
  readonly correlationId: string;
  readonly traceparent?: string;
}
