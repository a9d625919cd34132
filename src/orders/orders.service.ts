import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Correlation, Sequenced } from '../common';
import { EventLogRepository, Outbox, RecordEvent, Transactional } from '../persistence';
import type { Order } from './domain/order';
import { allowedTransitions, canTransition, OrderStatus } from './domain/order-status';
import {
  InvalidTransitionError,
  OrderNotFoundError,
  VersionConflictError,
} from './domain/orders.errors';
import type { CreateOrderDto } from './dto/create-order.dto';
import type { ListOrdersQuery } from './dto/list-orders.query';
import {
  ORDER_EVENT_NAMES,
  OrderChangedEvent,
  OrderEventMap,
  OrderEvents,
} from './events/order-events';
import { decodeCursor, encodeCursor } from './order-cursor';
import { OrdersRepository } from './orders.repository';

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

/** One transition asked for: of which order, to what, on whose behalf, from which version. */
export interface StatusChange {
  id: string;
  status: OrderStatus;
  correlation: Correlation;
  expectedVersion?: number;
}

export type OrderHistoryEntry = OrderChangedEvent & { sequence: number; type: string };

/** The order aggregate's use cases. Every change commits with its event, or not at all. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly outbox: Outbox,
    private readonly eventLog: EventLogRepository,
  ) {}

  /** `correlation` names the request that asked for it; its event carries it on. */
  async create(
    input: CreateOrderDto & { customerId: string },
    correlation: Correlation,
  ): Promise<Order> {
    const now = new Date().toISOString();
    const order: Order = {
      id: randomUUID(),
      customerId: input.customerId,
      items: input.items.map(({ sku, name, quantity, unitPriceCents }) => ({
        sku,
        ...(name === undefined ? {} : { name }),
        quantity,
        unitPriceCents,
      })),
      totalCents: input.items.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
      currency: input.currency,
      status: 'Created',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.outbox.commit(async (trx, record) => {
      await this.orders.insert(trx, order);
      await recordChange(record, OrderEvents.created, order, null, correlation);
    });
    return order;
  }

  async get(id: string): Promise<Order> {
    const order = await this.orders.findById(id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  async list(query: ListOrdersQuery): Promise<OrderPage> {
    const items = await this.orders.list({
      customerId: query.customerId,
      status: query.status,
      limit: query.limit,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const last = items.at(-1);
    return { items, nextCursor: last && items.length === query.limit ? encodeCursor(last) : null };
  }

  /** Applies one lifecycle transition; 409 for an invalid one or a stale `expectedVersion`. */
  async changeStatus(
    id: string,
    status: OrderStatus,
    correlation: Correlation,
    expectedVersion?: number,
  ): Promise<Order> {
    return this.outbox.commit((trx, record) =>
      this.changeStatusIn(trx, record, { id, status, correlation, expectedVersion }),
    );
  }

  /** `changeStatus` as part of a caller's unit of work (a simulation step with its schedule). */
  async changeStatusIn(
    trx: Transactional,
    record: RecordEvent,
    { id, status, correlation, expectedVersion }: StatusChange,
  ): Promise<Order> {
    const current = await this.orders.findById(id, trx);
    if (!current) throw new OrderNotFoundError(id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new VersionConflictError(expectedVersion, current.version);
    }
    if (!canTransition(current.status, status)) {
      throw new InvalidTransitionError(current.status, status, allowedTransitions(current.status));
    }
    const next: Order = {
      ...current,
      status,
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    if (!(await this.orders.updateStatus(trx, next, current.version))) {
      const latest = await this.orders.findById(id, trx);
      throw new VersionConflictError(current.version, latest?.version ?? current.version);
    }
    await recordChange(record, OrderEvents.statusChanged, next, current.status, correlation);
    return next;
  }

  /** The order's events from the log, oldest first. */
  async history(id: string): Promise<OrderHistoryEntry[]> {
    await this.get(id);
    const logged = await this.eventLog.read({
      afterSequence: 0,
      aggregateId: id,
      types: ORDER_EVENT_NAMES,
      limit: 10_000,
    });
    return logged.map(({ type, event }) => ({ ...(event as Sequenced<OrderChangedEvent>), type }));
  }
}

function recordChange(
  record: RecordEvent,
  type: keyof OrderEventMap,
  order: Order,
  previousStatus: OrderStatus | null,
  { correlationId, traceparent }: Correlation,
): Promise<void> {
  const event: OrderChangedEvent = {
    eventId: randomUUID(),
    aggregateId: order.id,
    occurredAt: order.updatedAt,
    correlationId,
    ...(traceparent === undefined ? {} : { traceparent }),
    orderId: order.id,
    customerId: order.customerId,
    status: order.status,
    previousStatus,
    version: order.version,
  };
  return record({ type, userId: order.customerId, event });
}
