import { OnEvent } from '@nestjs/event-emitter';
import type {
  DomainEventListenerDecorator,
  DomainEventName,
  OnDomainEventOptions,
} from '../common';

/**
 * The bus name under which the relay emits an event of `type` for listeners that keep this
 * process's own state, such as its stream hub. In a cluster every instance emits it (each
 * follows the log for itself); a plain `@OnDomainEvent(type)` is a side effect (a notification,
 * a channel attempt) and runs on one instance only, the leader. With one process both run there.
 */
export const everyInstance = (type: string): string => `${type}@every-instance`;

/**
 * `@OnDomainEvent` for a listener that every instance must run for itself: it only touches its
 * own process (its hub). Anything that writes, sends or calls out stays a plain
 * `@OnDomainEvent`. Typed by the event map in the same way.
 */
export const OnEveryInstance = <K extends DomainEventName>(
  type: K,
  options?: OnDomainEventOptions,
): DomainEventListenerDecorator<K> => OnEvent(everyInstance(type), options);
