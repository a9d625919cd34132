import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class SimulateDto {
  @ApiPropertyOptional({
    example: 2000,
    minimum: 0,
    maximum: 60000,
    description: 'Milliseconds per step; default SIMULATION_STEP_MS',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60000)
  stepMs?: number;
}
