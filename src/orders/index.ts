export { OrdersModule } from './orders.module';
export { OrdersService } from './orders.service';
export { OrderEvents, ORDER_EVENT_NAMES } from './events/order-events';
export type { OrderChangedEvent, OrderEventMap } from './events/order-events';
export type { Order, OrderLine } from './domain/order';
export { ORDER_STATUSES, ORDER_LIFECYCLE, isFinal } from './domain/order-status';
export type { OrderStatus } from './domain/order-status';
export { OrderNotFoundError } from './domain/orders.errors';
export { canSee, listFilterFor } from './order-access';
