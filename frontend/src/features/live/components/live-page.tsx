import { useCallback, useMemo } from 'react';
import { Empty, ErrorMessage, Loading } from '../../../components/status';
import { useChart } from '../../../lib/api/get-chart';
import { groupBySource, seriesFromId, type SeriesInfo } from '../../../lib/api/get-series';
import { formatFullTime } from '../../../lib/format';
import { markChartGaps } from '../../../lib/gaps';
import type { Point } from '../../../lib/m4';
import { useLiveView } from '../hooks/use-live-view';
import { useTelemetryStream } from '../hooks/use-telemetry-stream';
import { isStale } from '../lib/series-window';
import { ConnectionIndicator } from './connection-indicator';
import { SeriesCard } from './series-card';
import { SeriesToggles } from './series-toggles';

const HOUR_MS = 3_600_000;
const FIXED_RANGE_WIDTH = 1000;
const NO_POINTS: Point[] = [];

export function LivePage() {
  const stream = useTelemetryStream();
  const view = useLiveView();
  const fixed = view.zoom ?? (view.pausedAt !== null ? { from: view.pausedAt - HOUR_MS, to: view.pausedAt } : null);
  // The stream's tick moves the axis; it keeps ticking while paused so stale markers follow real time.
  const now = stream.now;
  const domainFrom = fixed ? fixed.from : now - HOUR_MS;
  const domainTo = fixed ? fixed.to : now;
  const domain = useMemo<[number, number]>(() => [domainFrom, domainTo], [domainFrom, domainTo]);

  // A zoomed or paused view is a fixed range: load it at full resolution.
  const range = useChart(fixed ? { from: fixed.from, to: fixed.to, width: FIXED_RANGE_WIDTH } : null);
  const rangePoints = useMemo(() => {
    if (range.status !== 'success') return null;
    const bucketMs = (range.data.to - range.data.from) / FIXED_RANGE_WIDTH;
    return new Map(range.data.series.map((s) => [s.id, markChartGaps(s.points, bucketMs)]));
  }, [range]);

  const allSeries = useMemo<SeriesInfo[]>(() => {
    const list = [...stream.series];
    for (const id of Object.keys(stream.windows)) {
      if (!list.some((s) => s.id === id)) list.push(seriesFromId(id));
    }
    return list;
  }, [stream.series, stream.windows]);

  const { zoomTo } = view;
  const onZoom = useCallback((from: number, to: number) => zoomTo(from, to), [zoomTo]);
  const visible = allSeries.filter((s) => !view.hidden.has(s.id));

  return (
    <div className="live-page">
      <div className="toolbar" role="toolbar" aria-label="Live view controls">
        <ConnectionIndicator status={stream.status} onReconnect={stream.reconnect} />
        <span className="view-range" data-testid="view-range">
          {fixed
            ? `${view.zoom ? 'Zoomed' : 'Paused'}: ${formatFullTime(domain[0])} – ${formatFullTime(domain[1])}`
            : 'Last hour, live'}
        </span>
        <div className="toolbar-actions">
          {fixed ? (
            <button type="button" className="primary" onClick={view.backToLive}>
              {view.zoom ? 'Back to live' : 'Resume'}
            </button>
          ) : (
            <button type="button" onClick={() => view.pause(Date.now())}>
              Pause
            </button>
          )}
        </div>
      </div>

      {stream.error ? <ErrorMessage title="Could not load data" message={stream.error} /> : null}
      {range.status === 'error' ? <ErrorMessage title="Could not load range" message={range.error.message} /> : null}
      {fixed && range.status === 'loading' ? <Loading label="Loading range…" /> : null}

      <SeriesToggles series={allSeries} hidden={view.hidden} onToggle={view.toggle} />

      {stream.loading && allSeries.length === 0 ? <Loading label="Loading the last hour…" /> : null}
      {!stream.loading && allSeries.length === 0 && !stream.error ? (
        <Empty>No series yet. Charts appear as soon as the first samples arrive.</Empty>
      ) : null}
      {allSeries.length > 0 && visible.length === 0 ? <Empty>All series are hidden.</Empty> : null}

      {groupBySource(visible).map(([source, list]) => (
        <section key={source} className="source-group" aria-label={`Source ${source}`}>
          <h2 className="source-title">{source}</h2>
          <div className="card-grid">
            {list.map((info) => {
              const win = stream.windows[info.id];
              return (
                <SeriesCard
                  key={info.id}
                  info={info}
                  points={(rangePoints ? rangePoints.get(info.id) : win?.points) ?? NO_POINTS}
                  domain={domain}
                  current={win?.lastValue ?? info.last?.value ?? null}
                  lastTs={win?.lastTs ?? info.last?.ts ?? null}
                  stale={win ? isStale(win, now) : false}
                  onZoom={onZoom}
                />
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}
