/**
 * M4 decimation: per pixel column keep the first, min, max and last point, so a
 * line drawn from the result is pixel-identical to one drawn from all points.
 * Pure; points must be in ascending time order. A `null` value is a gap marker:
 * it is kept as is and closes the current column so the break survives.
 */
import type { PointSeq } from './point-seq';

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

/**
 * `m4` over successive versions of a `PointSeq`, reusing the columns already closed:
 * appended points continue the scan from where the last call stopped, a trimmed front
 * re-scans only the one column it cut into. The result always equals
 * `m4(seq.toArray(), range)`; a version not continuing the last one is scanned in full.
 */
export class IncrementalM4 {
  private readonly columnMs: number;
  private seq: PointSeq | null = null;
  /** Global index up to which points are scanned. */
  private done = 0;
  /** Global indices emitted by closed columns, ascending. */
  private out: number[] = [];
  /** Global indices where a column or a gap marker starts, ascending. */
  private segs: number[] = [];
  private bucket = Number.NaN;
  private first = -1;
  private min = -1;
  private max = -1;
  private last = -1;

  constructor(readonly range: M4Range) {
    this.columnMs = (range.to - range.from) / range.columns;
  }

  sameRange({ from, to, columns }: M4Range): boolean {
    return this.range.from === from && this.range.to === to && this.range.columns === columns;
  }

  update(seq: PointSeq): Point[] {
    const { from, to, columns } = this.range;
    if (columns < 1 || to <= from) return seq.toArray();
    const prev = this.seq;
    if (!prev || !prev.sameLineage(seq) || seq.start < prev.start || seq.end < this.done) {
      this.reset(seq.start);
    } else if (seq.start > prev.start) {
      this.trim(seq);
    }
    this.seq = seq;
    for (let i = this.done; i < seq.end; i++) this.scan(seq, i);
    this.done = Math.max(this.done, seq.end);
    const result: Point[] = [];
    for (const i of this.out) result.push(seq.get(i));
    if (this.first >= 0) for (const i of this.kept()) result.push(seq.get(i));
    return result;
  }

  private reset(start: number): void {
    this.done = start;
    this.out = [];
    this.segs = [];
    this.bucket = Number.NaN;
    this.first = -1;
  }

  /** The front moved to `seq.start`: drop what came before, re-scan the cut column. */
  private trim(seq: PointSeq): void {
    const start = seq.start;
    const done = this.done;
    if (start >= done) {
      this.reset(start);
      return;
    }
    // First column (or gap marker) starting at or after the new front: its output stays.
    let s = 0;
    while (s < this.segs.length && (this.segs[s] as number) < start) s++;
    if (s === this.segs.length) {
      // The front cut into the open column: re-scan what is left of it.
      this.reset(start);
      for (let i = start; i < done; i++) this.scan(seq, i);
      this.done = done;
      return;
    }
    const keepFrom = this.segs[s] as number;
    let o = 0;
    while (o < this.out.length && (this.out[o] as number) < keepFrom) o++;
    const keptOut = this.out.slice(o);
    const keptSegs = this.segs.slice(s);
    const { bucket, first, min, max, last } = this;
    // [start, keepFrom) lies within one column: scan it afresh and close it.
    this.reset(start);
    for (let i = start; i < keepFrom; i++) this.scan(seq, i);
    this.flush();
    for (const i of keptOut) this.out.push(i);
    for (const i of keptSegs) this.segs.push(i);
    Object.assign(this, { bucket, first, min, max, last });
    this.done = done;
  }

  private kept(): number[] {
    const kept = [this.first, this.min, this.max, this.last].sort((a, b) => a - b);
    return kept.filter((index, k) => k === 0 || index !== kept[k - 1]);
  }

  private flush(): void {
    if (this.first < 0) return;
    this.out.push(...this.kept());
    this.first = -1;
  }

  private scan(seq: PointSeq, i: number): void {
    const [ts, value] = seq.get(i);
    if (value === null) {
      this.flush();
      this.out.push(i);
      this.segs.push(i);
      this.bucket = Number.NaN;
      return;
    }
    const b = Math.floor((ts - this.range.from) / this.columnMs);
    if (b !== this.bucket || this.first < 0) {
      this.flush();
      this.bucket = b;
      this.first = this.min = this.max = this.last = i;
      this.segs.push(i);
      return;
    }
    this.last = i;
    if (value < seq.get(this.min)[1]!) this.min = i;
    if (value > seq.get(this.max)[1]!) this.max = i;
  }
}
