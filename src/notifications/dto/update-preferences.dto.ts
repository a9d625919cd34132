import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, isBoolean, IsOptional, MaxLength } from 'class-validator';
import { IsRecordOf, MayBeOmitted } from '../../common';

/** A field left out keeps what is stored. */
export class UpdatePreferencesDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { webhook: false, console: true },
    description: 'Channel name → on/off. Channels left out are on; the inbox cannot be turned off.',
  })
  @MayBeOmitted()
  @IsRecordOf(isBoolean, 'must be true or false', {
    message: 'must map channel names to true or false',
  })
  channels?: Record<string, boolean>;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    format: 'email',
    maxLength: 254,
    example: 'customer-42@example.com',
    description: "Where e-mail goes instead of the token's `email` claim; null goes back to it.",
  })
  @IsOptional() // null is meaningful here: it clears the address
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;
}
