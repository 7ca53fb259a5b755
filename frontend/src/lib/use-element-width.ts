import { useCallback, useState } from 'react';

/**
 * Measures an element's content width and follows resizes. Returns a callback ref
 * and the width (the fallback until measured, e.g. in tests without layout).
 */
export function useElementWidth<T extends HTMLElement>(
  fallback: number,
): [(node: T | null) => void, number] {
  const [width, setWidth] = useState<number | null>(null);

  const ref = useCallback((node: T | null) => {
    if (!node || typeof ResizeObserver === 'undefined') return undefined;
    const measure = (): void => {
      const w = Math.floor(node.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    // React 19 calls the returned function when the node detaches.
    return () => observer.disconnect();
  }, []);

  return [ref, width ?? fallback];
}
