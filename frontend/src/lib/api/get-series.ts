import { apiGet } from '../api-client';
import { useAsync, type AsyncState } from '../use-async';

/** One element of `GET /api/series`, also the data of an SSE `series` event. */
export interface SeriesInfo {
  id: string;
  source: string;
  signal: string;
  name: string;
  unit: string;
  min?: number | null;
  max?: number | null;
  last?: { ts: number; value: number } | null;
}

export function getSeries(signal?: AbortSignal): Promise<SeriesInfo[]> {
  return apiGet<SeriesInfo[]>('/api/series', {}, signal);
}

export function useSeriesList(): AsyncState<SeriesInfo[]> {
  return useAsync('series', getSeries);
}

/** Groups series by their source, sources and series in a stable order. */
export function groupBySource(series: readonly SeriesInfo[]): [string, SeriesInfo[]][] {
  const groups = new Map<string, SeriesInfo[]>();
  for (const s of series) {
    const list = groups.get(s.source) ?? [];
    list.push(s);
    groups.set(s.source, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Fallback metadata for an id known only from data (`source/signal`). */
export function seriesFromId(id: string): SeriesInfo {
  const slash = id.indexOf('/');
  const source = slash > 0 ? id.slice(0, slash) : id;
  const signal = slash > 0 ? id.slice(slash + 1) : id;
  return { id, source, signal, name: signal, unit: '' };
}
