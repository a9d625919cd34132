import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class OrderLineDto {
  @ApiProperty({ example: 'SKU-1042', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  sku: string;

  @ApiPropertyOptional({ example: 'Espresso beans, 1 kg', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  @ApiProperty({ example: 1899, minimum: 0, description: 'Price of one unit in minor units' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  unitPriceCents: number;
}

export class CreateOrderDto {
  @ApiPropertyOptional({
    example: 'customer-42',
    minLength: 1,
    maxLength: 64,
    description: 'Defaults to the caller; a customer may only name themselves, an admin anyone',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiProperty({ type: [OrderLineDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be three upper-case letters (ISO 4217)' })
  currency: string;
}
