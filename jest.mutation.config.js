const base = require('./jest.config');

/**
 * The suites Stryker runs (`npm run test:mutation`): the unit specs and the e2e suites that run
 * Herald in this process on SQLite. Left out are the suites a mutant in `src/` cannot reach:
 * those that drive `node dist/main.js` (cluster, logging, shutdown), those that drive Chromium,
 * the module-boundary check (it cruises a fixture tree), and the allocation spec (Stryker's
 * instrumentation allocates on every mutant it passes, which is what that spec measures). Each folder narrows this further
 * (test/mutation/folders.mjs).
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '/test/cluster/',
    '/test/browser/',
    '/test/auth-browser\\.e2e-spec\\.ts$',
    '/test/logging\\.e2e-spec\\.ts$',
    '/test/shutdown\\.e2e-spec\\.ts$',
    '/test/module-boundaries\\.spec\\.ts$',
    '/src/streaming/stream-hub\\.allocation\\.spec\\.ts$',
  ],
  // Stryker runs one mutant at a time per core; jest workers on top would oversubscribe.
  maxWorkers: 1,
};
