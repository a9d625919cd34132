// The cluster scenario's table: one column per topology (bench/lib/cluster-topology.mjs) and two
// ratios, each of the same run's figures — what nginx adds (one instance through nginx ÷ the
// same instance direct) and what the second instance changes (two instances ÷ one, both
// through nginx). No ratio is a target: on a machine whose every server process shares one core
// the figures say what the topology costs, not how far it scales. Every topology must deliver
// every event to every subscriber, once.
import { fmt, get, judgeRuns, ratio } from './report.mjs';

export const COLUMNS = [
  ['direct', '1 direct'],
  ['nginx', '1 via nginx'],
  ['cluster', '2 via nginx'],
];
export const RATIOS = [
  ['nginx', 'direct', 'nginx÷direct'],
  ['cluster', 'nginx', '2÷1'],
];

export const CLUSTER_ROWS = [
  ['moderate delivery ratio', 'moderate.deliveryRatio', { equals: 1 }],
  ['moderate latency p50 ms', 'moderate.latencyMs.p50'],
  ['moderate latency p99 ms', 'moderate.latencyMs.p99'],
  ['moderate latency max ms', 'moderate.latencyMs.max'],
  ['same-instance p50 ms', 'moderate.sameInstanceMs.p50'],
  ['same-instance p99 ms', 'moderate.sameInstanceMs.p99'],
  ['cross-instance p50 ms', 'moderate.crossInstanceMs.p50'],
  ['cross-instance p99 ms', 'moderate.crossInstanceMs.p99'],
  ['cross ÷ same-instance p99', 'moderate.crossOverSameP99'],
  ['direct probes p50 ms', 'moderate.directProbeMs.p50'],
  ['direct probes p99 ms', 'moderate.directProbeMs.p99'],
  ['nginx adds at p50 ms', 'moderate.nginxAddsP50Ms'],
  ['nginx adds at p99 ms', 'moderate.nginxAddsP99Ms'],
  ['moderate POST p50 ms', 'moderate.requestMs.p50'],
  ['moderate POST p99 ms', 'moderate.requestMs.p99'],
  ['moderate Herald CPU %', 'moderate.heraldCpuPercent'],
  ['moderate nginx CPU %', 'moderate.nginxCpuPercent'],
  ['warm-up latency max ms', 'warmupLatencyMs.max'],
  ['fan-out delivery ratio', 'fanout.deliveryRatio', { equals: 1 }],
  ['fan-out deliveries/s', 'fanout.deliveriesPerSec'],
  ['fan-out Herald CPU µs/delivery', 'fanout.heraldCpuUsPerDelivery'],
  ['fan-out nginx CPU µs/delivery', 'fanout.nginxCpuUsPerDelivery'],
  ['fan-out latency p99 ms', 'fanout.latencyMs.p99'],
  ['fan-out Herald CPU %', 'fanout.heraldCpuPercent'],
  ['load average (1 min) at start', 'loadAverage'],
];

/**
 * `results` maps each topology to its (combined) result. Ratios are paired medians for repeated
 * runs (report.mjs `ratio`); conditions are judged on every run of every topology.
 */
export function clusterTable(results) {
  const header = [
    'figure',
    ...COLUMNS.map(([, h]) => h),
    ...RATIOS.map(([, , h]) => h),
    'target',
    'pass',
  ];
  const rows = [];
  const verdicts = [];
  for (const [label, path, rule] of CLUSTER_ROWS) {
    const values = COLUMNS.map(([t]) => (results[t] ? get(results[t].figures, path) : undefined));
    const ratios = RATIOS.map(([a, b]) =>
      results[a] && results[b] ? ratio(results[b], results[a], path) : null,
    );
    let pass = '';
    if (rule) {
      const judged = COLUMNS.map(([t], i) =>
        results[t] ? judgeRuns(rule, null, values[i], results[t], path).pass : null,
      );
      if (judged.some((x) => x !== null)) {
        const ok = judged.every((x) => x !== false);
        verdicts.push({ scenario: 'cluster', figure: label, pass: ok });
        pass = ok ? 'yes' : 'NO';
      }
    }
    rows.push([label, ...values.map(fmt), ...ratios.map(fmt), rule ? '= 1 (each)' : '', pass]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = (i) => i >= 1 && i <= COLUMNS.length + RATIOS.length;
  const line = (r) =>
    r
      .map((c, i) => (numeric(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const text = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  return { text: text.join('\n'), verdicts };
}
