import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MayBeOmitted } from '../../common';
import { OrderLineDto } from './order-line.dto';

export class CreateOrderDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    example: 'customer-42',
    description: 'Defaults to the caller; a customer may only name themselves, an admin anyone',
  })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  customerId?: string;

  @ApiProperty({ type: [OrderLineDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be three upper-case letters (ISO 4217)' })
  currency: string;
}
