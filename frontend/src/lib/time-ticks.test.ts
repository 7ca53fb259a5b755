import { describe, expect, it } from 'vitest';
import { tickStep, timeTicks } from './time-ticks';

describe('timeTicks', () => {
  it('picks a round step for the span', () => {
    expect(tickStep(3_600_000, 6)).toBe(10 * 60_000);
    expect(tickStep(5 * 60_000, 6)).toBe(60_000);
  });

  it('places ticks on step boundaries inside the range', () => {
    const from = Date.UTC(2026, 0, 1, 12, 3, 17);
    const to = from + 3_600_000;
    const ticks = timeTicks(from, to, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThanOrEqual(to);
      expect(new Date(t).getMinutes() % 10).toBe(0);
      expect(new Date(t).getSeconds()).toBe(0);
    }
  });

  it('is empty for an empty range', () => {
    expect(timeTicks(10, 10)).toEqual([]);
  });
});
