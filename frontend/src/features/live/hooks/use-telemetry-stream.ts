/**
 * The one owner of the live EventSource. It loads the last hour once from
 * `/api/chart`, then follows `/api/stream?since=SEQ` from that answer's `seq`, and
 * merges samples into bounded per-series windows. Components only read its state.
 *
 * - Resume: the browser's own retries send Last-Event-ID; after the browser gives
 *   up (readyState CLOSED, e.g. on an HTTP error) a new EventSource is opened with
 *   `since` = last seen batch, after a jittered exponential backoff.
 * - `event: reset` (resume point too old, e.g. after a backend restart): fetch the chart
 *   from the newest point held to now, append it, reopen the stream from its seq.
 *   Held points stay as they are, so live data keeps its full resolution.
 * - Renders are batched: samples are buffered and applied every `flushMs`, together
 *   with the clock, so the page renders about four times a second whatever the rate.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getChart } from '../../../lib/api/get-chart';
import { getSeries, seriesFromId, type SeriesInfo } from '../../../lib/api/get-series';
import { errorMessage } from '../../../lib/api-client';
import { parseSamplesEvent, parseSeriesEvent, streamUrl } from '../api/stream';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../lib/backoff';
import {
  applyBatch,
  extendWithChart,
  type SeriesSample,
  type SeriesWindow,
  type Windows,
} from '../lib/series-window';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface TelemetryStreamOptions {
  windowMs?: number;
  /** Pixel width sent to `/api/chart`. */
  width?: number;
  flushMs?: number;
  backoff?: BackoffPolicy;
  /** Failed reconnects after which the state reads `offline`. */
  offlineAfter?: number;
  random?: () => number;
  createEventSource?: (url: string) => EventSource;
}

export interface TelemetryStreamState {
  status: ConnectionStatus;
  loading: boolean;
  error: string | null;
  series: SeriesInfo[];
  windows: Windows;
  /** Last SSE batch merged (or contained in the chart answer). */
  seq: number | null;
  /** Time of the last tick, every `flushMs`: drives the moving axis in step with the data. */
  now: number;
}

export interface TelemetryStream extends TelemetryStreamState {
  /** Reconnect now instead of waiting for the backoff. */
  reconnect: () => void;
}

const HOUR_MS = 3_600_000;
const CLOSED = 2; // EventSource.CLOSED; the constant is missing where EventSource is.

const initialState = (): TelemetryStreamState => ({
  status: 'connecting',
  loading: true,
  error: null,
  series: [],
  windows: {},
  seq: null,
  now: Date.now(),
});

function upsertSeries(list: readonly SeriesInfo[], info: SeriesInfo): SeriesInfo[] {
  const index = list.findIndex((s) => s.id === info.id);
  if (index < 0) return [...list, info];
  const next = [...list];
  next[index] = { ...list[index], ...info };
  return next;
}

interface Controller {
  stop: () => void;
  reconnect: () => void;
}

