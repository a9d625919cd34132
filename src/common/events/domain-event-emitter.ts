import type { DomainEventMap, DomainEventName } from './domain-event-map';

/**
 * The bus (`EventEmitter2`) as modules emit on it, typed by the event map: inject it with
 * `@Inject(EventEmitter2) events: DomainEventEmitter`. Only the relays emit untyped, since what
 * they publish is read back from the event log, where names and payloads are data.
 */
export interface DomainEventEmitter {
  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): boolean;
  /** Resolves with every listener's result once all have settled (rejects if one failed). */
  emitAsync<K extends DomainEventName>(name: K, event: DomainEventMap[K]): Promise<unknown[]>;
}
