import { describe, expect, it } from 'vitest';
import { visibleRows } from './virtual-rows';

describe('visibleRows', () => {
  it('renders a screenful plus overscan and pads the rest', () => {
    const w = visibleRows(36_000, 28_000, 420, 28, 10);
    expect(w.start).toBe(990);
    expect(w.end).toBe(1025);
    expect(w.padTop).toBe(990 * 28);
    expect(w.padBottom).toBe((36_000 - 1025) * 28);
  });

  it('clamps at both ends', () => {
    expect(visibleRows(5, 0, 420, 28)).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
    const end = visibleRows(100, 1e9, 420, 28, 0);
    expect(end.end).toBe(100);
    expect(end.padBottom).toBe(0);
  });
});
