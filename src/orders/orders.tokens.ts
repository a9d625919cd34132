/** The simulator this process runs: `@Inject(SIMULATOR) simulator: Simulator`. */
export const SIMULATOR = Symbol('SIMULATOR');
