import { apiGet } from '../../../lib/api-client';
import { useAsync, type AsyncState } from '../../../lib/use-async';

/** One row of `GET /api/stats`; value fields are null when the range is empty. */
export interface SeriesStats {
  series: string;
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  stddev: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  first_ts: number | null;
  last_ts: number | null;
}

export interface StatsResponse {
  stats: SeriesStats[];
}

export interface RangeQuery {
  series: readonly string[];
  from: number;
  to: number;
}

export function getStats(query: RangeQuery, signal?: AbortSignal): Promise<StatsResponse> {
  return apiGet<StatsResponse>(
    '/api/stats',
    { series: query.series, from: query.from, to: query.to },
    signal,
  );
}

export function useStats(query: RangeQuery | null): AsyncState<StatsResponse> {
  const key = query ? JSON.stringify(['stats', query.series, query.from, query.to]) : null;
  return useAsync(key, (signal) => getStats(query as RangeQuery, signal));
}
