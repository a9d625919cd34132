import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DATABASE, Database, HeraldDatabase, ReusedQuery, Transactional } from '../persistence';
import type { Order } from './domain/order';
import type { OrderStatus } from './domain/order-status';
import type { OrderCursor } from './order-cursor';

type OrderRow = Selectable<HeraldDatabase['orders']>;

export interface OrderFilter {
  customerId?: string;
  status?: OrderStatus;
  limit: number;
  after?: OrderCursor;
}

/** Orders table access. Writes take the caller's transaction so events commit with them. */
@Injectable()
export class OrdersRepository {
  private readonly insertRow = new ReusedQuery(
    'insert an order',
    (db, row: Insertable<HeraldDatabase['orders']>) => db.insertInto('orders').values(row),
  );

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(trx: Transactional, order: Order): Promise<void> {
    await this.insertRow.execute(trx, toRow(order));
  }

  async findById(id: string, trx: Transactional | Database = this.db): Promise<Order | undefined> {
    const row = await trx.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOrder(row);
  }

  /** Writes status and version only if the row is still at `fromVersion`; false when it moved on. */
  async updateStatus(trx: Transactional, order: Order, fromVersion: number): Promise<boolean> {
    const result = await trx
      .updateTable('orders')
      .set({ status: order.status, version: order.version, updated_at: order.updatedAt })
      .where('id', '=', order.id)
      .where('version', '=', fromVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(filter: OrderFilter): Promise<Order[]> {
    let query = this.db.selectFrom('orders').selectAll();
    if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
    if (filter.status) query = query.where('status', '=', filter.status);
    const after = filter.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toOrder);
  }
}

function toRow(order: Order): OrderRow {
  return {
    id: order.id,
    customer_id: order.customerId,
    items: JSON.stringify(order.items),
    total_cents: order.totalCents,
    currency: order.currency,
    status: order.status,
    version: order.version,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    items: JSON.parse(row.items),
    totalCents: Number(row.total_cents),
    currency: row.currency,
    status: row.status as OrderStatus,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
