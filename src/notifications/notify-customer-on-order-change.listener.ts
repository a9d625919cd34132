import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common';
import { OrderEventMap, OrderEvents } from '../orders';
import { NotificationPublisher } from './notification-publisher.service';
import { orderNotification } from './order-notification';

/** Tells the customer about every change of their order; done once it is in their inbox. */
@Injectable()
export class NotifyCustomerOnOrderChangeListener {
  constructor(private readonly publisher: NotificationPublisher) {}

  // Errors reach the relay (suppressErrors: false), which then publishes the event again.
  @OnDomainEvent(OrderEvents.created, { suppressErrors: false })
  @OnDomainEvent(OrderEvents.statusChanged, { suppressErrors: false })
  onOrderChanged(event: OrderEventMap[typeof OrderEvents.statusChanged]): Promise<void> {
    return this.publisher.publish(orderNotification(event));
  }
}
