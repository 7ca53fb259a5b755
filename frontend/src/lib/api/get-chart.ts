import { apiGet } from '../api-client';
import type { Point } from '../m4';
import { useAsync, type AsyncState } from '../use-async';

/** `GET /api/chart`: M4-decimated points per series for [from, to]. */
export interface ChartResponse {
  from: number;
  to: number;
  /** Last SSE batch already contained in this answer; open the stream after it. */
  seq: number;
  series: { id: string; points: Point[] }[];
}

export interface ChartQuery {
  series?: readonly string[];
  from: number;
  /** Absent: the server's now. A live load leaves it out, so no sample the server already
   * holds (and so counts in `seq`) can fall after the range and be missed by both. */
  to?: number;
  width: number;
}

export function getChart(query: ChartQuery, signal?: AbortSignal): Promise<ChartResponse> {
  return apiGet<ChartResponse>(
    '/api/chart',
    {
      series: query.series,
      from: Math.round(query.from),
      to: query.to === undefined ? undefined : Math.round(query.to),
      width: Math.max(1, Math.round(query.width)),
    },
    signal,
  );
}

/** Loads a fixed range; `null` query loads nothing. */
export function useChart(query: ChartQuery | null): AsyncState<ChartResponse> {
  const key = query
    ? JSON.stringify([query.series ?? [], query.from, query.to, Math.round(query.width)])
    : null;
  return useAsync(key, (signal) => getChart(query as ChartQuery, signal));
}
