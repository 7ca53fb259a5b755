/** The submitted history query as query-string parameters (`series`, `from`, `to`). */
import type { ValidQuery } from './history-form';

export function readQuery(params: URLSearchParams): ValidQuery | null {
  const series = params.getAll('series').filter(Boolean);
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (series.length === 0 || !params.get('from') || !params.get('to')) return null;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  return { series, from, to };
}

export function writeQuery(params: URLSearchParams, query: ValidQuery): void {
  params.delete('series');
  for (const id of query.series) params.append('series', id);
  params.set('from', String(query.from));
  params.set('to', String(query.to));
}
