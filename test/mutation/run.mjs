/**
 * `npm run test:mutation [-- [--unit] [--files=glob,...] folder ...]`: Stryker over each folder
 * of the core (all of them when none is named), one after another, each with its own incremental
 * file and HTML report under reports/mutation/<folder>/, then one line per folder with its
 * score. `--unit` runs the unit specs only (minutes instead of hours; a lower bound of the
 * score); `--files` mutates only those files of the folder.
 */
import { Stryker } from '@stryker-mutator/core';
import { MUTATION_FOLDERS } from './folders.mjs';

const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unitOnly = options.includes('--unit');
const files = options.find((arg) => arg.startsWith('--files='))?.slice('--files='.length);
const unknown = named.filter((name) => !(name in MUTATION_FOLDERS));
if (unknown.length > 0 || (files && named.length !== 1)) {
  console.error(
    unknown.length > 0
      ? `Unknown folder ${unknown.join(', ')}; choose from ${Object.keys(MUTATION_FOLDERS).join(', ')}.`
      : '--files needs exactly one folder.',
  );
  process.exit(2);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

const summary = [];
for (const name of named.length > 0 ? named : Object.keys(MUTATION_FOLDERS)) {
  const folder = MUTATION_FOLDERS[name];
  const report = `reports/mutation/${name}${unitOnly ? '-unit' : ''}`;
  const started = Date.now();
  const results = await new Stryker({
    mutate: [...(files ? files.split(',') : folder.mutate), '!**/*.spec.ts'],
    jest: {
      projectType: 'custom',
      configFile: 'jest.mutation.config.js',
      config: { testRegex: unitOnly ? folder.unit : [...folder.unit, ...folder.e2e] },
    },
    incrementalFile: `${report}/stryker-incremental.json`,
    htmlReporter: { fileName: `${report}/index.html` },
  }).runMutationTest();
  const valid = results.filter((result) => VALID.has(result.status));
  const detected = valid.filter((result) => DETECTED.has(result.status)).length;
  summary.push({
    folder: name + (unitOnly ? ' (unit)' : ''),
    score: valid.length === 0 ? 'n/a' : `${((100 * detected) / valid.length).toFixed(2)} %`,
    detected,
    survived: valid.filter((result) => result.status === 'Survived').length,
    noCoverage: valid.filter((result) => result.status === 'NoCoverage').length,
    ignored: results.filter((result) => result.status === 'Ignored').length,
    minutes: ((Date.now() - started) / 60000).toFixed(1),
  });
}
console.table(summary);
