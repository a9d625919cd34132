import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

export class DevTokenDto {
  @ApiProperty({ example: 'customer-42', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  userId: string;

  @ApiPropertyOptional({ example: ['admin'], description: 'Roles to put in the token' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  roles?: string[];
}

export class DevTokenResponse {
  @ApiProperty({ description: 'HS256 JWT; also set as the herald_token cookie' })
  token: string;
}
