/** p50/p90/p99/max/mean of a Float64Array (sorted in place), rounded to 0.01 ms. */
export function summarize(values) {
  const n = values.length;
  if (n === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  values.sort();
  const at = (q) => values[Math.min(n - 1, Math.ceil(q * n) - 1)];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const r = (x) => Math.round(x * 100) / 100;
  return {
    count: n,
    p50: r(at(0.5)),
    p90: r(at(0.9)),
    p99: r(at(0.99)),
    max: r(values[n - 1]),
    mean: r(sum / n),
  };
}
