import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MayBeOmitted } from '../../common';

/** The body is optional: no body is the same as `{}`. */
export class SimulateDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 60000,
    example: 2000,
    description: 'Milliseconds per step; default SIMULATION_STEP_MS',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(60000)
  stepMs?: number;
}
