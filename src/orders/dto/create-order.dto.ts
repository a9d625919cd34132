import { createZodDto } from 'nestjs-zod';
import { z } from '../../common';

const OrderLine = z.strictObject({
  sku: z.string().min(1).max(64).meta({ example: 'SKU-1042' }),
  name: z.string().min(1).max(200).optional().meta({ example: 'Espresso beans, 1 kg' }),
  quantity: z.int().min(1).max(1000).meta({ example: 2 }),
  unitPriceCents: z
    .int()
    .min(0)
    .max(1_000_000_000)
    .meta({ example: 1899, description: 'Price of one unit in minor units' }),
});

export class OrderLineDto extends createZodDto(OrderLine) {}

export class CreateOrderDto extends createZodDto(
  z.strictObject({
    customerId: z.string().min(1).max(64).optional().meta({
      example: 'customer-42',
      description: 'Defaults to the caller; a customer may only name themselves, an admin anyone',
    }),
    items: z.array(OrderLine).min(1).max(100),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'must be three upper-case letters (ISO 4217)' })
      .meta({ example: 'EUR' }),
  }),
) {}
