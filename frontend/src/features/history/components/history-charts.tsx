import { useMemo } from 'react';
import { ErrorMessage, Loading } from '../../../components/status';
import { TimeSeriesChart } from '../../../components/time-series-chart';
import { useChart } from '../../../lib/api/get-chart';
import type { SeriesInfo } from '../../../lib/api/get-series';
import { markChartGaps } from '../../../lib/gaps';
import type { RangeQuery } from '../api/get-stats';

const CHART_WIDTH = 600;

/** Small multiples of the selection (units differ, so one chart per series). */
export function HistoryCharts({ query, series }: { query: RangeQuery; series: readonly SeriesInfo[] }) {
  const chart = useChart({ series: query.series, from: query.from, to: query.to, width: CHART_WIDTH });
  const domain = useMemo(() => [query.from, query.to] as const, [query.from, query.to]);
  const withGaps = useMemo(() => {
    if (chart.status !== 'success') return [];
    const bucketMs = (chart.data.to - chart.data.from) / CHART_WIDTH;
    return chart.data.series.map((s) => ({ id: s.id, points: markChartGaps(s.points, bucketMs) }));
  }, [chart]);
  return (
    <section className="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">Chart</h2>
      {chart.status === 'loading' ? <Loading label="Loading chart…" /> : null}
      {chart.status === 'error' ? <ErrorMessage title="Could not load chart" message={chart.error.message} /> : null}
      {chart.status === 'success' ? (
        <div className="mini-charts">
          {withGaps.map((s) => {
            const info = series.find((x) => x.id === s.id);
            return (
              <div key={s.id} className="mini-chart">
                <h3>{info?.name ?? s.id}</h3>
                <TimeSeriesChart
                  name={info?.name ?? s.id}
                  unit={info?.unit ?? ''}
                  points={s.points}
                  domain={domain}
                  height={140}
                />
              </div>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}
