import { ApiProperty } from '@nestjs/swagger';
import { IsObject, ValidateBy, ValidationOptions } from 'class-validator';

function IsSwitchMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSwitchMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.values(value).every((on) => typeof on === 'boolean'),
        defaultMessage: () => 'must map channel names to true or false',
      },
    },
    options,
  );
}

export class UpdatePreferencesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { webhook: false, console: true },
    description: 'Channel name → on/off. Channels left out are on; the inbox cannot be turned off.',
  })
  @IsObject()
  @IsSwitchMap()
  channels: Record<string, boolean>;
}
