import { createZodDto } from 'nestjs-zod';
import { z } from '../../common';
import { ORDER_STATUSES } from '../domain/order-status';

export class ChangeStatusDto extends createZodDto(
  z.strictObject({
    status: z.enum(ORDER_STATUSES).meta({ example: 'PaymentConfirmed' }),
    expectedVersion: z
      .int()
      .min(1)
      .optional()
      .meta({ example: 1, description: 'Reject with 409 unless the order is at this version' }),
  }),
) {}
