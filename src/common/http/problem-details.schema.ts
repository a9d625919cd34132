import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** RFC 9457 Problem Details as Herald sends them, for the OpenAPI document. */
export const problemDetailsSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      example: 'https://herald.example/problems#ORDER.NOT_FOUND',
    },
    title: { type: 'string', example: 'Order not found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', example: 'No order with id 6f1c….' },
    instance: { type: 'string', example: '/orders/6f1c…' },
    code: { type: 'string', example: 'ORDER.NOT_FOUND' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', example: 'items[0].quantity' },
          reason: { type: 'string' },
        },
      },
    },
  },
};
