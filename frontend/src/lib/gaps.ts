/**
 * Gap detection for time series: a spacing of more than GAP_FACTOR sampling
 * periods is a break, drawn by a `[ts, null]` marker that Recharts does not join.
 */
import type { Point } from './m4';

export const GAP_FACTOR = 3;

/** Median of the positive spacings; robust to a single gap or burst. */
export function estimatePeriod(timestamps: readonly number[]): number | null {
  const diffs: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const d = (timestamps[i] as number) - (timestamps[i - 1] as number);
    if (d > 0) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  return diffs.length % 2 ? (diffs[mid] as number) : ((diffs[mid - 1] as number) + (diffs[mid] as number)) / 2;
}

/** Inserts `[midpoint, null]` between neighbours further apart than `thresholdMs`. */
export function insertGaps(points: readonly Point[], thresholdMs: number): Point[] {
  const out: Point[] = [];
  let prev: Point | undefined;
  for (const p of points) {
    if (prev && prev[1] !== null && p[1] !== null && p[0] - prev[0] > thresholdMs) {
      out.push([(prev[0] + p[0]) / 2, null]);
    }
    out.push(p);
    prev = p;
  }
  return out;
}

/**
 * Period of M4-decimated points: neighbours inside one bucket are close, so the
 * estimate is never taken below one bucket width.
 */
export function decimatedPeriod(points: readonly Point[], bucketMs: number): number | null {
  const estimate = estimatePeriod(points.filter((p) => p[1] !== null).map((p) => p[0]));
  return estimate === null ? null : Math.max(estimate, bucketMs);
}

/** Gap markers for an `/api/chart` series decimated into `bucketMs` buckets. */
export function markChartGaps(points: readonly Point[], bucketMs: number): Point[] {
  const period = decimatedPeriod(points, bucketMs);
  return period === null ? points.slice() : insertGaps(points, GAP_FACTOR * period);
}
