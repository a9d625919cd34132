// node --test bench/test/ — the table's arithmetic: CPU per delivery, Herald ÷ each reference,
// paired medians, ratio targets against NestJS (with a stretch), and verdicts judged per run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuMicrosPer } from '../lib/proc.mjs';
import { combineRuns, judgeRuns, pairedRatio, ratio, table } from '../lib/report.mjs';

test('cpuMicrosPer: CPU seconds between two snapshots per unit, in µs', () => {
  assert.equal(cpuMicrosPer({ cpu: 1.5 }, { cpu: 2.5 }, 400_000), 2.5);
  assert.equal(cpuMicrosPer({ cpu: 1 }, { cpu: 2 }, 0), null);
  assert.equal(cpuMicrosPer({ cpu: 1 }, { cpu: NaN }, 10), null);
});

test('ratio: paired median for repeated runs, plain ratio for single ones', () => {
  const ref = combineRuns([
    { ok: true, figures: { x: 10 } },
    { ok: true, figures: { x: 20 } },
    { ok: true, figures: { x: 40 } },
  ]);
  const her = combineRuns([
    { ok: true, figures: { x: 5 } },
    { ok: true, figures: { x: 30 } },
    { ok: true, figures: { x: 8 } },
  ]);
  // Run by run 0.5, 1.5, 0.2: median 0.5 (the medians' ratio would be 8 / 20 = 0.4).
  assert.equal(pairedRatio(ref, her, 'x'), 0.5);
  assert.equal(ratio(ref, her, 'x'), 0.5);
  assert.equal(ratio({ figures: { x: 4 } }, { figures: { x: 1 } }, 'x'), 0.25);
  assert.equal(ratio({ figures: { x: 0 } }, { figures: { x: 1 } }, 'x'), null);
});

test('judgeRuns: ratio bounds, the stretch, and per-run conditions', () => {
  const rule = { ratioMax: 1, stretch: 0.8, vs: 'nest' };
  assert.deepEqual(judgeRuns(rule, 0.9, 1, { figures: {} }, 'x'), {
    target: '÷nest ≤ 1 (stretch 0.8)',
    pass: true,
    stretch: false,
  });
  assert.equal(judgeRuns(rule, 0.5, 1, { figures: {} }, 'x').stretch, true);
  assert.equal(judgeRuns(rule, 1.1, 1, { figures: {} }, 'x').pass, false);
  assert.equal(judgeRuns({ ratioMin: 3, vs: 'nest' }, 3.2, 1, { figures: {} }, 'x').pass, true);
  // A condition must hold in every run, whatever the median says.
  const runs = combineRuns([
    { ok: true, figures: { r: 1 } },
    { ok: true, figures: { r: 0.99 } },
    { ok: true, figures: { r: 1 } },
  ]);
  assert.equal(judgeRuns({ equals: 1 }, null, 1, runs, 'r').pass, false);
});

test('table: both ratio columns, and the target judged against the named reference', () => {
  const results = {
    idle: {
      baseline: { ok: true, figures: { streams: 10, heldOpen: 10, memPerStreamKiB: 10 } },
      nest: { ok: true, figures: { streams: 10, heldOpen: 10, memPerStreamKiB: 25 } },
      herald: { ok: true, figures: { streams: 10, heldOpen: 10, memPerStreamKiB: 15 } },
    },
  };
  const { text, verdicts } = table(results, ['idle']);
  const row = text.split('\n').find((l) => l.includes('memory per stream'));
  assert.match(row, /\s10\s+25\s+15\s+1\.5\s+0\.6\s+÷nest ≤ 1\s+yes$/);
  assert.deepEqual(verdicts, [
    { scenario: 'idle', figure: 'streams held open', pass: true },
    { scenario: 'idle', figure: 'memory per stream KiB', pass: true },
  ]);
  results.idle.herald.figures.memPerStreamKiB = 30;
  assert.equal(table(results, ['idle']).verdicts[1].pass, false);
  // Without NestJS figures the ratio target is not judged (no verdict), the raw ratio is shown.
  delete results.idle.nest;
  const partial = table(results, ['idle']);
  assert.equal(partial.verdicts.length, 1);
  assert.match(partial.text, /memory per stream KiB\s+10\s+–\s+30\s+3\s+–/);
});