function startStream(
  options: Required<TelemetryStreamOptions>,
  update: (patch: (s: TelemetryStreamState) => Partial<TelemetryStreamState>) => void,
): Controller {
  const { windowMs, width, flushMs, backoff, offlineAfter, random, createEventSource } = options;
  let stopped = false;
  let source: EventSource | null = null;
  let lastSeq: number | null = null;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let loadAbort: AbortController | null = null;
  let pending: SeriesSample[] = [];
  // Windows live here too, so a flush never reads a stale React state.
  let windows: Windows = {};

  const closeSource = (): void => {
    if (!source) return;
    source.onopen = null;
    source.onerror = null;
    source.close();
    source = null;
  };

  const scheduleRetry = (action: () => void): void => {
    clearTimeout(retryTimer);
    const delay = backoffDelay(failures, backoff, random);
    failures += 1;
    update(() => ({ status: failures > offlineAfter ? 'offline' : 'reconnecting' }));
    retryTimer = setTimeout(action, delay);
  };

  // One render per tick: new samples and the moving clock are published together.
  const flush = (): void => {
    const batch = pending;
    pending = [];
    const now = Date.now();
    const next = applyBatch(windows, batch, now - windowMs);
    if (next === windows) {
      update(() => ({ now }));
      return;
    }
    windows = next;
    update(() => ({ windows, seq: lastSeq, now }));
  };

  const open = (): void => {
    closeSource();
    const es = createEventSource(streamUrl(lastSeq));
    source = es;
    es.onopen = () => {
      failures = 0;
      update(() => ({ status: 'live', error: null }));
    };
    es.onerror = () => {
      if (es !== source) return;
      if (es.readyState === CLOSED) {
        // The browser gave up; resume from the last batch we merged.
        closeSource();
        scheduleRetry(open);
      } else {
        // The browser retries by itself and resends Last-Event-ID.
        update(() => ({ status: navigator.onLine === false ? 'offline' : 'reconnecting' }));
      }
    };
    es.addEventListener('samples', (event) => {
      if (es !== source) return;
      const message = parseSamplesEvent((event as MessageEvent<string>).data);
      if (!message) return;
      const id = Number((event as MessageEvent).lastEventId);
      lastSeq = Number.isFinite(id) && (event as MessageEvent).lastEventId !== '' ? id : message.seq;
      pending.push(...message.samples);
    });
    es.addEventListener('series', (event) => {
      if (es !== source) return;
      const info = parseSeriesEvent((event as MessageEvent<string>).data);
      if (info) update((s) => ({ series: upsertSeries(s.series, info) }));
    });
    es.addEventListener('reset', () => {
      if (es !== source) return;
      void load(true);
    });
  };

  // `resume`: keep the held windows and fetch only what came after their newest point.
  const load = async (resume = false): Promise<void> => {
    closeSource();
    clearTimeout(retryTimer);
    loadAbort?.abort();
    const abort = new AbortController();
    loadAbort = abort;
    update(() => ({ loading: true }));
    try {
      const to = Date.now();
      // Samples received before a reset are real: they join what is held.
      const held: Windows = resume ? applyBatch(windows, pending, to - windowMs) : {};
      pending = [];
      const lastTimes = Object.values(held).flatMap((w) => (w.lastTs === null ? [] : [w.lastTs]));
      const from = lastTimes.length > 0 ? Math.max(to - windowMs, Math.min(...lastTimes)) : to - windowMs;
      const [metadata, chart] = await Promise.all([
        // Metadata is a nicety; the chart alone is enough to draw.
        getSeries(abort.signal).catch(() => [] as SeriesInfo[]),
        getChart({ from, width }, abort.signal),
      ]);
      if (abort.signal.aborted || stopped) return;
      const bucketMs = (chart.to - chart.from) / Math.max(1, width);
      const next: Record<string, SeriesWindow> = { ...held };
      for (const s of chart.series) next[s.id] = extendWithChart(held[s.id], s.points, bucketMs);
      // Samples buffered meanwhile are in the chart answer (its seq is past them).
      pending = [];
      windows = applyBatch(next, [], Date.now() - windowMs);
      lastSeq = chart.seq;
      let series = metadata;
      for (const id of Object.keys(windows)) {
        if (!series.some((s) => s.id === id)) series = upsertSeries(series, seriesFromId(id));
      }
      update(() => ({ loading: false, error: null, windows, series, seq: lastSeq, now: Date.now() }));
      open();
    } catch (error) {
      if (abort.signal.aborted || stopped) return;
      update(() => ({ loading: false, error: errorMessage(error) }));
      scheduleRetry(() => void load(resume));
    }
  };

  const flushTimer = setInterval(flush, flushMs);
  const onOnline = (): void => controller.reconnect();
  window.addEventListener('online', onOnline);
  void load();

  const controller: Controller = {
    stop: () => {
      stopped = true;
      clearInterval(flushTimer);
      clearTimeout(retryTimer);
      loadAbort?.abort();
      window.removeEventListener('online', onOnline);
      closeSource();
    },
    reconnect: () => {
      if (stopped) return;
      clearTimeout(retryTimer);
      failures = 0;
      update(() => ({ status: 'connecting' }));
      if (lastSeq === null) void load();
      else open();
    },
  };
  return controller;
}

export function useTelemetryStream(options: TelemetryStreamOptions = {}): TelemetryStream {
  const [state, setState] = useState<TelemetryStreamState>(initialState);
  const controllerRef = useRef<Controller | null>(null);
  const {
    windowMs = HOUR_MS,
    width = 1000,
    flushMs = 250,
    backoff = DEFAULT_BACKOFF,
    offlineAfter = 3,
    random = Math.random,
    createEventSource = (url: string) => new EventSource(url),
  } = options;

  // Options are read once per connection; changing the window or width reconnects.
  const optionsRef = useRef({ backoff, offlineAfter, random, createEventSource, flushMs });
  useEffect(() => {
    optionsRef.current = { backoff, offlineAfter, random, createEventSource, flushMs };
  });

  useEffect(() => {
    const controller = startStream({ windowMs, width, ...optionsRef.current }, (patch) =>
      setState((s) => ({ ...s, ...patch(s) })),
    );
    controllerRef.current = controller;
    return () => {
      controller.stop();
      controllerRef.current = null;
    };
  }, [windowMs, width]);

  const reconnect = useCallback(() => controllerRef.current?.reconnect(), []);
  return { ...state, reconnect };
}
