// Publish → receive latencies of one measured phase, all of them and split by instance: a
// delivery is cross-instance when the instance that wrote the event (the one nginx sent its
// POST to) is not the one that serves the subscriber's stream, i.e. the event went through the
// backplane (Redis, then the receiving instance's relay) before reaching the socket.
// Deliveries to the direct probes (subscribers connected to the instance itself, beside those
// through nginx) are kept apart: the same events, without nginx, in the same run.
import { ratioOf } from './report.mjs';
import { summarize } from './stats.mjs';

/**
 * @param {object} d
 * @param {number} d.n                 deliveries recorded
 * @param {Int32Array} d.sub           per delivery: the subscriber's index
 * @param {Int32Array} d.order         per delivery: the order's index
 * @param {Float64Array} d.time        per delivery: when the read arrived (ms)
 * @param {ArrayLike<number>} d.sentAt per order index: when its POST was written (0: unknown)
 * @param {Array<string|null>} d.writer per order index: the instance that answered the POST
 * @param {Array<string|null>} d.reader per subscriber index: the instance serving its stream
 * @param {ArrayLike<boolean>} [d.probe] per subscriber index: a direct probe (not through nginx)
 * With one instance (or none named: no nginx) writer and reader are equal, so every delivery is
 * same-instance.
 */
export function splitByInstance(d) {
  const all = new Float64Array(d.n);
  const same = new Float64Array(d.n);
  const cross = new Float64Array(d.n);
  const direct = new Float64Array(d.n);
  let na = 0;
  let ns = 0;
  let nc = 0;
  let nd = 0;
  for (let k = 0; k < d.n; k++) {
    const i = d.order[k];
    const t0 = d.sentAt[i];
    if (!(t0 > 0)) continue;
    const latency = d.time[k] - t0;
    if (d.probe?.[d.sub[k]]) direct[nd++] = latency;
    else {
      all[na++] = latency;
      if ((d.writer[i] ?? null) === (d.reader[d.sub[k]] ?? null)) same[ns++] = latency;
      else cross[nc++] = latency;
    }
  }
  const sameInstanceMs = summarize(same.subarray(0, ns));
  const crossInstanceMs = summarize(cross.subarray(0, nc));
  const latencyMs = summarize(all.subarray(0, na));
  const directProbeMs = summarize(direct.subarray(0, nd));
  const minus = (a, b) => (nd > 0 && a !== null && b !== null ? round(a - b) : null);
  return {
    latencyMs,
    sameInstanceMs,
    crossInstanceMs,
    crossOverSameP99: round(ratioOf(sameInstanceMs.p99, crossInstanceMs.p99)),
    directProbeMs,
    // A difference of percentiles, each over the same events: what nginx adds at that rank.
    nginxAddsP50Ms: minus(latencyMs.p50, directProbeMs.p50),
    nginxAddsP99Ms: minus(latencyMs.p99, directProbeMs.p99),
  };
}

const round = (x) => (x === null ? null : Math.round(x * 100) / 100);

/** How many of `names` each instance has ({ '127.0.0.1:3001': 500, ... }; `direct` for null). */
export function countByInstance(names) {
  const counts = {};
  for (const name of names) counts[name ?? 'direct'] = (counts[name ?? 'direct'] ?? 0) + 1;
  return counts;
}
