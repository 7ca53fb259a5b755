/**
 * M4 decimation: per pixel column keep the first, min, max and last point, so a
 * line drawn from the result is pixel-identical to one drawn from all points.
 * Pure; points must be in ascending time order. A `null` value is a gap marker:
 * it is kept as is and closes the current column so the break survives.
 */

export type Point = readonly [ts: number, value: number | null];

export interface M4Range {
  from: number;
  to: number;
  /** Number of pixel columns across [from, to]. */
  columns: number;
}

export function m4(points: readonly Point[], { from, to, columns }: M4Range): Point[] {
  if (columns < 1 || to <= from) return points.slice();
  const columnMs = (to - from) / columns;
  const out: Point[] = [];

  let bucket = Number.NaN;
  let first = -1;
  let min = -1;
  let max = -1;
  let last = -1;

  const flush = (): void => {
    if (first < 0) return;
    // Emit each kept index once, in time order.
    const kept = [first, min, max, last].sort((a, b) => a - b);
    let previous = -1;
    for (const index of kept) {
      if (index !== previous) out.push(points[index] as Point);
      previous = index;
    }
    first = -1;
  };

  for (let i = 0; i < points.length; i++) {
    const [ts, value] = points[i] as Point;
    if (value === null) {
      flush();
      out.push(points[i] as Point);
      bucket = Number.NaN;
      continue;
    }
    const b = Math.floor((ts - from) / columnMs);
    if (b !== bucket || first < 0) {
      flush();
      bucket = b;
      first = min = max = last = i;
      continue;
    }
    last = i;
    if (value < (points[min] as Point)[1]!) min = i;
    if (value > (points[max] as Point)[1]!) max = i;
  }
  flush();
  return out;
}
