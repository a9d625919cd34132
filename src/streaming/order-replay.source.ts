import { Injectable } from '@nestjs/common';
import type { Sequenced } from '../common';
import { ORDER_EVENT_NAMES, OrderChangedEvent } from '../orders';
import { type EventLogQuery, EventLogRepository } from '../persistence';
import { toOrderStreamEvent } from './order-stream-event';
import type { ReplaySource, StreamEvent } from './stream-event';

/** Order streams replay from the durable event log, so replay survives restarts. */
@Injectable()
export class OrderReplaySources {
  constructor(private readonly eventLog: EventLogRepository) {}

  /** One order's events. */
  forOrder(orderId: string): ReplaySource {
    return this.source({ aggregateId: orderId });
  }

  /** The events of every order of one customer (their feed). */
  forCustomer(customerId: string): ReplaySource {
    return this.source({ userId: customerId });
  }

  /** Every order's events (the dashboard feed). */
  allOrders(): ReplaySource {
    return this.source({});
  }

  /** The id of the order's last retained event (its final one, once the order is final). */
  lastEventIdOf(orderId: string): Promise<number | undefined> {
    return this.eventLog.lastSequenceOf(orderId);
  }

  /** Ids are log sequences shared by every stream, so the log's own bounds judge an id. */
  private source(filter: Pick<EventLogQuery, 'aggregateId' | 'userId'>): ReplaySource {
    return {
      readAfter: async (afterId: number, limit: number): Promise<StreamEvent[]> => {
        const logged = await this.eventLog.read({
          ...filter,
          afterSequence: afterId,
          types: ORDER_EVENT_NAMES,
          limit,
        });
        return logged.map(({ event }) => toOrderStreamEvent(event as Sequenced<OrderChangedEvent>));
      },
      bounds: async () => ({
        oldest: await this.eventLog.firstSequence(),
        newest: await this.eventLog.lastSequence(),
      }),
    };
  }
}
