import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createTaskQueue, useStaggered } from './staggered';

function manualPost() {
  const tasks: (() => void)[] = [];
  return {
    post: (run: () => void) => void tasks.push(run),
    /** Runs the oldest posted task; false when none is left. */
    runOne: () => {
      const run = tasks.shift();
      run?.();
      return run !== undefined;
    },
    get pending() {
      return tasks.length;
    },
  };
}

describe('createTaskQueue', () => {
  it('runs one job per task, in the order first queued', () => {
    const tasks = manualPost();
    const queue = createTaskQueue(tasks.post);
    const ran: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    queue.schedule(a, () => ran.push('a'));
    queue.schedule(b, () => ran.push('b'));
    queue.schedule(c, () => ran.push('c'));
    expect(tasks.pending).toBe(1);
    tasks.runOne();
    expect(ran).toEqual(['a']);
    tasks.runOne();
    expect(ran).toEqual(['a', 'b']);
    tasks.runOne();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(tasks.runOne()).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('runs a job queued again once, with its newest callback, in its first place', () => {
    const tasks = manualPost();
    const queue = createTaskQueue(tasks.post);
    const ran: string[] = [];
    const a = {};
    const b = {};
    queue.schedule(a, () => ran.push('a1'));
    queue.schedule(b, () => ran.push('b'));
    queue.schedule(a, () => ran.push('a2'));
    while (tasks.runOne());
    expect(ran).toEqual(['a2', 'b']);
  });

  it('drops cancelled jobs and keeps going after one throws', () => {
    const tasks = manualPost();
    const queue = createTaskQueue(tasks.post);
    const ran: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    queue.schedule(a, () => {
      throw new Error('boom');
    });
    queue.schedule(b, () => ran.push('b'));
    queue.schedule(c, () => ran.push('c'));
    queue.cancel(b);
    expect(() => tasks.runOne()).toThrow('boom');
    while (tasks.runOne());
    expect(ran).toEqual(['c']);
  });

  it('posts again for jobs queued after it ran dry', () => {
    const tasks = manualPost();
    const queue = createTaskQueue(tasks.post);
    const ran: string[] = [];
    queue.schedule({}, () => ran.push('first'));
    while (tasks.runOne());
    queue.schedule({}, () => ran.push('second'));
    while (tasks.runOne());
    expect(ran).toEqual(['first', 'second']);
  });
});

describe('useStaggered', () => {
  it('shows the first values at once and later ones when its task runs', () => {
    const tasks = manualPost();
    const queue = createTaskQueue(tasks.post);
    const first = [1, 'a'] as const;
    const { result, rerender } = renderHook(({ values }) => useStaggered(values, { queue }), {
      initialProps: { values: first as readonly [number, string] },
    });
    expect(result.current).toBe(first);
    // Equal items keep the shown array: memoized children do not render.
    rerender({ values: [1, 'a'] });
    expect(result.current).toBe(first);
    expect(tasks.pending).toBe(0);

    rerender({ values: [2, 'a'] });
    expect(result.current).toBe(first);
    rerender({ values: [3, 'b'] });
    act(() => void tasks.runOne());
    expect(result.current).toEqual([3, 'b']);
    expect(tasks.pending).toBe(0);
  });

  it('shows changes at most once per minIntervalMs', () => {
    vi.useFakeTimers();
    try {
      const tasks = manualPost();
      const queue = createTaskQueue(tasks.post);
      const { result, rerender } = renderHook(({ values }) => useStaggered(values, { queue, minIntervalMs: 1000 }), {
        initialProps: { values: [1] as readonly number[] },
      });
      rerender({ values: [2] });
      act(() => void tasks.runOne());
      expect(result.current).toEqual([2]);
      rerender({ values: [3] });
      expect(tasks.pending).toBe(0);
      act(() => void vi.advanceTimersByTime(999));
      expect(tasks.pending).toBe(0);
      rerender({ values: [4] });
      act(() => void vi.advanceTimersByTime(1));
      act(() => void tasks.runOne());
      expect(result.current).toEqual([4]);
    } finally {
      vi.useRealTimers();
    }
  });
});
