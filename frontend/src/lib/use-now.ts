import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`; drives the moving time axis at a
 * steady rate regardless of how bursty the data is. `null` interval freezes it.
 */
export function useNow(intervalMs: number | null = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return undefined;
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
