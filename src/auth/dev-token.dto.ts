import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MayBeOmitted } from '../common';

export class DevTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'customer-42' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  userId: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 32 },
    maxItems: 10,
    example: ['admin'],
    description: 'Roles to put in the token',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(32, { each: true })
  roles?: string[];
}

export class DevTokenResponse {
  @ApiProperty({ description: 'HS256 JWT; also set as the herald_token cookie' })
  token: string;
}
