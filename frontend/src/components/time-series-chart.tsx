/**
 * One series over a numeric time axis with a fixed domain. Points are
 * M4-decimated to a quarter of the plot width in columns (first, min, max and last
 * of every 4 px: at most ~1 point per pixel, the envelope kept),
 * nulls break the line, and dragging across the plot reports a zoom range.
 */
import { memo, useCallback, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type MouseHandlerDataParam,
} from 'recharts';
import { formatAxisTime, formatFullTime, formatTick, formatValue, withUnit } from '../lib/format';
import { IncrementalM4, m4, type M4Range, type Point } from '../lib/m4';
import { PointSeq } from '../lib/point-seq';
import { timeTicks } from '../lib/time-ticks';
import { useStaggered } from '../lib/staggered';
import { useElementWidth } from '../lib/use-element-width';

export interface TimeSeriesChartProps {
  name: string;
  unit: string;
  /** A live `PointSeq` is re-decimated only where it changed. */
  points: readonly Point[] | PointSeq;
  domain: readonly [number, number];
  height?: number;
  /** Called with the dragged range; absent means the chart does not zoom. */
  onZoom?: (from: number, to: number) => void;
}

const Y_AXIS_WIDTH = 56;
/** M4 keeps up to 4 points per column: 4 px columns make at most one point per pixel. */
const PIXELS_PER_COLUMN = 4;
/** Longest a chart waits to show new points or a moved axis. */
const MAX_REDRAW_MS = 1000;
const MIN_ZOOM_MS = 1000;

interface Datum {
  ts: number;
  value: number | null;
}

/** Keeps the last `IncrementalM4`, so a live series re-scans only its new tail and cut front. */
class DecimatorCache {
  private decimator: IncrementalM4 | null = null;

  decimate(points: readonly Point[] | PointSeq, range: M4Range): Point[] {
    if (!(points instanceof PointSeq)) return m4(points, range);
    if (!this.decimator?.sameRange(range)) this.decimator = new IncrementalM4(range);
    return this.decimator.update(points);
  }
}

function useDecimated(points: readonly Point[] | PointSeq, domain: readonly [number, number], plotWidth: number): Datum[] {
  const [from, to] = domain;
  const span = to - from;
  const columns = Math.max(1, Math.floor(plotWidth / PIXELS_PER_COLUMN));
  const [cache] = useState(() => new DecimatorCache());
  // Columns are aligned to absolute time (multiples of span / columns from 0): a sliding
  // window keeps picking the same points, and the columns already decimated stay valid.
  return useMemo(() => {
    const decimated = cache.decimate(points, { from: 0, to: span, columns });
    return decimated.map(([ts, value]) => ({ ts, value }));
  }, [cache, points, span, columns]);
}

function labelOf(state: MouseHandlerDataParam): number | null {
  const value = Number(state.activeLabel);
  return state.activeLabel !== undefined && Number.isFinite(value) ? value : null;
}

const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const ACTIVE_DOT = { r: 3 };
const Y_DOMAIN = ['auto', 'auto'] as const;
const fullTimeLabel = (ts: unknown): string => formatFullTime(Number(ts));

interface ChartBodyProps {
  name: string;
  unit: string;
  points: readonly Point[] | PointSeq;
  from: number;
  to: number;
  width: number;
  height: number;
  onZoom?: (from: number, to: number) => void;
}

/**
 * The outer component only measures and queues: a change of points or domain reaches
 * the Recharts tree in a task of its own (see `useStaggered`), so charts that change
 * on the same tick do not render in one long task.
 */
function TimeSeriesChartImpl({ name, unit, points, domain, height = 200, onZoom }: TimeSeriesChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  // A moving hour advances ~3 s per pixel: redrawing more than once a second shows nothing new.
  const msPerPixel = (domain[1] - domain[0]) / Math.max(1, width - Y_AXIS_WIDTH);
  const [shownPoints, from, to] = useStaggered([points, domain[0], domain[1]] as const, {
    minIntervalMs: Math.min(MAX_REDRAW_MS, msPerPixel),
  });
  return (
    <div ref={ref} className="chart-frame">
      <ChartBody name={name} unit={unit} points={shownPoints} from={from} to={to} width={width} height={height} onZoom={onZoom} />
    </div>
  );
}

function ChartBodyImpl({ name, unit, points, from, to, width, height, onZoom }: ChartBodyProps) {
  const domain = useMemo(() => [from, to] as const, [from, to]);
  const data = useDecimated(points, domain, width - Y_AXIS_WIDTH);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const ticks = useMemo(() => timeTicks(from, to, Math.max(2, Math.floor(width / 90))), [from, to, width]);
  const tickFormatter = useCallback((ts: number) => formatAxisTime(ts, to - from), [from, to]);
  const valueFormatter = useCallback((value: unknown): [string, string] => [withUnit(formatValue(Number(value)), unit), name], [unit, name]);
  const yLabel = useMemo(() => (unit ? { value: unit, angle: -90, position: 'insideLeft' as const, offset: 10 } : undefined), [unit]);

  const finishDrag = (): void => {
    if (drag && onZoom && Math.abs(drag.end - drag.start) >= MIN_ZOOM_MS) {
      onZoom(Math.min(drag.start, drag.end), Math.max(drag.start, drag.end));
    }
    setDrag(null);
  };

  return (
    <div className="chart" data-points={data.length}>
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={MARGIN}
        onMouseDown={
          onZoom
            ? (state) => {
                const at = labelOf(state);
                if (at !== null) setDrag({ start: at, end: at });
              }
            : undefined
        }
        onMouseMove={
          onZoom
            ? (state) => {
                const at = labelOf(state);
                if (drag && at !== null) setDrag({ start: drag.start, end: at });
              }
            : undefined
        }
        onMouseUp={onZoom ? finishDrag : undefined}
        onMouseLeave={onZoom ? () => setDrag(null) : undefined}
      >
        <CartesianGrid className="chart-grid" strokeDasharray="3 3" />
        <XAxis
          dataKey="ts"
          type="number"
          scale="time"
          domain={domain}
          allowDataOverflow
          ticks={ticks}
          tickFormatter={tickFormatter}
          // Tick count already fits the width; skipping overlap checks avoids text measuring per render.
          interval={0}
        />
        <YAxis
          width={Y_AXIS_WIDTH}
          domain={Y_DOMAIN}
          tickFormatter={formatTick}
          interval={0}
          label={yLabel}
        />
        <Tooltip isAnimationActive={false} labelFormatter={fullTimeLabel} formatter={valueFormatter} />
        <Line
          type="linear"
          dataKey="value"
          name={name}
          stroke="currentColor"
          strokeWidth={1.5}
          dot={false}
          activeDot={ACTIVE_DOT}
          isAnimationActive={false}
          connectNulls={false}
        />
        {drag && drag.end !== drag.start ? (
          <ReferenceArea x1={drag.start} x2={drag.end} fill="currentColor" fillOpacity={0.15} ifOverflow="hidden" />
        ) : null}
      </LineChart>
    </div>
  );
}

const ChartBody = memo(ChartBodyImpl);

export const TimeSeriesChart = memo(TimeSeriesChartImpl);
