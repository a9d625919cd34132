import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { AuthEvents, TokenVerifiedEvent } from '../src/auth';
import { DomainEventEmitter, OnDomainEvent, Sequenced } from '../src/common';
import { OrderChangedEvent, OrderEvents } from '../src/orders';
import { OnEveryInstance } from '../src/persistence';

/*
 * The bus is typed by DomainEventMap. Each `@ts-expect-error` below marks a line that must NOT
 * compile: `npm run lint` runs tsc over test/, and an expected error that does not happen fails it
 * ("Unused '@ts-expect-error' directive"). The jest part checks that the typed decorators and
 * emitter are still the bus underneath.
 */

const statusChanged: Sequenced<OrderChangedEvent> = {
  eventId: 'e-1',
  aggregateId: 'o-1',
  occurredAt: '2026-12-05T12:00:00.000Z',
  correlationId: 'request-1',
  orderId: 'o-1',
  customerId: 'customer-1',
  status: 'Shipped',
  previousStatus: 'Packed',
  version: 4,
  sequence: 17,
};

@Injectable()
class Listeners {
  readonly heard: string[] = [];

  @OnDomainEvent(OrderEvents.statusChanged)
  onStatusChanged(event: Sequenced<OrderChangedEvent>): void {
    this.heard.push(`side effect ${event.status} ${event.correlationId}`);
  }

  // A listener may ask for less than the payload has.
  @OnEveryInstance(OrderEvents.statusChanged)
  onStatusChangedHere(event: { orderId: string }): void {
    this.heard.push(`every instance ${event.orderId}`);
  }

  @OnDomainEvent(AuthEvents.tokenVerified)
  onTokenVerified({ user }: TokenVerifiedEvent): void {
    this.heard.push(`token of ${user.id}`);
  }

  // @ts-expect-error an order event's listener that takes the auth event's payload
  @OnDomainEvent(OrderEvents.statusChanged)
  wrongPayload(event: TokenVerifiedEvent): void {
    void event;
  }

  // @ts-expect-error a listener that needs a field the event does not carry
  @OnEveryInstance(OrderEvents.created)
  needsMore(event: OrderChangedEvent & { trackingNumber: string }): void {
    void event;
  }

  // @ts-expect-error an event no module publishes
  @OnDomainEvent('order.lost')
  unknownEvent(): void {}
}

@Injectable()
class Emitter {
  constructor(@Inject(EventEmitter2) readonly events: DomainEventEmitter) {}

  emitAll(): Promise<unknown[]>[] {
    return [
      this.events.emitAsync(OrderEvents.statusChanged, statusChanged),
      this.events.emitAsync(AuthEvents.tokenVerified, { user: { id: 'u-1', roles: [] } }),
    ];
  }

  wrongOnPurpose(): void {
    // @ts-expect-error the payload of another event
    void this.events.emitAsync(OrderEvents.statusChanged, { user: { id: 'u-1', roles: [] } });
    // @ts-expect-error an order event without its correlation id
    this.events.emit(OrderEvents.created, { ...statusChanged, correlationId: undefined });
    // @ts-expect-error a name that is not in the map
    this.events.emit('order.status-change', statusChanged);
  }
}

describe('The typed event bus', () => {
  it('delivers what the typed emitter emits to the typed listeners', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot()],
      providers: [Listeners, Emitter],
    }).compile();
    await moduleRef.init();

    await Promise.all(moduleRef.get(Emitter).emitAll());
    // OnEveryInstance listens under the name the relay emits for every instance.
    moduleRef.get(EventEmitter2).emit(`${OrderEvents.statusChanged}@every-instance`, statusChanged);

    expect(moduleRef.get(Listeners).heard).toEqual([
      'side effect Shipped request-1',
      'token of u-1',
      'every instance o-1',
    ]);
    await moduleRef.close();
  });
});
