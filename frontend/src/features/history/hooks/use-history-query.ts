/**
 * The submitted history query. It lives in the query string (`series`, `from`,
 * `to`) so a result can be shared and survives a reload.
 */
import { useCallback, useMemo } from 'react';
import { useQueryParams } from '../../../lib/use-location';
import type { ValidQuery } from '../lib/history-form';
import { readQuery, writeQuery } from '../lib/history-url';

export function useHistoryQuery(): [ValidQuery | null, (query: ValidQuery) => void] {
  const [params, update] = useQueryParams();
  const search = params.toString();
  const query = useMemo(() => readQuery(new URLSearchParams(search)), [search]);
  const submit = useCallback((next: ValidQuery) => update((p) => writeQuery(p, next)), [update]);
  return [query, submit];
}
