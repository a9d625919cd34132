// The bench's table: which figures each scenario shows, Herald ÷ each reference server, and the
// targets. Three targets run (bench/run.mjs): `baseline` (raw node:http, bench/baseline/raw-sse.mjs),
// `nest` (plain NestJS @Sse(), bench/baseline/nest-sse.mjs) and `herald`. Every figure gets
// Herald ÷ raw Node and Herald ÷ plain NestJS; a target is either a ratio to one of them (`vs`)
// or a condition on Herald's own figures.

/** The reference servers, in the table's order: [target name, column heading]. */
export const REFERENCES = [
  ['baseline', 'raw node'],
  ['nest', 'nestjs'],
];

// Rules: { ratioMax | ratioMin, vs, stretch? } judged on Herald ÷ `vs` (a paired median for
// repeated runs); { equals }, { equalsPath }, { maxPath }, { max } judged on each Herald run.
export const ROWS = {
  fanout: [
    [
      'server CPU µs per delivery',
      'serverCpuUsPerDelivery',
      { ratioMax: 1, stretch: 0.8, vs: 'nest' },
    ],
    ['deliveries/s', 'deliveriesPerSec'],
    ['delivery ratio', 'deliveryRatio', { equals: 1 }],
    ['latency p50 ms', 'latencyMs.p50'],
    ['latency p90 ms', 'latencyMs.p90'],
    ['latency p99 ms', 'latencyMs.p99'],
    ['latency max ms', 'latencyMs.max'],
    ['server CPU %', 'serverCpuPercent'],
    ['generator CPU % (2 threads)', 'generatorCpuPercent'],
    ['server RSS peak MiB', 'rssPeakMiB'],
    ['publishes/s', 'publish.publishPerSec'],
    ['POST p99 ms', 'publish.requestMs.p99'],
  ],
  moderate: [
    ['delivery ratio', 'deliveryRatio', { equals: 1 }],
    ['deliveries/s', 'deliveriesPerSec'],
    ['latency p50 ms', 'latencyMs.p50'],
    ['latency p90 ms', 'latencyMs.p90'],
    ['latency p99 ms', 'latencyMs.p99', { ratioMax: 1.2, vs: 'nest' }],
    ['latency max ms', 'latencyMs.max'],
    ['warm-up latency max ms', 'warmupLatencyMs.max'],
    ['server CPU µs per delivery', 'serverCpuUsPerDelivery'],
    ['server CPU %', 'serverCpuPercent'],
    ['generator CPU % (2 threads)', 'generatorCpuPercent'],
    ['server RSS peak MiB', 'rssPeakMiB'],
    ['late publishes', 'publish.latePublishes'],
  ],
  idle: [
    ['streams held open', 'heldOpen', { equalsPath: 'streams' }],
    ['memory per stream KiB', 'memPerStreamKiB', { ratioMax: 1, vs: 'nest' }],
    ['heartbeats per stream', 'heartbeatsPerStream'],
    ['server RSS after MiB', 'rssAfterMiB'],
    ['server CPU % (hold)', 'serverCpuPercentHold'],
    ['connects/s', 'connectsPerSec'],
  ],
  capacity: [
    ['streams held open', 'heldOpen', { equalsPath: 'streams' }],
    ['memory per stream KiB', 'memPerStreamKiB'],
    ['heartbeats per stream', 'heartbeatsPerStream'],
    ['server RSS peak MiB', 'rssPeakMiB'],
    ['server CPU % (hold)', 'serverCpuPercentHold'],
    ['connects/s', 'connectsPerSec'],
  ],
  churn: [
    ['cycles completed', 'completed', { equalsPath: 'cycles' }],
    ['cycles/s', 'cyclesPerSec'],
    ['open streams after', 'openStreamsAfter', { equalsPath: 'openStreamsBefore' }],
    ['server sockets before', 'socketFdsBefore'],
    ['server sockets after', 'socketFdsAfter', { maxPath: 'socketFdsBefore' }],
    ['live heap growth round 1 KiB', 'liveHeapGrowthRound1KiB'],
    ['bytes kept per cycle (r2+r3)', 'keptBytesPerCycle'],
    ['live heap levels off', 'leakCheck', { equals: 'ok' }],
    ['RSS growth, 3 rounds KiB', 'rssGrowthKiB'],
    ['server CPU %', 'serverCpuPercent'],
  ],
  topics: [
    ['delivery ratio', 'deliveryRatio', { equals: 1 }],
    ['streams ended after Delivered', 'streamsEndedAfterDelivered', { equalsPath: 'orders' }],
    ['deliveries/s', 'deliveriesPerSec', { ratioMin: 3, vs: 'nest' }],
    ['server CPU µs per delivery', 'serverCpuUsPerDelivery'],
    ['simulations started', 'simulationsStarted'],
    ['latency p50 ms (1 ms res.)', 'latencyMs.p50'],
    ['latency p99 ms (1 ms res.)', 'latencyMs.p99'],
    ['latency max ms (1 ms res.)', 'latencyMs.max'],
    ['server CPU %', 'serverCpuPercent'],
    ['server RSS peak MiB', 'rssPeakMiB'],
  ],
};

