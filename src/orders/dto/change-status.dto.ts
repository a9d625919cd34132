import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { MayBeOmitted } from '../../common';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

export class ChangeStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'PaymentConfirmed' })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'Reject with 409 unless the order is at this version',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
