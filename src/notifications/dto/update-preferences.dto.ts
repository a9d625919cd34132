import { ApiProperty } from '@nestjs/swagger';
import { isBoolean } from 'class-validator';
import { IsRecordOf } from '../../common';

export class UpdatePreferencesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { webhook: false, console: true },
    description: 'Channel name → on/off. Channels left out are on; the inbox cannot be turned off.',
  })
  @IsRecordOf(isBoolean, 'must be true or false', {
    message: 'must map channel names to true or false',
  })
  channels: Record<string, boolean>;
}
