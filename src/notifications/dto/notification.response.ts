import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of what the Notifications endpoints answer. */
export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 42, description: 'Position in the inbox; the SSE event id' })
  sequence: number;
  @ApiProperty({ example: 'customer-42' }) userId: string;
  @ApiProperty({ example: 'order.shipped' }) type: string;
  @ApiProperty({ example: 'Order shipped' }) title: string;
  @ApiProperty({ example: 'Your order #6f1c2a3b is on its way.' }) body: string;
  @ApiProperty({ enum: ['info', 'success', 'warning'] }) severity: string;
  @ApiProperty({ format: 'uuid', nullable: true }) orderId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { status: 'Shipped' } })
  data: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    example: 'checkout-7f3a',
    description: 'The id of the request that caused it (its X-Request-Id)',
  })
  correlationId: string;
  @ApiProperty({
    nullable: true,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    description: "That request's W3C traceparent, when it came with a valid one",
  })
  traceparent: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) readAt: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as ?cursor= for the next page' })
  nextCursor: string | null;
}

export class UnreadCountResponse {
  @ApiProperty({ example: 3 }) count: number;
}

export class ReadAllResponse {
  @ApiProperty({ example: 3, description: 'How many notifications were marked read' })
  updated: number;
}

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ example: 'webhook' }) channel: string;
  @ApiProperty({
    example: 1,
    description: '1, 2, …; 0 for the decision taken before any attempt (queued or skipped)',
  })
  attempt: number;
  @ApiProperty({ enum: ['queued', 'succeeded', 'failed', 'timed-out', 'skipped'] })
  outcome: string;
  @ApiProperty({ nullable: true, example: 'no answer within 5000 ms' }) error: string | null;
  @ApiProperty({
    nullable: true,
    example: '<1b6f0c1e-…@herald.example>',
    description: "How the channel's receiver knows the delivery (the e-mail's Message-ID)",
  })
  reference: string | null;
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({
    nullable: true,
    example: 'checkout-7f3a',
    description: "The notification's correlation id (null for records older than it)",
  })
  correlationId: string | null;
}

export class PreferencesResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { inbox: true, console: true, sse: true, webhook: false },
  })
  channels: Record<string, boolean>;
  @ApiProperty({
    nullable: true,
    example: 'customer-42@example.com',
    description: "The address chosen for e-mail; null: the token's `email` claim, if any",
  })
  email: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) updatedAt: string | null;
}
