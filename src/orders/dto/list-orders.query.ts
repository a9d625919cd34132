import { createZodDto } from 'nestjs-zod';
import { pageQuery, z } from '../../common';
import { ORDER_STATUSES } from '../domain/order-status';

export class ListOrdersQuery extends createZodDto(
  pageQuery.extend({
    customerId: z.string().min(1).max(64).optional().meta({ example: 'customer-42' }),
    status: z.enum(ORDER_STATUSES).optional(),
  }),
) {}
