import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeOmitted, PageQuery } from '../../common';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: 'customer-42' })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  customerId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @MayBeOmitted()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
