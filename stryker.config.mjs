/**
 * Stryker's settings shared by every folder; `npm run test:mutation` (test/mutation/run.mjs)
 * runs one Stryker per folder of test/mutation/folders.mjs with its own `mutate`, suites,
 * incremental file and report.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one mutant at a time.
  concurrency: 1,
  incremental: true,
  reporters: ['clear-text', 'html', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  ignorePatterns: ['/dist', '/data', '/coverage', '/bench/results', '/test/artifacts', '/deploy'],
  // The e2e suites boot a server per test: the dry run of a folder takes minutes on one core.
  dryRunTimeoutMinutes: 20,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
