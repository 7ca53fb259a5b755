import { useCallback, useSyncExternalStore } from 'react';

/**
 * A tiny router over the History API: the pathname plus the query string as a
 * store, `navigate` to push a new entry, `replaceQuery` to rewrite the query
 * without a history entry (view state that should be shareable, not navigable).
 */

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const getPath = (): string => window.location.pathname;
const getSearch = (): string => window.location.search;

export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPath, () => '/');
}

export function useSearch(): string {
  return useSyncExternalStore(subscribe, getSearch, () => '');
}

export function navigate(to: string): void {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', to);
  notify();
}

export function replaceQuery(params: URLSearchParams): void {
  const qs = params.toString();
  const url = window.location.pathname + (qs ? `?${qs}` : '') + window.location.hash;
  window.history.replaceState(window.history.state, '', url);
  notify();
}

/** Current query as URLSearchParams plus a setter that edits a copy of it. */
export function useQueryParams(): [URLSearchParams, (edit: (p: URLSearchParams) => void) => void] {
  const search = useSearch();
  const update = useCallback((edit: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(window.location.search);
    edit(next);
    replaceQuery(next);
  }, []);
  return [new URLSearchParams(search), update];
}
