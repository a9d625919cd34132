import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeOmitted } from '../../common';

/** `GET /orders/stream`'s query: whose orders (admins choose; a customer's are their own). */
export class OrderFeedQuery {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    example: 'customer-42',
    description: "Admins: only this customer's orders. Customers: their own id, or left out.",
  })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  customerId?: string;

  @ApiPropertyOptional({
    description: 'Resume after this event id, for clients that cannot send `Last-Event-ID`',
  })
  @MayBeOmitted()
  @IsString()
  lastEventId?: string;
}
