import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeEventSource, FakeEventSource } from '../../../test/fake-event-source';
import { mockFetch, requested } from '../../../test/mock-fetch';
import { useTelemetryStream, type TelemetryStreamOptions } from './use-telemetry-stream';

const NOW = Date.UTC(2026, 11, 4, 14, 0, 0);
const HOUR = 3_600_000;
const ID = 'electrolyzer-1/power_input';

const series = [
  { id: ID, source: 'electrolyzer-1', signal: 'power_input', name: 'Power Input', unit: 'kW' },
];

function chartAnswer(seq: number, points: [number, number][]) {
  return { from: NOW - HOUR, to: NOW, seq, series: [{ id: ID, points }] };
}

const options: TelemetryStreamOptions = {
  width: 1000,
  flushMs: 250,
  random: () => 0,
  backoff: { baseMs: 1000, maxMs: 8000 },
  createEventSource: createFakeEventSource,
};

async function flushTimers(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function samples(seq: number, list: [number, number][]) {
  return { seq, samples: list.map(([ts, value]) => ({ series: ID, ts, value })) };
}

describe('useTelemetryStream', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    FakeEventSource.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the hour from /api/chart, then opens the stream since its seq', async () => {
    const fetchMock = mockFetch({
      '/api/series': series,
      '/api/chart': chartAnswer(41, [
        [NOW - 2000, 1],
        [NOW - 1000, 2],
      ]),
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    expect(result.current.loading).toBe(true);
    await flushTimers(0);

    const [chartUrl] = requested(fetchMock, '/api/chart');
    expect(chartUrl?.searchParams.get('from')).toBe(String(NOW - HOUR));
    // No `to`: the server's now, so nothing it already counts in `seq` falls after the range.
    expect(chartUrl?.searchParams.get('to')).toBeNull();
    expect(chartUrl?.searchParams.get('width')).toBe('1000');

    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest().param('since')).toBe('41');
    expect(result.current.loading).toBe(false);
    expect(result.current.series.map((s) => s.unit)).toEqual(['kW']);
    expect(result.current.windows[ID]?.points.toArray()).toEqual([
      [NOW - 2000, 1],
      [NOW - 1000, 2],
    ]);

    act(() => FakeEventSource.latest().open());
    expect(result.current.status).toBe('live');
  });

  it('merges stream samples in batches without duplicating the chart overlap', async () => {
    mockFetch({
      '/api/series': series,
      '/api/chart': chartAnswer(7, [
        [NOW - 2000, 1],
        [NOW - 1000, 2],
      ]),
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    const es = FakeEventSource.latest();
    act(() => {
      es.open();
      es.emit('samples', samples(8, [[NOW - 1000, 2], [NOW, 3]]), '8');
    });
    // Throttled: nothing rendered before the flush interval.
    expect(result.current.windows[ID]?.points.length).toBe(2);
    await flushTimers(250);
    expect(result.current.windows[ID]?.points.toArray()).toEqual([
      [NOW - 2000, 1],
      [NOW - 1000, 2],
      [NOW, 3],
    ]);
    expect(result.current.seq).toBe(8);
  });

  it('after the browser gives up, reopens with since=last id after a growing jittered backoff', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(3, [[NOW - 1000, 1]]) });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit('samples', samples(12, [[NOW, 2]]), '12');
      first.fail();
    });
    expect(result.current.status).toBe('reconnecting');
    // random() = 0: half of 1000 ms for the first retry.
    await flushTimers(499);
    expect(FakeEventSource.instances).toHaveLength(1);
    await flushTimers(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().param('since')).toBe('12');
    expect(first.closed).toBe(true);

    // Second failure in a row waits twice as long.
    act(() => FakeEventSource.latest().fail());
    await flushTimers(999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await flushTimers(1);
    expect(FakeEventSource.instances).toHaveLength(3);

    // A successful open resets the backoff.
    act(() => FakeEventSource.latest().open());
    expect(result.current.status).toBe('live');
    act(() => FakeEventSource.latest().fail());
    await flushTimers(500);
    expect(FakeEventSource.instances).toHaveLength(4);
  });

  it('lets the browser retry by itself while CONNECTING', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(3, []) });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    act(() => {
      FakeEventSource.latest().open();
      FakeEventSource.latest().drop();
    });
    expect(result.current.status).toBe('reconnecting');
    await flushTimers(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    act(() => FakeEventSource.latest().open());
    expect(result.current.status).toBe('live');
  });

  it('reports offline after repeated failures and reconnects at once on demand', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(3, []) });
    const { result } = renderHook(() => useTelemetryStream({ ...options, offlineAfter: 2 }));
    await flushTimers(0);
    for (let i = 0; i < 3; i++) {
      act(() => FakeEventSource.latest().fail());
      if (i < 2) await flushTimers(10_000);
    }
    expect(result.current.status).toBe('offline');
    const count = FakeEventSource.instances.length;
    act(() => result.current.reconnect());
    expect(FakeEventSource.instances).toHaveLength(count + 1);
    expect(FakeEventSource.latest().param('since')).toBe('3');
  });

  it('reads offline while the network is down and reconnects when it is back', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(3, []) });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => {
      FakeEventSource.latest().open();
      FakeEventSource.latest().emit('samples', samples(4, [[NOW, 1]]), '4');
      FakeEventSource.latest().drop();
    });
    expect(result.current.status).toBe('offline');
    onLine.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
    expect(FakeEventSource.latest().param('since')).toBe('4');
  });

  it('on reset fetches the chart after the newest held point and reopens the stream from its seq', async () => {
    let chartCalls = 0;
    const fetchMock = mockFetch({
      '/api/series': series,
      '/api/chart': () => {
        chartCalls += 1;
        return chartCalls === 1
          ? { body: chartAnswer(5, [[NOW - 5000, 1]]) }
          : { body: chartAnswer(900, [[NOW - 5000, 1], [NOW + 1000, 4]]) };
      },
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit('reset', {});
    });
    await flushTimers(0);
    expect(requested(fetchMock, '/api/chart')).toHaveLength(2);
    expect(requested(fetchMock, '/api/chart')[1]?.searchParams.get('from')).toBe(String(NOW - 5000));
    expect(first.closed).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest().param('since')).toBe('900');
    expect(result.current.windows[ID]?.points.toArray()).toEqual([
      [NOW - 5000, 1],
      [NOW + 1000, 4],
    ]);
  });

  it('keeps raw live points across a reset and appends the missed ones once', async () => {
    let chartCalls = 0;
    mockFetch({
      '/api/series': series,
      '/api/chart': (url: URL) => {
        chartCalls += 1;
        if (chartCalls === 1) return { body: chartAnswer(5, [[NOW - 300, 1]]) };
        // The restarted backend answers from the requested point on, bounds inclusive; over
        // the whole hour its answer is decimated and leaves raw points out.
        const from = Number(url.searchParams.get('from'));
        const all: [number, number][] = [[NOW - 300, 1], [NOW - 200, 2], [NOW - 100, 3], [NOW, 4], [NOW + 100, 5]];
        const points = from < NOW - 1000 ? all.filter((_, i) => i % 2 === 0) : all.filter(([ts]) => ts >= from);
        return { body: { ...chartAnswer(900, points), from } };
      },
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit('samples', samples(6, [[NOW - 200, 2], [NOW - 100, 3]]), '6');
      first.emit('reset', {});
    });
    await flushTimers(0);
    expect(FakeEventSource.latest().param('since')).toBe('900');
    expect(result.current.windows[ID]?.points.toArray()).toEqual([
      [NOW - 300, 1],
      [NOW - 200, 2],
      [NOW - 100, 3],
      [NOW, 4],
      [NOW + 100, 5],
    ]);
  });

  it('adds a series announced by the stream', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(1, []) });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    act(() =>
      FakeEventSource.latest().emit('series', {
        id: 'electrolyzer-2/temperature',
        source: 'electrolyzer-2',
        signal: 'temperature',
        name: 'Temperature',
        unit: '°C',
      }),
    );
    expect(result.current.series.map((s) => s.id)).toEqual([ID, 'electrolyzer-2/temperature']);
  });

  it('keeps the window to the last hour as time moves', async () => {
    mockFetch({
      '/api/series': series,
      '/api/chart': chartAnswer(1, [
        [NOW - HOUR + 1000, 1],
        [NOW - 1000, 2],
      ]),
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    act(() => FakeEventSource.latest().emit('samples', samples(2, [[NOW + 5000, 3]]), '2'));
    await flushTimers(5000);
    expect(result.current.windows[ID]?.points.toArray().map((p) => p[0])).toEqual([NOW - 1000, NOW + 5000]);
  });

  it('shows the API error of a failed load and retries with backoff', async () => {
    let fail = true;
    mockFetch({
      '/api/series': series,
      '/api/chart': () =>
        fail
          ? { status: 503, body: { error: { code: 'unavailable', message: 'store not ready' } } }
          : { body: chartAnswer(2, []) },
    });
    const { result } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    expect(result.current.error).toBe('store not ready');
    expect(FakeEventSource.instances).toHaveLength(0);
    fail = false;
    await flushTimers(500);
    expect(result.current.error).toBeNull();
    expect(FakeEventSource.latest().param('since')).toBe('2');
  });

  it('closes the stream on unmount', async () => {
    mockFetch({ '/api/series': series, '/api/chart': chartAnswer(1, []) });
    const { unmount } = renderHook(() => useTelemetryStream(options));
    await flushTimers(0);
    unmount();
    expect(FakeEventSource.latest().closed).toBe(true);
  });
});
