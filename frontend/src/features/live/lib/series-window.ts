/**
 * The live window of one series: points from the chart answer followed by samples
 * from the stream. Pure functions, no I/O, so merge rules are tested directly:
 * - no duplicates: a sample at or before the last held timestamp is dropped,
 * - gaps (spacing over GAP_FACTOR sampling periods) get a null marker so the line breaks,
 * - the window is bounded in time and, as a safety net, in size.
 */
import { decimatedPeriod, estimatePeriod, GAP_FACTOR, insertGaps } from '../../../lib/gaps';
import { m4, type Point } from '../../../lib/m4';
import { PointSeq } from '../../../lib/point-seq';

export { GAP_FACTOR };

export interface Sample {
  ts: number;
  value: number;
}

export interface SeriesWindow {
  /**
   * Ascending; `[ts, null]` entries are gap markers. Chunked, so a tick appends and
   * trims without copying the hour; each change is a new `PointSeq` object.
   */
  points: PointSeq;
  /** Timestamp of the newest real sample, the dedupe bound. */
  lastTs: number | null;
  lastValue: number | null;
  /** Estimated sampling period in ms, from recent sample spacing. */
  period: number | null;
  /** Timestamps of the newest raw samples, to re-estimate the period. */
  recent: number[];
}

const RECENT_SAMPLES = 16;
/** Far above what an hour of plotting needs; beyond it the window is M4-compacted. */
export const MAX_POINTS = 60_000;

export function emptyWindow(): SeriesWindow {
  return { points: PointSeq.empty(), lastTs: null, lastValue: null, period: null, recent: [] };
}

function lastReal(points: readonly Point[]): Point | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as Point;
    if (p[1] !== null) return p;
  }
  return undefined;
}

/** Window from an `/api/chart` series decimated into buckets of `bucketMs`. */
export function windowFromChart(points: readonly Point[], bucketMs: number): SeriesWindow {
  const real = points.filter((p) => p[1] !== null);
  const period = decimatedPeriod(real, bucketMs);
  const withGaps = period === null ? real : insertGaps(real, GAP_FACTOR * period);
  const last = lastReal(real);
  return {
    points: PointSeq.from(withGaps),
    lastTs: last ? last[0] : null,
    lastValue: last ? last[1] : null,
    period,
    recent: [],
  };
}

/**
 * Continues a window with a later `/api/chart` answer, as after a reset: what the window
 * holds stays (raw live points keep their resolution), newer points are appended, and a
 * break is marked where data is missing between the two.
 */
export function extendWithChart(win: SeriesWindow | undefined, points: readonly Point[], bucketMs: number): SeriesWindow {
  if (!win || win.lastTs === null) return windowFromChart(points, bucketMs);
  const lastTs = win.lastTs;
  const newer = points.filter((p) => p[1] !== null && p[0] > lastTs);
  const first = newer[0];
  if (!first) return win;
  const fill = windowFromChart(newer, bucketMs);
  const period = Math.max(win.period ?? 0, fill.period ?? 0);
  const joint: Point[] = period > 0 && first[0] - lastTs > GAP_FACTOR * period ? [[(lastTs + first[0]) / 2, null]] : [];
  return {
    points: win.points.append(joint.concat(fill.points.toArray())),
    lastTs: fill.lastTs,
    lastValue: fill.lastValue,
    period: win.period ?? fill.period,
    recent: win.recent,
  };
}

/** Appends stream samples: drops duplicates and stale ones, marks gaps. */
export function appendSamples(win: SeriesWindow, samples: readonly Sample[]): SeriesWindow {
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  let { lastTs, lastValue, period } = win;
  const recent = [...win.recent];
  const added: Point[] = [];
  for (const s of sorted) {
    if (!Number.isFinite(s.ts) || !Number.isFinite(s.value)) continue;
    if (lastTs !== null && s.ts <= lastTs) continue;
    if (lastTs !== null && period !== null && s.ts - lastTs > GAP_FACTOR * period) {
      added.push([(lastTs + s.ts) / 2, null]);
    }
    added.push([s.ts, s.value]);
    lastTs = s.ts;
    lastValue = s.value;
    recent.push(s.ts);
    if (recent.length > RECENT_SAMPLES) recent.shift();
    // Two spacings are the least that can be trusted over the chart's estimate.
    if (recent.length >= 3) period = estimatePeriod(recent) ?? period;
  }
  if (added.length === 0) return win;
  return { points: win.points.append(added), lastTs, lastValue, period, recent };
}

/** Drops points older than `cutoff` (and a gap marker left leading). */
export function trimWindow(win: SeriesWindow, cutoff: number): SeriesWindow {
  const { points } = win;
  let start = points.start;
  while (start < points.end && points.get(start)[0] < cutoff) start++;
  while (start < points.end && points.get(start)[1] === null) start++;
  if (start === points.start) return win;
  return { ...win, points: points.dropFront(start) };
}

/** Keeps memory bounded if samples arrive much faster than expected. */
export function compactWindow(win: SeriesWindow, maxPoints = MAX_POINTS): SeriesWindow {
  const { points } = win;
  if (points.length <= maxPoints) return win;
  const from = (points.at(0) as Point)[0];
  const to = (points.at(-1) as Point)[0] + 1;
  return { ...win, points: PointSeq.from(m4(points.toArray(), { from, to, columns: Math.floor(maxPoints / 8) })) };
}

/** No sample for GAP_FACTOR periods. Unknown period or no data is not stale. */
export function isStale(win: SeriesWindow, now: number): boolean {
  if (win.lastTs === null || win.period === null) return false;
  return now - win.lastTs > GAP_FACTOR * win.period;
}

export type Windows = Readonly<Record<string, SeriesWindow>>;

export interface SeriesSample extends Sample {
  series: string;
}

/** Applies a batch of stream samples to all windows, then trims every window. */
export function applyBatch(windows: Windows, batch: readonly SeriesSample[], cutoff: number): Windows {
  const bySeries = new Map<string, Sample[]>();
  for (const s of batch) {
    const list = bySeries.get(s.series) ?? [];
    list.push({ ts: s.ts, value: s.value });
    bySeries.set(s.series, list);
  }
  const next: Record<string, SeriesWindow> = {};
  let changed = false;
  const ids = new Set([...Object.keys(windows), ...bySeries.keys()]);
  for (const id of ids) {
    const before = windows[id];
    let win = before ?? emptyWindow();
    const samples = bySeries.get(id);
    if (samples) win = appendSamples(win, samples);
    win = compactWindow(trimWindow(win, cutoff));
    next[id] = win;
    if (win !== before) changed = true;
  }
  // Same object when nothing moved, so callers can skip a render.
  return changed ? next : windows;
}
