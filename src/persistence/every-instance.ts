import { OnEvent } from '@nestjs/event-emitter';

type OnEventOptions = Parameters<typeof OnEvent>[1];

/**
 * The bus name under which the relay emits an event of `type` for listeners that keep this
 * process's own state, such as its stream hub. In a cluster every instance emits it (each
 * follows the log for itself); a plain `@OnEvent(type)` is a side effect (a notification, a
 * channel attempt) and runs on one instance only, the leader. With one process both run there.
 */
export const everyInstance = (type: string): string => `${type}@every-instance`;

/**
 * `@OnEvent` for a listener that every instance must run for itself: it only touches its own
 * process (its hub). Anything that writes, sends or calls out stays a plain `@OnEvent`.
 */
export const OnEveryInstance = (type: string, options?: OnEventOptions): MethodDecorator =>
  OnEvent(everyInstance(type), options);
