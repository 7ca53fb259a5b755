import { describe, expect, it } from 'vitest';
import { m4, type Point } from './m4';

describe('m4', () => {
  it('keeps first, min, max and last of each column in time order', () => {
    // One column spanning [0, 100).
    const points: Point[] = [
      [0, 5],
      [10, 9],
      [20, 1],
      [30, 4],
      [40, 3],
    ];
    expect(m4(points, { from: 0, to: 100, columns: 1 })).toEqual([
      [0, 5],
      [10, 9],
      [20, 1],
      [40, 3],
    ]);
  });

  it('emits a point once when it is both first and min', () => {
    const points: Point[] = [
      [0, 1],
      [1, 5],
      [2, 3],
    ];
    expect(m4(points, { from: 0, to: 10, columns: 1 })).toEqual([
      [0, 1],
      [1, 5],
      [2, 3],
    ]);
  });

  it('bounds the output to four points per column', () => {
    const points: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i / 7)] as const);
    const out = m4(points, { from: 0, to: 10_000, columns: 100 });
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.length).toBeGreaterThanOrEqual(200);
    // Extremes survive decimation.
    const values = out.map((p) => p[1] as number);
    expect(Math.max(...values)).toBe(Math.max(...points.map((p) => p[1] as number)));
    expect(Math.min(...values)).toBe(Math.min(...points.map((p) => p[1] as number)));
    // Still ascending.
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it('separates columns by time, not by index', () => {
    const points: Point[] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [50, 7],
      [51, 8],
    ];
    // Column 0 is [0, 50), column 1 is [50, 100).
    expect(m4(points, { from: 0, to: 100, columns: 2 })).toEqual([
      [0, 1],
      [4, 5],
      [50, 7],
      [51, 8],
    ]);
  });

  it('keeps gap markers and does not merge across them', () => {
    const points: Point[] = [
      [0, 1],
      [1, 9],
      [2, 0],
      [3, 2],
      [4, 5],
      [5, null],
      [6, 3],
      [7, 3],
    ];
    const out = m4(points, { from: 0, to: 100, columns: 1 });
    expect(out).toContainEqual([5, null]);
    expect(out.findIndex((p) => p[1] === null)).toBe(out.findIndex((p) => p[0] === 5));
    expect(out.filter((p) => p[0] < 5)).toEqual([
      [0, 1],
      [1, 9],
      [2, 0],
      [4, 5],
    ]);
    expect(out.filter((p) => p[0] > 5)).toEqual([
      [6, 3],
      [7, 3],
    ]);
  });

  it('handles empty input and degenerate ranges', () => {
    expect(m4([], { from: 0, to: 10, columns: 5 })).toEqual([]);
    const pts: Point[] = [[1, 1]];
    expect(m4(pts, { from: 10, to: 10, columns: 5 })).toEqual(pts);
  });
});
