import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { MayBeOmitted } from '../../common';

/** One line of an order, as created and as answered. */
export class OrderLineDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'SKU-1042' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sku: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Espresso beans, 1 kg' })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 1_000_000_000,
    example: 1899,
    description: 'Price of one unit in minor units',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  unitPriceCents: number;
}
