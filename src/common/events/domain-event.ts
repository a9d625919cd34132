/** What every domain event carries, whatever module raises it. */
export interface DomainEvent {
  readonly eventId: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
}

/** A domain event as the relay publishes it: with its position in the durable event log. */
export type Sequenced<E extends DomainEvent> = E & { readonly sequence: number };
