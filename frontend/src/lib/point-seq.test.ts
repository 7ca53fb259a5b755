import { describe, expect, it } from 'vitest';
import { IncrementalM4, m4, type Point } from './m4';
import { PointSeq } from './point-seq';

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PointSeq', () => {
  it('appends and drops the front without changing earlier versions', () => {
    const all: Point[] = Array.from({ length: 5000 }, (_, i) => [i, i % 7]);
    const a = PointSeq.from(all.slice(0, 1500));
    const b = a.append(all.slice(1500, 3000));
    const c = b.dropFront(2100);
    const d = c.append(all.slice(3000));
    expect(a.toArray()).toEqual(all.slice(0, 1500));
    expect(b.toArray()).toEqual(all.slice(0, 3000));
    expect(c.toArray()).toEqual(all.slice(2100, 3000));
    expect(d.toArray()).toEqual(all.slice(2100));
    expect(d.at(0)).toEqual([2100, 2100 % 7]);
    expect(d.at(-1)).toEqual([4999, 4999 % 7]);
    expect(d.length).toBe(2900);
    expect(d).not.toBe(c);
    expect(d.sameLineage(a)).toBe(true);
  });

  it('starts a new lineage when an older version is appended to', () => {
    const a = PointSeq.from([[0, 0]]);
    const b = a.append([[1, 1]]);
    const branch = a.append([[2, 2]]);
    expect(b.toArray()).toEqual([[0, 0], [1, 1]]);
    expect(branch.toArray()).toEqual([[0, 0], [2, 2]]);
    expect(branch.sameLineage(a)).toBe(false);
  });

  it('can drop everything and go on', () => {
    const a = PointSeq.from(Array.from({ length: 2048 }, (_, i) => [i, i] as const));
    const empty = a.dropFront(2048);
    expect(empty.length).toBe(0);
    expect(empty.append([[3000, 1]]).toArray()).toEqual([[3000, 1]]);
  });
});

describe('IncrementalM4', () => {
  it('equals a full m4 over the same points while points are appended and the front trimmed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = rng(seed);
      const range = { from: 0, to: 10_000, columns: 1 + Math.floor(random() * 40) };
      const decimator = new IncrementalM4(range);
      let seq = PointSeq.empty();
      let ts = Math.floor(random() * 1000);
      for (let tick = 0; tick < 200; tick++) {
        const added: Point[] = [];
        const n = Math.floor(random() * 30);
        for (let k = 0; k < n; k++) {
          ts += random() < 0.05 ? 500 : 1 + Math.floor(random() * 40);
          // Repeated values and gap markers exercise the ties and the breaks.
          added.push([ts, random() < 0.03 ? null : Math.floor(random() * 10)]);
        }
        seq = seq.append(added);
        if (random() < 0.7 && seq.length > 0) seq = seq.dropFront(seq.start + Math.floor(random() * Math.min(seq.length, 40)));
        expect(decimator.update(seq)).toEqual(m4(seq.toArray(), range));
      }
    }
  });

  it('starts over for a version that does not continue the last one', () => {
    const range = { from: 0, to: 100, columns: 10 };
    const decimator = new IncrementalM4(range);
    const a = PointSeq.from(Array.from({ length: 100 }, (_, i) => [i, (i * 37) % 11] as const));
    const b = a.dropFront(50);
    const other = PointSeq.from([[5, 1], [6, 9], [7, 2]]);
    expect(decimator.update(b)).toEqual(m4(b.toArray(), range));
    expect(decimator.update(a)).toEqual(m4(a.toArray(), range));
    expect(decimator.update(other)).toEqual(m4(other.toArray(), range));
  });
});
