import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fromDateTimeLocal } from '../../../lib/format';
import { mockFetch, requested } from '../../../test/mock-fetch';
import { HistoryPage } from './history-page';

const POWER = 'electrolyzer-1/power_input';
const TEMP = 'electrolyzer-1/temperature';

const series = [
  { id: POWER, source: 'electrolyzer-1', signal: 'power_input', name: 'Power Input', unit: 'kW' },
  { id: TEMP, source: 'electrolyzer-1', signal: 'temperature', name: 'Temperature', unit: '°C' },
];

function statsRow(id: string, count: number, mean: number) {
  return {
    series: id,
    count,
    min: mean - 10,
    max: mean + 10,
    mean,
    stddev: 2.5,
    p50: mean,
    p95: mean + 8,
    p99: mean + 9.5,
    first_ts: 1,
    last_ts: 2,
  };
}

const routes = {
  '/api/series': series,
  '/api/stats': { stats: [statsRow(POWER, 3600, 612.4), statsRow(TEMP, 3599, 65.25)] },
  '/api/chart': { from: 0, to: 1, seq: 1, series: [{ id: POWER, points: [[0, 1]] }] },
  '/api/history': (url: URL) => ({
    body: {
      series: url.searchParams.get('series'),
      points: [
        [1000, 1.5],
        [2000, 2.5],
      ],
      next: null,
    },
  }),
};

async function renderForm() {
  render(<HistoryPage />);
  return screen.findByRole('form', { name: 'History query' });
}

describe('HistoryPage', () => {
  it('shows statistics per series for the default last hour', async () => {
    const fetchMock = mockFetch(routes);
    const user = userEvent.setup();
    await renderForm();
    // Every series is selected by default.
    expect(screen.getByRole('checkbox', { name: /Power Input/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Temperature/ })).toBeChecked();
    const from = fromDateTimeLocal((screen.getByLabelText('From') as HTMLInputElement).value);
    const to = fromDateTimeLocal((screen.getByLabelText('To') as HTMLInputElement).value);
    expect(to! - from!).toBe(3_600_000);

    await user.click(screen.getByRole('button', { name: 'Show' }));
    const table = await screen.findByTestId('stats-table');

    const [statsUrl] = requested(fetchMock, '/api/stats');
    expect(statsUrl?.searchParams.getAll('series')).toEqual([POWER, TEMP]);
    expect(statsUrl?.searchParams.get('from')).toBe(String(from));
    expect(statsUrl?.searchParams.get('to')).toBe(String(to));

    const power = within(table).getByTestId(`stats-row-${POWER}`);
    expect(within(power).getByRole('rowheader')).toHaveTextContent('Power Input (kW)');
    expect(within(power).getByTestId('stat-count')).toHaveTextContent('3600');
    expect(within(power).getByTestId('stat-mean')).toHaveTextContent('612.40');
    expect(within(power).getByTestId('stat-p95')).toHaveAttribute('data-value', '620.4');
    expect(within(power).getByTestId('stat-min')).toHaveTextContent('602.40');
    expect(within(power).getByTestId('stat-max')).toHaveTextContent('622.40');
    const temp = within(table).getByTestId(`stats-row-${TEMP}`);
    expect(within(temp).getByTestId('stat-count')).toHaveTextContent('3599');
    expect(within(temp).getByTestId('stat-stddev')).toHaveTextContent('2.500');

    // One CSV link per series, for exactly the range asked.
    const csv = screen.getByTestId(`csv-${POWER}`);
    const href = new URL(csv.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/api/history');
    expect(href.searchParams.get('format')).toBe('csv');
    expect(href.searchParams.get('series')).toBe(POWER);
    expect(href.searchParams.get('from')).toBe(String(from));
    expect(href.searchParams.get('to')).toBe(String(to));
    expect(csv).toHaveAttribute('download');

    expect(await screen.findByTestId('points-loaded')).toHaveTextContent('2 points loaded (all)');
    expect(within(screen.getByTestId('points-table')).getAllByRole('row')).toHaveLength(3);
    // The query is in the URL so the result can be shared.
    expect(new URLSearchParams(window.location.search).getAll('series')).toEqual([POWER, TEMP]);

    // Showing the same range again refreshes it.
    await user.click(screen.getByRole('button', { name: 'Show' }));
    await screen.findByTestId('stats-table');
    expect(requested(fetchMock, '/api/stats')).toHaveLength(2);
  });

  it('validates the range and the series next to the fields', async () => {
    const fetchMock = mockFetch(routes);
    const user = userEvent.setup();
    await renderForm();
    const fromInput = screen.getByLabelText('From');
    const toInput = screen.getByLabelText('To');
    fireEvent.change(toInput, { target: { value: (fromInput as HTMLInputElement).value } });
    await user.click(screen.getByRole('button', { name: 'None' }));
    await user.click(screen.getByRole('button', { name: 'Show' }));

    expect(toInput).toHaveAttribute('aria-invalid', 'true');
    expect(toInput).toHaveAccessibleDescription('End must be later than start.');
    expect(screen.getByText('Choose at least one series.')).toBeInTheDocument();
    expect(requested(fetchMock, '/api/stats')).toHaveLength(0);

    // Fixing the fields clears the messages.
    await user.click(screen.getByRole('button', { name: 'Last 15 min' }));
    await user.click(screen.getByRole('checkbox', { name: /Temperature/ }));
    expect(toInput).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Choose at least one series.')).not.toBeInTheDocument();
    const span =
      fromDateTimeLocal((toInput as HTMLInputElement).value)! -
      fromDateTimeLocal((fromInput as HTMLInputElement).value)!;
    expect(span).toBe(15 * 60_000);

    await user.click(screen.getByRole('button', { name: 'Show' }));
    await screen.findByTestId('stats-table');
    expect(requested(fetchMock, '/api/stats')[0]?.searchParams.getAll('series')).toEqual([TEMP]);
  });

  it('shows the API error message', async () => {
    mockFetch({
      ...routes,
      '/api/stats': () => ({ status: 400, body: { error: { code: 'bad_request', message: 'unknown series: x/y' } } }),
    });
    const user = userEvent.setup();
    await renderForm();
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const alert = await screen.findByText(/unknown series: x\/y/);
    expect(alert.closest('[role="alert"]')).toHaveTextContent('Could not load statistics');
  });

  it('shows an error when the series list cannot be loaded', async () => {
    mockFetch({
      '/api/series': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'store not ready' } } }),
    });
    render(<HistoryPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('store not ready');
  });

  it('pages raw points with the API cursor', async () => {
    const fetchMock = mockFetch({
      ...routes,
      '/api/history': (url: URL) => {
        const cursor = url.searchParams.get('cursor');
        const base = cursor ? Number(cursor) : 0;
        const points = Array.from({ length: 1000 }, (_, i) => [base + i, i]);
        return { body: { series: POWER, points, next: base < 2000 ? String(base + 1000) : null } };
      },
    });
    const user = userEvent.setup();
    await renderForm();
    await user.click(screen.getByRole('checkbox', { name: /Temperature/ }));
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText(/1,000 points loaded, more available/)).toBeInTheDocument();
    // Only a screenful of rows is rendered.
    expect(within(screen.getByTestId('points-table')).getAllByRole('row').length).toBeLessThan(60);

    await user.click(screen.getByRole('button', { name: 'Load all' }));
    await waitFor(() => expect(screen.getByTestId('points-loaded')).toHaveTextContent('3,000 points loaded (all)'));
    const cursors = requested(fetchMock, '/api/history').map((u) => u.searchParams.get('cursor'));
    expect(cursors).toEqual([null, '1000', '2000']);
  });
});
