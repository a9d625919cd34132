import { ApiProperty } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from '../common';

export class DevTokenDto extends createZodDto(
  z.strictObject({
    userId: z.string().min(1).max(64).meta({ example: 'customer-42' }),
    roles: z
      .array(z.string().min(1).max(32))
      .max(10)
      .optional()
      .meta({ example: ['admin'], description: 'Roles to put in the token' }),
  }),
) {}

export class DevTokenResponse {
  @ApiProperty({ description: 'HS256 JWT; also set as the herald_token cookie' })
  token: string;
}
