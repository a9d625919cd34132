import { createZodDto } from 'nestjs-zod';
import { z } from '../../common';

/** The body is optional: no body is the same as `{}`. */
export class SimulateDto extends createZodDto(
  z
    .strictObject({
      stepMs: z
        .int()
        .min(0)
        .max(60000)
        .optional()
        .meta({ example: 2000, description: 'Milliseconds per step; default SIMULATION_STEP_MS' }),
    })
    .default({}),
) {}
