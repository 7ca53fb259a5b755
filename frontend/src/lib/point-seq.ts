/**
 * An immutable view of an ascending run of points, stored in fixed-size chunks so a
 * live window grows and slides without copying: appending fills the last chunk in
 * place (older views stop at their own end, so they never see it), trimming the front
 * drops whole chunks. Each version is a new object, so React sees a new reference,
 * while a tick costs O(new points + number of chunks), never O(points held).
 *
 * Points have global indices: index `i` of one lineage (the versions derived from one
 * another by `append` and `dropFront`) always means the same point, which lets a
 * consumer (see `IncrementalM4`) reuse work done on an earlier version.
 */
import type { Point } from './m4';

const CHUNK = 1024;

interface Lineage {
  /** Global end of the newest version: only that version may append in place. */
  end: number;
}

export class PointSeq {
  private constructor(
    /** `chunks[k]` holds global indices from `(base + k) * CHUNK`. */
    private readonly chunks: readonly Point[][],
    private readonly base: number,
    /** Global index of the first point. */
    readonly start: number,
    /** Global index after the last point. */
    readonly end: number,
    private readonly lineage: Lineage,
  ) {}

  static empty(): PointSeq {
    return new PointSeq([], 0, 0, 0, { end: 0 });
  }

  static from(points: readonly Point[]): PointSeq {
    return PointSeq.empty().append(points);
  }

  get length(): number {
    return this.end - this.start;
  }

  /** Point at global index `i`, `start <= i < end`. */
  get(i: number): Point {
    const chunk = this.chunks[Math.floor(i / CHUNK) - this.base] as Point[];
    return chunk[i % CHUNK] as Point;
  }

  /** Point at position `k` of this view, negative counts from the end. */
  at(k: number): Point | undefined {
    const i = k < 0 ? this.end + k : this.start + k;
    return i >= this.start && i < this.end ? this.get(i) : undefined;
  }

  /** Whether `other` is of the same lineage: equal global indices mean equal points. */
  sameLineage(other: PointSeq): boolean {
    return this.lineage === other.lineage;
  }

  toArray(): Point[] {
    const out: Point[] = new Array<Point>(this.length);
    for (let i = this.start; i < this.end; i++) out[i - this.start] = this.get(i);
    return out;
  }

  append(points: readonly Point[]): PointSeq {
    if (points.length === 0) return this;
    // A version that is not the newest of its lineage starts a new one (rare: a branch).
    if (this.lineage.end !== this.end) return PointSeq.empty().append(this.toArray().concat(points));
    const chunks = this.chunks.slice();
    let end = this.end;
    for (const p of points) {
      const k = Math.floor(end / CHUNK) - this.base;
      if (k === chunks.length) chunks.push([]);
      (chunks[k] as Point[]).push(p);
      end++;
    }
    this.lineage.end = end;
    return new PointSeq(chunks, this.base, this.start, end, this.lineage);
  }

  /** The view from global index `start` on; whole chunks before it are let go. */
  dropFront(start: number): PointSeq {
    if (start <= this.start) return this;
    const from = Math.min(start, this.end);
    const skip = Math.floor(from / CHUNK) - this.base;
    const chunks = skip > 0 ? this.chunks.slice(skip) : this.chunks;
    return new PointSeq(chunks, this.base + Math.max(0, skip), from, this.end, this.lineage);
  }
}
