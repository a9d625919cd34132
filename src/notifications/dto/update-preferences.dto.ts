import { createZodDto } from 'nestjs-zod';
import { z } from '../../common';

export class UpdatePreferencesDto extends createZodDto(
  z.strictObject({
    channels: z
      .record(z.string(), z.boolean({ error: 'must be true or false' }), {
        error: 'must map channel names to true or false',
      })
      .meta({
        example: { webhook: false, console: true },
        description:
          'Channel name → on/off. Channels left out are on; the inbox cannot be turned off.',
      }),
  }),
) {}
