import { memo } from 'react';
import { TimeSeriesChart } from '../../../components/time-series-chart';
import type { SeriesInfo } from '../../../lib/api/get-series';
import { formatFullTime, formatValue } from '../../../lib/format';
import type { Point } from '../../../lib/m4';
import type { PointSeq } from '../../../lib/point-seq';

export interface SeriesCardProps {
  info: SeriesInfo;
  points: readonly Point[] | PointSeq;
  domain: readonly [number, number];
  current: number | null;
  lastTs: number | null;
  stale: boolean;
  onZoom: (from: number, to: number) => void;
}

function SeriesCardImpl({ info, points, domain, current, lastTs, stale, onZoom }: SeriesCardProps) {
  const titleId = `series-title-${info.id}`;
  return (
    <article className={`card series-card${stale ? ' is-stale' : ''}`} aria-labelledby={titleId} data-series={info.id}>
      <header className="series-card-header">
        <div>
          <h3 id={titleId} className="series-name">
            {info.name}
          </h3>
          <span className="series-id">{info.id}</span>
        </div>
        <div className="series-current" title={lastTs !== null ? `Last sample ${formatFullTime(lastTs)}` : 'No data'}>
          <span className="series-value" data-testid="current-value">
            {formatValue(current)}
          </span>{' '}
          <span className="series-unit">{info.unit}</span>
          {stale ? (
            <span className="badge badge-stale" data-testid="stale-marker">
              stale
            </span>
          ) : null}
        </div>
      </header>
      <TimeSeriesChart name={info.name} unit={info.unit} points={points} domain={domain} onZoom={onZoom} />
    </article>
  );
}

export const SeriesCard = memo(SeriesCardImpl);
