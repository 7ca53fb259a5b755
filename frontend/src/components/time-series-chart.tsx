/**
 * One series over a numeric time axis with a fixed domain. Points are
 * M4-decimated to half the plot width in columns (at most ~2 points per pixel),
 * nulls break the line, and dragging across the plot reports a zoom range.
 */
import { memo, useMemo, useState } from 'react';
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
import { m4, type Point } from '../lib/m4';
import { timeTicks } from '../lib/time-ticks';
import { useElementWidth } from '../lib/use-element-width';

export interface TimeSeriesChartProps {
  name: string;
  unit: string;
  points: readonly Point[];
  domain: readonly [number, number];
  height?: number;
  /** Called with the dragged range; absent means the chart does not zoom. */
  onZoom?: (from: number, to: number) => void;
}

const Y_AXIS_WIDTH = 56;
const MIN_ZOOM_MS = 1000;

interface Datum {
  ts: number;
  value: number | null;
}

function useDecimated(points: readonly Point[], domain: readonly [number, number], plotWidth: number): Datum[] {
  const [from, to] = domain;
  const span = to - from;
  const columns = Math.max(1, Math.floor(plotWidth / 2));
  // Align columns to absolute time so a sliding window keeps picking the same points.
  const columnMs = span / columns;
  const alignedFrom = columnMs > 0 ? Math.floor(from / columnMs) * columnMs : from;
  return useMemo(() => {
    const decimated = m4(points, { from: alignedFrom, to: alignedFrom + span, columns });
    return decimated.map(([ts, value]) => ({ ts, value }));
  }, [points, alignedFrom, span, columns]);
}

function labelOf(state: MouseHandlerDataParam): number | null {
  const value = Number(state.activeLabel);
  return state.activeLabel !== undefined && Number.isFinite(value) ? value : null;
}

function TimeSeriesChartImpl({ name, unit, points, domain, height = 200, onZoom }: TimeSeriesChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const data = useDecimated(points, domain, width - Y_AXIS_WIDTH);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const [from, to] = domain;
  const ticks = useMemo(() => timeTicks(from, to, Math.max(2, Math.floor(width / 90))), [from, to, width]);

  const finishDrag = (): void => {
    if (drag && onZoom && Math.abs(drag.end - drag.start) >= MIN_ZOOM_MS) {
      onZoom(Math.min(drag.start, drag.end), Math.max(drag.start, drag.end));
    }
    setDrag(null);
  };

  return (
    <div ref={ref} className="chart" data-points={data.length}>
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
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
          domain={[from, to]}
          allowDataOverflow
          ticks={ticks}
          tickFormatter={(ts: number) => formatAxisTime(ts, to - from)}
          // Tick count already fits the width; skipping overlap checks avoids text measuring per render.
          interval={0}
        />
        <YAxis
          width={Y_AXIS_WIDTH}
          domain={['auto', 'auto']}
          tickFormatter={formatTick}
          interval={0}
          label={unit ? { value: unit, angle: -90, position: 'insideLeft', offset: 10 } : undefined}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(ts) => formatFullTime(Number(ts))}
          formatter={(value) => [withUnit(formatValue(Number(value)), unit), name]}
        />
        <Line
          type="linear"
          dataKey="value"
          name={name}
          stroke="currentColor"
          strokeWidth={1.5}
          dot={false}
          activeDot={{ r: 3 }}
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

export const TimeSeriesChart = memo(TimeSeriesChartImpl);
