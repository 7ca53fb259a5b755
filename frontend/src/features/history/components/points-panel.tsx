import { useId, useState } from 'react';
import { Empty, ErrorMessage, Loading } from '../../../components/status';
import type { SeriesInfo } from '../../../lib/api/get-series';
import { useHistoryPoints } from '../api/get-history';
import type { RangeQuery } from '../api/get-stats';
import { PointsTable } from './points-table';

/** Raw points of one chosen series, fetched page by page with the API cursor. */
export function PointsPanel({ query, series }: { query: RangeQuery; series: readonly SeriesInfo[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const selectId = useId();
  const current = chosen !== null && query.series.includes(chosen) ? chosen : (query.series[0] ?? null);
  const info = series.find((s) => s.id === current);
  const history = useHistoryPoints(current ? { series: current, from: query.from, to: query.to } : null);
  const nameOf = (id: string) => series.find((s) => s.id === id)?.name ?? id;

  return (
    <section className="panel" aria-labelledby="points-title">
      <div className="panel-header">
        <h2 id="points-title">Raw points</h2>
        {query.series.length > 1 ? (
          <span className="field">
            <label htmlFor={selectId}>Series for the table</label>
            <select id={selectId} value={current ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {query.series.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </span>
        ) : null}
        <span data-testid="points-loaded" aria-live="polite">
          {history.points.length.toLocaleString('en-US')} points loaded
          {history.hasMore ? ', more available' : history.loading ? '' : ' (all)'}
        </span>
        <span className="toolbar-actions">
          <button type="button" onClick={history.loadMore} disabled={!history.hasMore || history.loading}>
            Load more
          </button>
          <button type="button" onClick={history.loadAll} disabled={!history.hasMore || history.loading}>
            Load all
          </button>
        </span>
      </div>
      {history.error ? <ErrorMessage title="Could not load points" message={history.error} /> : null}
      {history.loading ? <Loading label="Loading points…" /> : null}
      {!history.loading && !history.error && history.points.length === 0 ? (
        <Empty>No points in this range.</Empty>
      ) : null}
      {history.points.length > 0 ? <PointsTable points={history.points} unit={info?.unit ?? ''} /> : null}
    </section>
  );
}