export const get = (o, p) =>
  p.split('.').reduce((x, k) => (x === null || x === undefined ? undefined : x[k]), o);

const isRatioRule = (rule) => rule?.ratioMin !== undefined || rule?.ratioMax !== undefined;

/** A target that is not a ratio (ratios: judgeRuns), on one result's figures. */
function judge(rule, her, herFigures) {
  if (!rule || her === undefined || her === null)
    return { target: rule ? describe(rule) : '', pass: null };
  const target = describe(rule);
  if (rule.equals !== undefined) return { target, pass: her === rule.equals };
  if (rule.equalsPath) {
    const want = get(herFigures, rule.equalsPath);
    return {
      target,
      pass: want === null || want === undefined ? her === 0 || her === null : her === want,
    };
  }
  if (rule.maxPath) return { target, pass: her <= get(herFigures, rule.maxPath) };
  if (rule.max !== undefined) return { target, pass: her <= rule.max };
  return { target, pass: null };
}

export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const ratioOf = (ref, her) =>
  typeof ref === 'number' && typeof her === 'number' && ref !== 0 ? her / ref : null;

/**
 * For interleaved runs, Herald ÷ a reference is the median of the runs' own ratios (run i
 * against run i, minutes apart), not the ratio of two medians: pairs taken close together cancel
 * the machine's drift between them.
 */
export function pairedRatio(ref, her, path) {
  if (!ref?.runs || !her?.runs || ref.runs.length !== her.runs.length) return null;
  const ratios = her.runs
    .map((f, i) => ratioOf(get(ref.runs[i], path), get(f, path)))
    .filter((r) => r !== null);
  return ratios.length === 0 ? null : median(ratios);
}

/** Herald ÷ `ref` for one figure: paired for repeated runs, else the two figures' ratio. */
export function ratio(ref, her, path) {
  return (
    pairedRatio(ref, her, path) ??
    ratioOf(ref ? get(ref.figures, path) : undefined, her ? get(her.figures, path) : undefined)
  );
}

/**
 * Ratio targets are judged on that ratio (and `stretch`, when given, is reported beside it);
 * every other target (delivery ratio 1, all streams held, nothing kept per cycle) must hold in
 * each run, or a median would hide a bad one.
 */
export function judgeRuns(rule, r, her, result, path) {
  if (isRatioRule(rule)) {
    const target = describe(rule);
    if (r === null) return { target, pass: null };
    const ok = (bound) => (rule.ratioMin !== undefined ? r >= bound : r <= bound);
    const pass = ok(rule.ratioMin ?? rule.ratioMax);
    return { target, pass, stretch: rule.stretch === undefined ? null : ok(rule.stretch) };
  }
  const verdict = judge(rule, her, result.figures);
  if (!result.runs || verdict.pass === null) return verdict;
  const each = result.runs.map((f) => judge(rule, get(f, path), f).pass);
  return { ...verdict, pass: each.every((pass) => pass !== false) };
}

export function describe(rule) {
  if (rule.equals !== undefined) return `= ${rule.equals}`;
  if (rule.equalsPath) return `= ${rule.equalsPath}`;
  if (rule.maxPath) return `≤ ${rule.maxPath}`;
  if (rule.max !== undefined) return `≤ ${rule.max}`;
  const vs = rule.vs === 'baseline' ? 'raw' : rule.vs;
  const stretch = rule.stretch === undefined ? '' : ` (stretch ${rule.stretch})`;
  if (rule.ratioMin !== undefined) return `÷${vs} ≥ ${rule.ratioMin}${stretch}`;
  if (rule.ratioMax !== undefined) return `÷${vs} ≤ ${rule.ratioMax}${stretch}`;
  return '';
}

