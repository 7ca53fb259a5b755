/**
 * Reference statistics computed here, independently of the backend: exact percentiles by
 * linear interpolation between closest ranks (numpy's default method "linear"), population
 * standard deviation.
 */

/** numpy.percentile(values, 100 * q) with method="linear"; `sorted` is ascending. */
export function percentileLinear(sorted, q) {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // numpy's _lerp: the form that is exact at both ends.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

export function referenceStats(values) {
  const n = values.length;
  if (n === 0) return { count: 0 };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return {
    count: n,
    min: sorted[0],
    max: sorted[n - 1],
    mean,
    stddev: Math.sqrt(squares / n),
    p50: percentileLinear(sorted, 0.5),
    p95: percentileLinear(sorted, 0.95),
    p99: percentileLinear(sorted, 0.99),
  };
}

/** |a - b| <= rel * max(|a|, |b|), with a floor for values at zero. */
export function closeTo(a, b, rel = 1e-9) {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/** Summary of a list of numbers for the report. */
export function distribution(values) {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const p = (q) => percentileLinear(sorted, q).toFixed(0);
  return `n=${sorted.length} min=${sorted[0].toFixed(0)} p50=${p(0.5)} p90=${p(0.9)} p99=${p(0.99)} max=${sorted[sorted.length - 1].toFixed(0)} ms`;
}
