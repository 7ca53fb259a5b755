import { useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'success'; data: T }
  | { status: 'error'; error: Error };

interface Settled<T> {
  key: string;
  data?: T;
  error?: Error;
}

/**
 * Runs `load` whenever `key` changes (null means "nothing to load") and aborts the
 * previous request, so a slow old answer never overwrites a newer one. Loading is
 * derived from the key of the last settled answer instead of being set eagerly.
 */
export function useAsync<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): AsyncState<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setSettled({ key, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
    // `load` is expected to be a fresh closure per render; `key` captures its inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (key === null) return { status: 'idle' };
  if (!settled || settled.key !== key) return { status: 'loading' };
  if (settled.error) return { status: 'error', error: settled.error };
  return { status: 'success', data: settled.data as T };
}
