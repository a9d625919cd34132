import { OnEvent } from '@nestjs/event-emitter';
import type { DomainEventListenerDecorator, DomainEventName } from './domain-event-map';

export type OnDomainEventOptions = Parameters<typeof OnEvent>[1];

/**
 * `@OnEvent`, typed by the event map: `@OnDomainEvent(OrderEvents.statusChanged)` on a method
 * whose parameter does not accept that event's payload does not compile.
 */
export function OnDomainEvent<K extends DomainEventName>(
  name: K,
  options?: OnDomainEventOptions,
): DomainEventListenerDecorator<K> {
  return OnEvent(name, options);
}