/** For a scenario run several times: each targeted ratio run by run (run i against run i). */
export function runByRunRatios(results, scenarios) {
  const lines = [];
  for (const s of scenarios) {
    for (const [label, p, rule] of ROWS[s]) {
      if (!isRatioRule(rule)) continue;
      const ref = results[s]?.[rule.vs]?.runs;
      const her = results[s]?.herald?.runs;
      if (!ref || !her) continue;
      const ratios = her.map((f, i) => ratioOf(get(ref[i] ?? {}, p), get(f, p))?.toFixed(2) ?? '–');
      lines.push(
        `${s} ${label}, herald÷${rule.vs} run by run: ${ratios.join(', ')} (table: their median)`,
      );
    }
  }
  return lines.length ? ['', ...lines] : lines;
}

/** One result from interleaved runs of a scenario: every number is the median of the runs. */
export function combineRuns(runs) {
  if (runs.length === 1) return runs[0];
  const merge = (values) => {
    const present = values.filter((v) => v !== undefined && v !== null);
    if (present.length === 0) return values[0];
    if (present.every((v) => typeof v === 'number')) return median(present);
    if (present.every((v) => typeof v === 'object' && !Array.isArray(v))) {
      const keys = new Set(present.flatMap((v) => Object.keys(v)));
      return Object.fromEntries([...keys].map((k) => [k, merge(present.map((v) => v[k]))]));
    }
    return present[0];
  };
  return {
    ok: runs.every((r) => r.ok),
    notes: runs.flatMap((r, i) => (r.notes ?? []).map((n) => `run ${i + 1}: ${n}`)),
    figures: merge(runs.map((r) => r.figures)),
    runs: runs.map((r) => r.figures),
  };
}

export function fmt(x) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (Math.abs(x) >= 10000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return String(Math.round(x * 10) / 10);
  return String(Math.round(x * 100) / 100);
}

/** The table's text and the verdicts on Herald (one per targeted row it has figures for). */
export function table(results, scenarios) {
  const header = [
    'scenario',
    'figure',
    ...REFERENCES.map(([, heading]) => heading),
    'herald',
    ...REFERENCES.map(([, heading]) => `÷${heading.split(' ')[0]}`),
    'target',
    'pass',
  ];
  const numeric = (i) => i >= 2 && i < 2 + 2 * REFERENCES.length + 1;
  const rows = [];
  const verdicts = [];
  for (const s of scenarios) {
    const h = results[s]?.herald;
    for (const [label, p, rule] of ROWS[s]) {
      const refs = REFERENCES.map(([name]) => results[s]?.[name]);
      const hv = h ? get(h.figures, p) : undefined;
      const ratios = refs.map((ref) => (ref && h ? ratio(ref, h, p) : null));
      const vsRatio = isRatioRule(rule)
        ? ratios[REFERENCES.findIndex(([name]) => name === rule.vs)]
        : null;
      const j = h
        ? judgeRuns(rule, vsRatio ?? null, hv, h, p)
        : { target: rule ? describe(rule) : '', pass: null };
      if (j.pass !== null)
        verdicts.push({
          scenario: s,
          figure: label,
          pass: j.pass,
          ...(j.stretch !== undefined && j.stretch !== null ? { stretch: j.stretch } : {}),
        });
      const pass = j.pass === null ? '' : j.pass ? 'yes' : 'NO';
      rows.push([
        s,
        label,
        ...refs.map((ref) => fmt(ref ? get(ref.figures, p) : undefined)),
        fmt(hv),
        ...ratios.map(fmt),
        j.target,
        j.stretch === true ? `${pass}, stretch too` : pass,
      ]);
    }
    rows.push(null);
  }
  const widths = header.map((_, i) =>
    Math.max(header[i].length, ...rows.filter(Boolean).map((r) => String(r[i]).length)),
  );
  const line = (r) =>
    r
      .map((c, i) => (numeric(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) out.push(r ? line(r) : '');
  return { text: out.join('\n'), verdicts };
}
