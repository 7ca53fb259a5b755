import { describe, expect, it } from 'vitest';
import type { Point } from '../../../lib/m4';
import { PointSeq } from '../../../lib/point-seq';
import {
  appendSamples,
  applyBatch,
  compactWindow,
  emptyWindow,
  extendWithChart,
  isStale,
  trimWindow,
  windowFromChart,
  type SeriesWindow,
} from './series-window';

const seq = (from: number, step: number, n: number): Point[] =>
  Array.from({ length: n }, (_, i) => [from + i * step, i] as const);

describe('windowFromChart', () => {
  it('keeps the points, the last sample and marks gaps by at least one bucket', () => {
    const points: Point[] = [...seq(0, 1000, 5), ...seq(20_000, 1000, 3)];
    const win = windowFromChart(points, 1000);
    expect(win.lastTs).toBe(22_000);
    expect(win.lastValue).toBe(2);
    expect(win.period).toBe(1000);
    expect(win.points.toArray().filter((p) => p[1] === null)).toEqual([[12_000, null]]);
  });

  it('does not take the close points inside an M4 bucket for the period', () => {
    // Four points per 10 s bucket, 1 s apart, buckets back to back: no gaps.
    const points: Point[] = [];
    for (let b = 0; b < 10; b++) for (let k = 0; k < 4; k++) points.push([b * 10_000 + k * 3000, k]);
    const win = windowFromChart(points, 10_000);
    expect(win.points.toArray().some((p) => p[1] === null)).toBe(false);
    expect(win.period).toBe(10_000);
  });
});

describe('extendWithChart', () => {
  const held = (): SeriesWindow => appendSamples(windowFromChart(seq(0, 100, 5), 1), [{ ts: 500, value: 5 }]);

  it('keeps what is held and appends only newer points', () => {
    const win = extendWithChart(held(), seq(400, 100, 5), 1); // 400 and 500 are held already
    expect(win.points.toArray().map((p) => p[0])).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800]);
    expect(win.lastTs).toBe(800);
    expect(win.lastValue).toBe(4);
    expect(win.period).toBe(100);
  });

  it('marks a break where data is missing between held and fetched points', () => {
    const win = extendWithChart(held(), seq(2000, 100, 3), 1);
    expect(win.points.toArray().filter((p) => p[1] === null)).toEqual([[1250, null]]);
  });

  it('starts a window from the chart when nothing is held, and keeps one that gets nothing newer', () => {
    expect(extendWithChart(undefined, seq(0, 100, 3), 1).lastTs).toBe(200);
    const before = held();
    expect(extendWithChart(before, seq(0, 100, 3), 1)).toBe(before);
  });
});

describe('appendSamples', () => {
  const base = (): SeriesWindow => windowFromChart(seq(0, 100, 5), 1); // last ts 400

  it('drops samples at or before the last held timestamp (chart/stream overlap)', () => {
    const win = appendSamples(base(), [
      { ts: 300, value: 9 },
      { ts: 400, value: 9 },
      { ts: 500, value: 5 },
    ]);
    expect(win.points.toArray().map((p) => p[0])).toEqual([0, 100, 200, 300, 400, 500]);
    expect(win.lastTs).toBe(500);
    expect(win.lastValue).toBe(5);
  });

  it('ignores a replayed batch entirely', () => {
    const once = appendSamples(base(), [{ ts: 500, value: 5 }]);
    const twice = appendSamples(once, [{ ts: 500, value: 5 }]);
    expect(twice).toBe(once);
  });

  it('sorts a batch before merging', () => {
    const win = appendSamples(base(), [
      { ts: 600, value: 6 },
      { ts: 500, value: 5 },
    ]);
    expect(win.points.toArray().slice(-2)).toEqual([
      [500, 5],
      [600, 6],
    ]);
  });

  it('marks a gap of more than three periods with a null point', () => {
    const win = appendSamples(base(), [
      { ts: 500, value: 5 },
      { ts: 2000, value: 6 },
      { ts: 2100, value: 7 },
    ]);
    expect(win.points.toArray().slice(-4)).toEqual([
      [500, 5],
      [1250, null],
      [2000, 6],
      [2100, 7],
    ]);
  });

  it('does not mark spacing within three periods', () => {
    const win = appendSamples(base(), [{ ts: 700, value: 5 }]);
    expect(win.points.toArray().some((p) => p[1] === null)).toBe(false);
  });

  it('re-estimates the period from live samples', () => {
    let win = windowFromChart(seq(0, 1000, 3), 1000); // period 1 s from the chart
    win = appendSamples(win, [
      { ts: 2100, value: 1 },
      { ts: 2200, value: 1 },
      { ts: 2300, value: 1 },
      { ts: 2400, value: 1 },
    ]);
    expect(win.period).toBe(100);
  });
});

describe('trimWindow', () => {
  it('drops points older than the cutoff and a leading gap marker', () => {
    const win = { ...emptyWindow(), points: PointSeq.from([[0, 1], [50, null], [100, 2], [200, 3]]) };
    expect(trimWindow(win, 60).points.toArray()).toEqual([
      [100, 2],
      [200, 3],
    ]);
    expect(trimWindow(win, 0)).toBe(win);
  });
});

describe('compactWindow', () => {
  it('caps the number of points while keeping extremes', () => {
    const win = { ...emptyWindow(), points: PointSeq.from(seq(0, 10, 10_000)) };
    const out = compactWindow(win, 1000);
    expect(out.points.length).toBeLessThanOrEqual(1000);
    expect(out.points.at(0)).toEqual([0, 0]);
    expect(out.points.at(-1)).toEqual([99_990, 9999]);
  });
});

describe('isStale', () => {
  it('is stale after three periods without a sample', () => {
    const win = windowFromChart(seq(0, 1000, 3), 1000); // last 2000, period 1000
    expect(isStale(win, 4900)).toBe(false);
    expect(isStale(win, 5001)).toBe(true);
    expect(isStale(emptyWindow(), 1e12)).toBe(false);
  });
});

describe('applyBatch', () => {
  it('routes samples to their series, creates new ones and trims all', () => {
    const windows = { a: windowFromChart(seq(0, 100, 5), 1) };
    const next = applyBatch(
      windows,
      [
        { series: 'a', ts: 500, value: 1 },
        { series: 'b', ts: 450, value: 2 },
      ],
      150,
    );
    expect(next.a?.points.toArray().map((p) => p[0])).toEqual([200, 300, 400, 500]);
    expect(next.b?.points.toArray()).toEqual([[450, 2]]);
  });

  it('returns the same object when nothing changed', () => {
    const windows = { a: windowFromChart(seq(0, 100, 5), 1) };
    expect(applyBatch(windows, [], 0)).toBe(windows);
  });
});
