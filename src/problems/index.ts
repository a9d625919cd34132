export { ProblemsModule } from './problems.module';
export { PROBLEM_CATALOGUE } from './problem-catalogue';
export type { ProblemEntry } from './problem-catalogue';
