import type { Correlation } from './correlation';

/**
 * What every domain event carries, whatever module raises it: `correlationId` (and
 * `traceparent`) name the request that caused it, or the one that started the simulation.
 */
export interface DomainEvent extends Correlation {
  readonly eventId: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
}

/** A domain event as the relay publishes it: with its position in the durable event log. */
export type Sequenced<E extends DomainEvent> = E & { readonly sequence: number };
