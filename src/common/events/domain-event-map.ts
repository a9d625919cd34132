/**
 * Every event of the in-process bus, by name: the one typed event map. It is empty here because
 * `common/` knows no feature module; each module that publishes events adds its own map to it
 * (`declare module '../common' { interface DomainEventMap extends OrderEventMap {} }` beside
 * its events), so emitting or listening with a name or payload it does not list does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap;

/** A listener method that accepts everything emitted under `K` (it may ask for less). */
export type DomainEventHandler<K extends DomainEventName> = (event: DomainEventMap[K]) => unknown;

/** A method decorator that compiles only on a method that can handle `K`'s payload. */
export type DomainEventListenerDecorator<K extends DomainEventName> = <
  T extends DomainEventHandler<K>,
>(
  target: object,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;
