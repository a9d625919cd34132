import { Module } from '@nestjs/common';
import { ProblemsController } from './problems.controller';

/** Serves `GET /problems`, the page every Problem Details `type` resolves to. */
@Module({ controllers: [ProblemsController] })
export class ProblemsModule {}
