import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../../test/fake-event-source';
import { mockFetch, requested } from '../../../test/mock-fetch';
import { LivePage } from './live-page';

const POWER = 'electrolyzer-1/power_input';
const TEMP = 'electrolyzer-1/temperature';
const HOUR = 3_600_000;

const series = [
  { id: POWER, source: 'electrolyzer-1', signal: 'power_input', name: 'Power Input', unit: 'kW' },
  { id: TEMP, source: 'electrolyzer-1', signal: 'temperature', name: 'Temperature', unit: '°C' },
];

function setup() {
  const now = Date.now();
  // Power: one point per second over the whole hour, up to now.
  const power = Array.from({ length: 3600 }, (_, i) => [now - HOUR + (i + 1) * 1000, 600 + (i % 50)]);
  // Temperature: stopped ten minutes ago.
  const temp = Array.from({ length: 100 }, (_, i) => [now - 20 * 60_000 + i * 1000, 60 + i / 100]);
  return mockFetch({
    '/api/series': series,
    '/api/chart': (url: URL) => ({
      body: {
        from: Number(url.searchParams.get('from')),
        to: Number(url.searchParams.get('to')),
        seq: 77,
        series: [
          { id: POWER, points: power },
          { id: TEMP, points: temp },
        ],
      },
    }),
  });
}

const card = (name: string) => screen.getByRole('article', { name });

describe('LivePage', () => {
  beforeEach(() => {
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  it('shows one card per series with value, unit, stale marker and connection state', async () => {
    const fetchMock = setup();
    render(<LivePage />);
    await screen.findByRole('article', { name: 'Power Input' });
    expect(requested(fetchMock, '/api/chart')).toHaveLength(1);
    expect(FakeEventSource.latest().param('since')).toBe('77');

    expect(within(card('Power Input')).getByTestId('current-value')).toHaveTextContent('649.0');
    expect(within(card('Power Input')).getByText('kW', { selector: '.series-unit' })).toBeInTheDocument();
    expect(within(card('Power Input')).queryByTestId('stale-marker')).not.toBeInTheDocument();
    expect(within(card('Temperature')).getByTestId('stale-marker')).toHaveTextContent('stale');
    expect(screen.getByRole('region', { name: 'Source electrolyzer-1' })).toBeInTheDocument();

    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connecting');
    act(() => FakeEventSource.latest().open());
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Live');

    act(() =>
      FakeEventSource.latest().emit(
        'samples',
        { seq: 78, samples: [{ series: POWER, ts: Date.now() + 500, value: 700.25 }] },
        '78',
      ),
    );
    await waitFor(() => expect(within(card('Power Input')).getByTestId('current-value')).toHaveTextContent('700.25'));
  });

  it('draws at most about one point per pixel', async () => {
    setup();
    render(<LivePage />);
    const chart = (await screen.findByRole('article', { name: 'Power Input' })).querySelector('.chart')!;
    const svg = chart.querySelector('svg')!;
    const width = Number(svg.getAttribute('width'));
    const points = Number(chart.getAttribute('data-points'));
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThanOrEqual(width);
    expect(points).toBeLessThan(3600);
  });

  it('hides a series and keeps the choice in the URL', async () => {
    setup();
    const user = userEvent.setup();
    render(<LivePage />);
    await screen.findByRole('article', { name: 'Temperature' });
    await user.click(screen.getByRole('checkbox', { name: 'Temperature' }));
    expect(screen.queryByRole('article', { name: 'Temperature' })).not.toBeInTheDocument();
    expect(new URLSearchParams(window.location.search).getAll('hide')).toEqual([TEMP]);
  });

  it('pauses into a fixed range loaded from the API and resumes live', async () => {
    const fetchMock = setup();
    const user = userEvent.setup();
    render(<LivePage />);
    await screen.findByRole('article', { name: 'Power Input' });
    await user.click(screen.getByRole('button', { name: 'Pause' }));

    const paused = Number(new URLSearchParams(window.location.search).get('paused'));
    expect(paused).toBeGreaterThan(0);
    expect(screen.getByTestId('view-range')).toHaveTextContent('Paused');
    await waitFor(() => expect(requested(fetchMock, '/api/chart')).toHaveLength(2));
    const range = requested(fetchMock, '/api/chart')[1]!;
    expect(Number(range.searchParams.get('to'))).toBe(paused);
    expect(Number(range.searchParams.get('from'))).toBe(paused - HOUR);

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(window.location.search).toBe('');
    expect(screen.getByTestId('view-range')).toHaveTextContent('Last hour, live');
    // The stream was never interrupted.
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('opens a shared zoomed view from the URL', async () => {
    const from = Date.now() - 30 * 60_000;
    const to = from + 5 * 60_000;
    window.history.replaceState(null, '', `/?from=${from}&to=${to}`);
    const fetchMock = setup();
    render(<LivePage />);
    expect(await screen.findByText(/^Zoomed:/)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        requested(fetchMock, '/api/chart').some((u) => u.searchParams.get('from') === String(from)),
      ).toBe(true),
    );
    expect(screen.getByRole('button', { name: 'Back to live' })).toBeInTheDocument();
  });
});
