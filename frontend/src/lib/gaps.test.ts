import { describe, expect, it } from 'vitest';
import { decimatedPeriod, estimatePeriod, insertGaps, markChartGaps } from './gaps';

describe('estimatePeriod', () => {
  it('takes the median spacing, ignoring one gap', () => {
    expect(estimatePeriod([0, 100, 200, 300, 5000, 5100])).toBe(100);
  });
  it('is null with fewer than two distinct timestamps', () => {
    expect(estimatePeriod([])).toBeNull();
    expect(estimatePeriod([5])).toBeNull();
    expect(estimatePeriod([5, 5])).toBeNull();
  });
});

describe('insertGaps', () => {
  it('puts a null marker between points further apart than the threshold', () => {
    const out = insertGaps(
      [
        [0, 1],
        [100, 2],
        [1000, 3],
      ],
      300,
    );
    expect(out).toEqual([
      [0, 1],
      [100, 2],
      [550, null],
      [1000, 3],
    ]);
  });
});

describe('markChartGaps', () => {
  it('breaks the line only where buckets are missing', () => {
    // Buckets of 1 s with two points each, then 10 s without data.
    const points = [
      [0, 1],
      [500, 2],
      [1000, 3],
      [1500, 4],
      [12_000, 5],
      [12_500, 6],
    ] as const;
    expect(decimatedPeriod(points, 1000)).toBe(1000);
    expect(markChartGaps(points, 1000)).toEqual([
      [0, 1],
      [500, 2],
      [1000, 3],
      [1500, 4],
      [6750, null],
      [12_000, 5],
      [12_500, 6],
    ]);
  });
});
