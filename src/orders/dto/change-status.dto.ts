import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

export class ChangeStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'PaymentConfirmed' })
  @IsIn(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(', ')}` })
  status: OrderStatus;

  @ApiPropertyOptional({
    example: 1,
    description: 'Reject with 409 unless the order is at this version',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
