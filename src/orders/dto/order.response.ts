import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';
import { OrderLineDto } from './order-line.dto';

/** OpenAPI shapes of what the Orders endpoints answer. */
export class OrderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'customer-42' }) customerId: string;
  @ApiProperty({ type: [OrderLineDto] }) items: OrderLineDto[];
  @ApiProperty({ example: 3798 }) totalCents: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] }) items: OrderResponse[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as ?cursor= for the next page' })
  nextCursor: string | null;
}

export class OrderEventResponse {
  @ApiProperty({ example: 17, description: 'Position in the event log; the SSE id' })
  sequence: number;
  @ApiProperty({ example: 'order.status-changed' }) type: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ enum: ORDER_STATUSES, nullable: true }) previousStatus: OrderStatus | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({
    example: 'checkout-7f3a',
    description:
      'The id of the request that caused it (its X-Request-Id); for a simulated step, the one that started the simulation',
  })
  correlationId: string;
  @ApiPropertyOptional({
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    description: "That request's W3C traceparent, when it came with a valid one",
  })
  traceparent?: string;
}

export class SimulationResponse {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ example: 2000 }) stepMs: number;
  @ApiProperty({ enum: ORDER_STATUSES }) fromStatus: OrderStatus;
}
