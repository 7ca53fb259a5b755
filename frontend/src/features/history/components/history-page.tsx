import { useMemo, useState } from 'react';
import { Empty, ErrorMessage, Loading } from '../../../components/status';
import { useSeriesList } from '../../../lib/api/get-series';
import { toDateTimeLocal } from '../../../lib/format';
import { useHistoryQuery } from '../hooks/use-history-query';
import { rangeEndingAt, type FormValues, type ValidQuery } from '../lib/history-form';
import { CsvLinks } from './csv-links';
import { HistoryCharts } from './history-charts';
import { HistoryForm } from './history-form';
import { PointsPanel } from './points-panel';
import { StatsTable } from './stats-table';

const HOUR_MS = 3_600_000;

export function HistoryPage() {
  const seriesList = useSeriesList();
  const [query, setQuery] = useHistoryQuery();
  // Showing the same range again still refreshes the results.
  const [run, setRun] = useState(0);
  const submit = (next: ValidQuery): void => {
    setQuery(next);
    setRun((n) => n + 1);
  };
  const [initialNow] = useState(() => Date.now());

  const series = useMemo(() => (seriesList.status === 'success' ? seriesList.data : []), [seriesList]);
  const initial = useMemo<FormValues>(
    () =>
      query
        ? { series: query.series, from: toDateTimeLocal(query.from), to: toDateTimeLocal(query.to) }
        : { series: series.map((s) => s.id), ...rangeEndingAt(initialNow, HOUR_MS) },
    // Only the first values matter: the form owns its state afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series],
  );

  return (
    <div className="history-page">
      {seriesList.status === 'loading' ? <Loading label="Loading series…" /> : null}
      {seriesList.status === 'error' ? (
        <ErrorMessage title="Could not load series" message={seriesList.error.message} />
      ) : null}
      {seriesList.status === 'success' && series.length === 0 ? <Empty>No series recorded yet.</Empty> : null}
      {seriesList.status === 'success' && series.length > 0 ? (
        <HistoryForm series={series} initial={initial} onSubmit={submit} />
      ) : null}
      {query ? (
        <div className="history-results" key={`${run}:${JSON.stringify(query)}`}>
          <StatsTable query={query} series={series} />
          <HistoryCharts query={query} series={series} />
          <CsvLinks query={query} series={series} />
          <PointsPanel query={query} series={series} />
        </div>
      ) : null}
    </div>
  );
}
