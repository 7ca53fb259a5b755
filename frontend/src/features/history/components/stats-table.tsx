import { Empty, ErrorMessage, Loading } from '../../../components/status';
import type { SeriesInfo } from '../../../lib/api/get-series';
import { formatValue } from '../../../lib/format';
import { useStats, type RangeQuery, type SeriesStats } from '../api/get-stats';

const COLUMNS: { key: keyof SeriesStats; label: string }[] = [
  { key: 'count', label: 'Count' },
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
  { key: 'mean', label: 'Mean' },
  { key: 'p50', label: 'P50' },
  { key: 'p95', label: 'P95' },
  { key: 'p99', label: 'P99' },
  { key: 'stddev', label: 'Std dev' },
];

export function StatsTable({ query, series }: { query: RangeQuery; series: readonly SeriesInfo[] }) {
  const stats = useStats(query);
  return (
    <section className="panel" aria-labelledby="stats-title">
      <h2 id="stats-title">Statistics</h2>
      {stats.status === 'loading' ? <Loading label="Computing statistics…" /> : null}
      {stats.status === 'error' ? <ErrorMessage title="Could not load statistics" message={stats.error.message} /> : null}
      {stats.status === 'success' && stats.data.stats.length === 0 ? <Empty>No statistics for this selection.</Empty> : null}
      {stats.status === 'success' && stats.data.stats.length > 0 ? (
        <table className="data-table" data-testid="stats-table">
          <thead>
            <tr>
              <th scope="col">Series</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.data.stats.map((row) => {
              const info = series.find((s) => s.id === row.series);
              return (
                <tr key={row.series} data-testid={`stats-row-${row.series}`} data-series={row.series}>
                  <th scope="row">
                    {info ? `${info.name}${info.unit ? ` (${info.unit})` : ''}` : row.series}
                  </th>
                  {COLUMNS.map((c) => {
                    const value = row[c.key] as number | null;
                    return (
                      <td key={c.key} data-testid={`stat-${c.key}`} data-value={value ?? ''}>
                        {c.key === 'count' ? String(value ?? 0) : formatValue(value)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
