import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OrderEventMap, OrderEvents } from '../orders';
import { NotificationPublisher } from './notification-publisher.service';
import { orderNotification } from './order-notification';

/** Tells the customer about every change of their order. */
@Injectable()
export class NotifyCustomerOnOrderChangeListener {
  constructor(private readonly publisher: NotificationPublisher) {}

  @OnEvent(OrderEvents.created)
  @OnEvent(OrderEvents.statusChanged)
  onOrderChanged(event: OrderEventMap[typeof OrderEvents.statusChanged]): void {
    this.publisher.publish(orderNotification(event));
  }
}
