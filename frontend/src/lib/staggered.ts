/**
 * Spreads expensive re-renders over separate tasks. Every chart on the live page
 * changes on the same 250 ms tick; rendered together they make one long task, while
 * one chart per task keeps each task short and lets the browser paint and handle
 * input in between.
 *
 * `createTaskQueue` is the pure part: keyed jobs, one run per task, a job queued
 * again before it ran keeps its place and runs once with its newest callback.
 */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

export type Post = (run: () => void) => void;

export interface TaskQueue {
  /** Queues `job` under `key`, replacing a queued job with the same key. */
  schedule: (key: object, job: () => void) => void;
  cancel: (key: object) => void;
  readonly size: number;
}

/** A new macrotask: MessageChannel where there is one (no 4 ms timer clamping), else setTimeout. */
export const postTask: Post = (() => {
  if (typeof MessageChannel === 'undefined') return (run) => void setTimeout(run, 0);
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  return (run) => {
    queue.push(run);
    channel.port2.postMessage(null);
  };
})();

export function createTaskQueue(post: Post = postTask): TaskQueue {
  const jobs = new Map<object, () => void>();
  let posted = false;

  const pump = (): void => {
    posted = false;
    const next = jobs.entries().next();
    if (next.done) return;
    const [key, job] = next.value;
    jobs.delete(key);
    // Post the following job first, so one that throws does not stall the rest.
    if (jobs.size > 0) {
      posted = true;
      post(pump);
    }
    job();
  };

  return {
    schedule(key, job) {
      // Map keeps insertion order, and `set` on an existing key keeps its place.
      jobs.set(key, job);
      if (!posted) {
        posted = true;
        post(pump);
      }
    },
    cancel(key) {
      jobs.delete(key);
    },
    get size() {
      return jobs.size;
    },
  };
}

const shared = createTaskQueue();

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * `values` as of the last time this component's turn came in the shared queue: the
 * first render shows them at once, later changes are rendered in a task of their own
 * (one component per task), at most once per `minIntervalMs`. Returns the same array
 * until an item changes, so it can feed memoized children.
 */
export function useStaggered<T extends readonly unknown[]>(
  values: T,
  { queue = shared, minIntervalMs = 0 }: { queue?: TaskQueue; minIntervalMs?: number } = {},
): T {
  const [shown, setShown] = useState<T>(values);
  const latest = useRef(values);
  const key = useRef({});
  const shownAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    latest.current = values;
  });

  const changed = !sameItems(values, shown);
  useEffect(() => {
    if (!changed || timer.current !== undefined) return;
    const enqueue = (): void => {
      timer.current = undefined;
      queue.schedule(key.current, () => {
        shownAt.current = Date.now();
        const next = latest.current;
        flushSync(() => setShown((prev) => (sameItems(prev, next) ? prev : next)));
      });
    };
    const wait = shownAt.current + minIntervalMs - Date.now();
    if (wait > 0) timer.current = setTimeout(enqueue, wait);
    else enqueue();
  });

  useEffect(() => {
    const k = key.current;
    return () => {
      clearTimeout(timer.current);
      timer.current = undefined;
      queue.cancel(k);
    };
  }, [queue]);

  return shown;
}
