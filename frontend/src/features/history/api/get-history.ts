import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, buildUrl, errorMessage } from '../../../lib/api-client';
import type { Point } from '../../../lib/m4';

/** `GET /api/history`: raw points ascending, paged with an opaque cursor. */
export interface HistoryPage {
  series: string;
  points: [number, number][];
  next: string | null;
}

export interface HistoryQuery {
  series: string;
  from: number;
  to: number;
  limit?: number;
  cursor?: string | null;
}

/** Rows per request; "load all" walks the cursor. */
export const PAGE_LIMIT = 5000;

export function getHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryPage> {
  return apiGet<HistoryPage>(
    '/api/history',
    {
      series: query.series,
      from: query.from,
      to: query.to,
      limit: query.limit ?? PAGE_LIMIT,
      cursor: query.cursor ?? undefined,
    },
    signal,
  );
}

/** The server writes the CSV of exactly this range; the browser only downloads it. */
export function historyCsvUrl(series: string, from: number, to: number): string {
  return buildUrl('/api/history', { series, from, to, format: 'csv' });
}

export interface HistoryPoints {
  points: Point[];
  /** More pages exist on the server. */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  loadAll: () => void;
}

interface Loaded {
  key: string;
  points: Point[];
  next: string | null;
  error: string | null;
  busy: boolean;
}

/**
 * Raw points of one series for a range: the first page on change, further pages
 * on demand by following `next`. A change of range drops pages in flight.
 */
export function useHistoryPoints(query: { series: string; from: number; to: number } | null): HistoryPoints {
  const key = query ? JSON.stringify([query.series, query.from, query.to]) : null;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  });

  const fetchPages = useCallback(
    (forKey: string, cursor: string | null, all: boolean, base: Point[]) => {
      const q = queryRef.current;
      if (!q) return;
      abortRef.current?.abort();
      const abort = new AbortController();
      abortRef.current = abort;
      const step = async (): Promise<void> => {
        let points = base;
        let next = cursor;
        try {
          do {
            const page = await getHistory({ ...q, cursor: next }, abort.signal);
            if (abort.signal.aborted) return;
            points = points.concat(page.points);
            next = page.next;
            setLoaded({ key: forKey, points, next, error: null, busy: all && next !== null });
          } while (all && next !== null);
        } catch (error) {
          if (abort.signal.aborted) return;
          setLoaded({ key: forKey, points, next, error: errorMessage(error), busy: false });
        }
      };
      void step();
    },
    [],
  );

  useEffect(() => {
    if (key === null) return undefined;
    fetchPages(key, null, false, []);
    return () => abortRef.current?.abort();
  }, [key, fetchPages]);

  const current = loaded && loaded.key === key ? loaded : null;

  const loadMore = useCallback(() => {
    if (!current || current.next === null || key === null) return;
    setLoaded({ ...current, busy: true });
    fetchPages(key, current.next, false, current.points);
  }, [current, key, fetchPages]);

  const loadAll = useCallback(() => {
    if (!current || current.next === null || key === null) return;
    setLoaded({ ...current, busy: true });
    fetchPages(key, current.next, true, current.points);
  }, [current, key, fetchPages]);

  return {
    points: current?.points ?? [],
    hasMore: current ? current.next !== null : false,
    loading: key !== null && (!current || current.busy),
    error: current?.error ?? null,
    loadMore,
    loadAll,
  };
}
