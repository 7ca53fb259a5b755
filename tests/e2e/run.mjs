/**
 * Whole-system checks in a real browser: mosquitto, telemetry-backend (SQLite) and
 * telemetry-producer (an hour of backfill) on free loopback ports, the built dashboard in
 * Debian's chromium. Prints `e2e: N passed, M failed` and exits non-zero on any failure.
 *
 * Environment: BUILD_DIR (default build), CHROMIUM (default /usr/bin/chromium),
 * E2E_LONGTASK_WINDOW_MS (default 60000), E2E_UPDATE_SCREENSHOTS=1 (write
 * docs/screenshots/*.png; otherwise they go to the temp folder only).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heldPoints, recordLiveTraffic, sseDuplicates } from './lib/recorder.mjs';
import { REPO, Stack } from './lib/stack.mjs';
import { closeTo, distribution, referenceStats } from './lib/stats.mjs';

if (!existsSync(path.join(REPO, 'tests', 'e2e', 'node_modules', 'playwright-core'))) {
  console.error('e2e: playwright-core is not installed: run scripts/bootstrap (npm ci in tests/e2e)');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
const { launch } = await import('./lib/browser.mjs');

const SOURCE = 'electrolyzer-1';
const SIGNALS = ['power_input', 'water_flow', 'temperature', 'h2_production', 'efficiency'];
const SERIES = SIGNALS.map((s) => `${SOURCE}/${s}`);
const HOUR_MS = 3_600_000;
const LONGTASK_WINDOW_MS = Number(process.env.E2E_LONGTASK_WINDOW_MS || 60_000);
const LONGTASK_SETTLE_MS = 5_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (...args) => console.log(`[${elapsed()}]`, ...args);

const results = [];
async function check(name, fn) {
  const t0 = Date.now();
  log(`--- ${name}`);
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push({ name, ok: false, error });
    log(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n${error?.stack ?? error}`);
  }
}

async function waitUntil(what, predicate, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Backfill done: every series has data from about an hour ago up to now. */
async function waitForBackfill(stack) {
  await waitUntil(
    'an hour of backfill in every series',
    async () => {
      const { stats } = await stack.api('/api/stats');
      const now = Date.now();
      return SERIES.every((id) => {
        const row = stats.find((s) => s.series === id);
        return row && row.count > 30_000 && row.first_ts <= now - HOUR_MS + 120_000 && row.last_ts >= now - 5_000;
      });
    },
    60_000,
    500,
  );
}

const connectionState = (page) => page.getAttribute('[data-testid=connection-status]', 'data-state');

/** What each series card shows: last sample time (title), value text, plotted extents. */
async function readCards(page) {
  return page.$$eval('article[data-series]', (cards) =>
    cards.map((card) => {
      const chart = card.querySelector('.chart');
      const clip = chart?.querySelector('clipPath rect');
      const line = chart?.querySelector('path.recharts-line-curve');
      const xs = [...(line?.getAttribute('d') ?? '').matchAll(/[ML]\s*(-?[\d.]+)[ ,]\s*(-?[\d.]+)/g)].map((m) => Number(m[1]));
      return {
        id: card.getAttribute('data-series'),
        name: card.querySelector('.series-name')?.textContent ?? '',
        value: card.querySelector('[data-testid=current-value]')?.textContent ?? '',
        unit: card.querySelector('.series-unit')?.textContent ?? '',
        lastSample: card.querySelector('.series-current')?.getAttribute('title') ?? '',
        dataPoints: Number(chart?.getAttribute('data-points') ?? 0),
        plotLeft: Number(clip?.getAttribute('x') ?? NaN),
        plotWidth: Number(clip?.getAttribute('width') ?? NaN),
        minX: xs.length ? Math.min(...xs) : NaN,
        maxX: xs.length ? Math.max(...xs) : NaN,
        segments: (line?.getAttribute('d') ?? '').split('M').length - 1,
      };
    }),
  );
}

// "Last sample 2026-12-04 14:03:27.120" in the page's zone (the browser runs in UTC).
const lastSampleTs = (title) => {
  const m = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(title);
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : NaN;
};

async function main() {
  const stack = new Stack();
  const shots = process.env.E2E_UPDATE_SCREENSHOTS === '1' ? path.join(REPO, 'docs', 'screenshots') : path.join(stack.dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  let browser;
  // Interrupted (Ctrl-C, make killed): stop what was started, by pid, then leave.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      log(`${signal}: stopping the stack`);
      if (browser) await browser.close();
      await stack.stop();
      process.exit(130);
    });
  }
  try {
    stack.preflight();
    log(`stack in ${stack.dir}`);
    await stack.start();
    log(`mosquitto :${stack.mqttPort}, backend ${stack.baseUrl}, producer backfilling 1h`);
    await waitForBackfill(stack);
    log('backfill complete');

    browser = await launch({ downloadsPath: path.join(stack.dir, 'downloads') });
    const { context } = browser;
    const page = context.pages()[0] ?? (await context.newPage());
    const traffic = await recordLiveTraffic(context, page);
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));

    await check('live page: five series, a full hour each, last values advancing', async () => {
      await page.goto(`${stack.baseUrl}/`);
      await page.waitForSelector('[data-testid=connection-status][data-state=live]', { timeout: 20_000 });
      await waitUntil('five charts with data', async () => {
        const cards = await readCards(page);
        return cards.length === 5 && cards.every((c) => c.dataPoints > 0 && Number.isFinite(c.minX));
      }, 15_000);
      const loadedAt = Date.now();
      const cards = await readCards(page);
      assert.deepEqual(cards.map((c) => c.id).sort(), [...SERIES].sort(), 'the five electrolyzer series are shown');
      assert.equal((await page.textContent('[data-testid=view-range]')).trim(), 'Last hour, live');

      // The hour the page loaded: its own /api/chart answer covers the whole hour.
      await traffic.settle();
      const [first] = traffic.charts();
      assert.ok(first?.body, 'the page loaded /api/chart');
      const span = first.body.to - first.body.from;
      assert.ok(Math.abs(span - HOUR_MS) < 1000, `chart range is an hour (${span} ms)`);
      for (const id of SERIES) {
        const s = first.body.series.find((x) => x.id === id);
        assert.ok(s && s.points.length > 1000, `${id}: chart answer has the hour (${s?.points.length} points)`);
        const [t0] = s.points[0];
        const [t1] = s.points[s.points.length - 1];
        assert.ok(t0 - first.body.from < 2 * 60_000, `${id}: first point ${((t0 - first.body.from) / 1000).toFixed(1)} s after now-1h`);
        assert.ok(first.body.to - t1 < 5_000, `${id}: last point ${((first.body.to - t1) / 1000).toFixed(1)} s before now`);
      }

      // What is drawn: the line spans the plot from about now-1h to about now.
      for (const c of cards) {
        assert.ok(c.plotWidth > 200, `${c.id}: plot width ${c.plotWidth}`);
        const msPerPx = HOUR_MS / c.plotWidth;
        const startGap = (c.minX - c.plotLeft) * msPerPx;
        const endGap = (c.plotLeft + c.plotWidth - c.maxX) * msPerPx;
        assert.ok(Math.abs(startGap) < 3 * 60_000, `${c.id}: earliest plotted point at now-1h${startGap >= 0 ? '+' : ''}${(startGap / 1000).toFixed(0)} s`);
        assert.ok(Math.abs(endGap) < 30_000, `${c.id}: latest plotted point ${(endGap / 1000).toFixed(0)} s before now`);
        assert.ok(c.dataPoints > c.plotWidth / 4, `${c.id}: ${c.dataPoints} points drawn across the hour`);
        assert.ok(c.dataPoints <= 2 * c.plotWidth + 8, `${c.id}: ${c.dataPoints} points for ${c.plotWidth} px, at most ~2 per pixel`);
        assert.equal(c.segments, 1, `${c.id}: the hour is drawn without breaks`);
        assert.ok(c.unit.length > 0, `${c.id}: unit shown`);
        log(`  ${c.id}: ${c.dataPoints} points over ${c.plotWidth.toFixed(0)} px, starts now-1h${startGap >= 0 ? '+' : ''}${(startGap / 1000).toFixed(0)} s, value ${c.value} ${c.unit}`);
      }

      // The displayed last value advances: the last-sample time moves and the value changes.
      const before = new Map(cards.map((c) => [c.id, c]));
      const changed = new Set();
      await waitUntil('every card to show a newer sample and a new value', async () => {
        for (const c of await readCards(page)) {
          const b = before.get(c.id);
          if (lastSampleTs(c.lastSample) > lastSampleTs(b.lastSample) && c.value !== b.value) changed.add(c.id);
        }
        return changed.size === SERIES.length;
      }, 8_000, 250);
      for (const c of await readCards(page)) {
        const ts = lastSampleTs(c.lastSample);
        assert.ok(Date.now() - ts < 3_000, `${c.id}: last sample ${Date.now() - ts} ms old`);
      }
      log(`  values advanced within ${((Date.now() - loadedAt) / 1000).toFixed(1)} s`);
    });

    await check('restart: the page reconnects by itself, no gap and no duplicate around the restart', async () => {
      await page.waitForSelector('[data-testid=connection-status][data-state=live]', { timeout: 10_000 });
      // Enough live data before the stop that the window below lies after the page's first load.
      await sleep(6_000);
      const stopAt = Date.now();
      const exit = await stack.stopBackend();
      assert.equal(exit.exitCode, 0, `backend exits 0 on SIGTERM (${JSON.stringify(exit)})`);
      await waitUntil('the page to notice the lost stream', async () => (await connectionState(page)) !== 'live', 10_000, 100);
      await sleep(1_500);
      await stack.startBackend();
      const restartedAt = Date.now();
      await waitUntil('the connection indicator back to live', async () => (await connectionState(page)) === 'live', 20_000, 100);
      const liveAgainAt = Date.now();
      log(`  backend down ${((restartedAt - stopAt) / 1000).toFixed(1)} s, page live again ${((liveAgainAt - restartedAt) / 1000).toFixed(1)} s after restart`);

      // Let data flow past the window, then compare what the page holds with the store.
      const windowFrom = stopAt - 5_000;
      const windowTo = liveAgainAt + 5_000;
      await sleep(windowTo - Date.now() + 3_000);
      await traffic.settle();
      const fills = traffic.charts().slice(1).map((c) => `${((stopAt - Number(new URL(c.url).searchParams.get('from'))) / 1000).toFixed(1)} s before the stop`);
      log(`  stream: ${traffic.events('reset').length} reset event(s); chart requests after the first load from ${fills.join(', ') || 'none'}`);
      const duplicates = sseDuplicates(traffic.log);
      assert.deepEqual(duplicates.slice(0, 5), [], `the stream sent ${duplicates.length} samples twice`);
      const { held, dropped } = heldPoints(traffic.log);
      for (const id of SERIES) {
        const history = await stack.history(id, windowFrom, windowTo);
        const shown = (held.get(id) ?? []).filter(([ts]) => ts >= windowFrom && ts <= windowTo);
        assert.ok(history.length > 100, `${id}: history has the window (${history.length} points)`);
        const pageTs = shown.map(([ts]) => ts);
        const historyTs = history.map(([ts]) => ts);
        const missing = historyTs.filter((ts) => !pageTs.includes(ts));
        const extra = pageTs.filter((ts) => !historyTs.includes(ts));
        assert.deepEqual(
          { missing: missing.slice(0, 5), extra: extra.slice(0, 5), count: pageTs.length },
          { missing: [], extra: [], count: historyTs.length },
          `${id}: page holds every history point of the restart window once (missing ${missing.length}, extra ${extra.length})`,
        );
        assert.deepEqual(pageTs, historyTs, `${id}: same points in the same order`);
        for (let i = 0; i < shown.length; i++) assert.equal(shown[i][1], history[i][1], `${id}: value at ${shown[i][0]}`);
        log(`  ${id}: ${historyTs.length} points in the window, all held once (merge dropped ${dropped.get(id) ?? 0} repeats)`);
      }
      // And the page is still moving.
      const cards = await readCards(page);
      for (const c of cards) assert.ok(lastSampleTs(c.lastSample) > restartedAt, `${c.id}: shows samples after the restart`);
    });
    await traffic.detach();

    await check('screenshot: live page', async () => {
      await page.waitForSelector('[data-testid=connection-status][data-state=live]', { timeout: 10_000 });
      await sleep(1_000);
      const file = path.join(shots, 'live.png');
      await page.screenshot({ path: file });
      assert.ok(statSync(file).size > 20_000, 'live screenshot written');
      log(`  ${path.relative(REPO, file).startsWith('..') ? file : path.relative(REPO, file)}`);
    });

    await check('history: statistics and CSV of the last 15 minutes match the raw points', async () => {
      const history = await context.newPage();
      history.on('pageerror', (e) => consoleErrors.push(String(e)));
      const statsRequests = [];
      history.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/stats') statsRequests.push(new URL(r.url()));
      });
      await history.goto(`${stack.baseUrl}/history`);
      const form = history.getByRole('form', { name: 'History query' });
      await form.waitFor({ timeout: 15_000 });
      await form.getByRole('button', { name: 'None' }).click();
      await form.getByRole('button', { name: 'All' }).click();
      for (const box of await form.getByRole('checkbox').all()) assert.ok(await box.isChecked(), 'all series selected');
      assert.equal(await form.getByRole('checkbox').count(), 5);
      await form.getByRole('button', { name: 'Last 15 min' }).click();
      // A person takes a moment before submitting; samples up to `to` are all in by then.
      await sleep(1_500);
      await form.getByRole('button', { name: 'Show' }).click();
      await history.waitForURL(/from=\d+/);
      const url = new URL(history.url());
      const from = Number(url.searchParams.get('from'));
      const to = Number(url.searchParams.get('to'));
      assert.deepEqual(url.searchParams.getAll('series').sort(), [...SERIES].sort(), 'URL names the five series');
      assert.ok(Math.abs(to - from - 15 * 60_000) <= 1000, `range is 15 min (${to - from} ms)`);
      assert.ok(Date.now() - to < 30_000, 'range ends now');
      await history.waitForSelector('[data-testid^=stats-row-]', { timeout: 15_000 });
      await waitUntil('five statistics rows', async () => (await history.locator('[data-testid^=stats-row-]').count()) === 5, 10_000);
      const requested = statsRequests.at(-1);
      assert.ok(requested, 'the page asked /api/stats');
      assert.equal(Number(requested.searchParams.get('from')), from, 'stats request uses the URL range');
      assert.equal(Number(requested.searchParams.get('to')), to, 'stats request uses the URL range');

      const rows = await history.$$eval('[data-testid^=stats-row-]', (trs) =>
        trs.map((tr) => ({
          series: tr.getAttribute('data-series'),
          cells: Object.fromEntries(
            [...tr.querySelectorAll('td[data-testid^=stat-]')].map((td) => [
              td.getAttribute('data-testid').slice('stat-'.length),
              { value: td.getAttribute('data-value'), text: td.textContent },
            ]),
          ),
        })),
      );
      const counts = new Map();
      for (const id of SERIES) {
        const row = rows.find((r) => r.series === id);
        assert.ok(row, `${id}: statistics row shown`);
        const points = await stack.history(id, from, to, 5000);
        const ref = referenceStats(points.map(([, v]) => v));
        const shown = Object.fromEntries(Object.entries(row.cells).map(([k, c]) => [k, Number(c.value)]));
        assert.equal(shown.count, ref.count, `${id}: count`);
        assert.equal(row.cells.count.text, String(ref.count), `${id}: count as displayed`);
        assert.ok(ref.count > 8000, `${id}: 15 min at 10 Hz (${ref.count})`);
        for (const key of ['min', 'max', 'mean', 'p95', 'p50', 'p99', 'stddev']) {
          assert.ok(closeTo(shown[key], ref[key]), `${id}: ${key} shown ${shown[key]}, reference ${ref[key]}`);
        }
        counts.set(id, { count: ref.count, ts: points.map(([ts]) => ts) });
        log(`  ${id}: count ${ref.count}, min ${ref.min.toFixed(3)}, max ${ref.max.toFixed(3)}, mean ${ref.mean.toFixed(4)}, p95 ${ref.p95.toFixed(4)} equal`);
      }

      // Each CSV link downloads exactly the raw points of the range.
      const csvSection = history.getByRole('region', { name: 'Download CSV' });
      for (const id of SERIES) {
        const name = await history.$eval(`[data-testid="stats-row-${id}"] th`, (th) => th.textContent.replace(/ \(.*\)$/, ''));
        const link = csvSection.getByRole('link', { name: `${name} (CSV)` });
        const [download] = await Promise.all([history.waitForEvent('download', { timeout: 15_000 }), link.click()]);
        const file = await download.path();
        const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
        assert.equal(lines[0], 'series,ts,time,value', `${id}: CSV header`);
        const rowsCsv = lines.slice(1);
        const { count, ts } = counts.get(id);
        assert.equal(rowsCsv.length, count, `${id}: CSV has ${rowsCsv.length} rows, statistics count ${count}`);
        const csvTs = rowsCsv.map((l) => Number(l.split(',')[1]));
        assert.deepEqual(csvTs, ts, `${id}: CSV rows are the raw points`);
        const [s0, , time0] = rowsCsv[0].split(',');
        assert.equal(s0, id);
        assert.equal(Date.parse(time0), csvTs[0], `${id}: time column is ISO 8601 of ts`);
        log(`  ${id}: ${download.suggestedFilename()} has ${rowsCsv.length} rows`);
      }

      // Raw points: the table loads every page through the cursor.
      const points = history.getByRole('region', { name: 'Raw points' });
      await points.getByRole('button', { name: 'Load all' }).click();
      const tableSeries = await history.$eval('.history-page select', (el) => el.value);
      await waitUntil('all raw points loaded', async () => /\(all\)/.test(await history.textContent('[data-testid=points-loaded]')), 15_000);
      const loadedText = await history.textContent('[data-testid=points-loaded]');
      assert.equal(Number(loadedText.split(' ')[0].replace(/,/g, '')), counts.get(tableSeries).count, `raw points table of ${tableSeries}: ${loadedText}`);
      log(`  raw points table of ${tableSeries}: ${loadedText}`);

      await history.locator('.recharts-line-curve').first().waitFor({ timeout: 10_000 });
      // The form and the statistics at the top, as a user first sees the answer.
      await history.evaluate(() => window.scrollTo(0, 0));
      await sleep(500);
      const file = path.join(shots, 'history.png');
      await history.screenshot({ path: file });
      assert.ok(statSync(file).size > 20_000, 'history screenshot written');
      await history.close();
    });

    await check(`performance: long tasks and main-thread work during ${LONGTASK_WINDOW_MS / 1000} s of live updates`, async () => {
      await page.close();
      const windows = [];
      // One retry: this machine is shared and noisy; a budget missed twice is a real regression.
      for (let attempt = 1; attempt <= 2; attempt++) {
        const m = await measureLongTasks(context, stack);
        const problems = longTaskBudgetProblems(m);
        windows.push({ ...m, problems });
        log(
          `  window ${attempt}: ${m.inWindow.length} long tasks > 50 ms, ${(m.share * 100).toFixed(0)}% of the window; ` +
            `tasks ${distribution(m.inWindow)}; frames ${distribution(m.frames)}; main-thread CPU ${m.cpuPerSecond.toFixed(0)} ms/s; ` +
            `${m.startup.length} long tasks during start-up (not counted); load average ${m.load}`,
        );
        if (m.inWindow.length > 0) log(`  strict goal (no long task at all) missed: ${m.inWindow.length} long tasks`);
        if (problems.length === 0) break;
        log(`  over budget: ${problems.join('; ')}`);
      }
      const last = windows[windows.length - 1];
      assert.deepEqual(last.problems, [], `long-task budget missed in ${windows.length} windows`);
    });

    if (consoleErrors.length) log(`browser console errors:\n  ${consoleErrors.join('\n  ')}`);
    await check('no script errors in the pages', async () => {
      const errors = consoleErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(e));
      assert.deepEqual(errors, []);
    });
  } catch (error) {
    results.push({ name: 'set-up', ok: false, error });
    log(`FAIL set-up\n${error?.stack ?? error}`);
  } finally {
    if (browser) await browser.close();
    const failed = results.filter((r) => !r.ok);
    if (failed.length) console.log(stack.logTails(20));
    await stack.stop({ keepDir: failed.length > 0 });
    if (failed.length) log(`logs kept in ${stack.dir}`);
    log(`${failed.length ? `failed: ${failed.map((r) => r.name).join('; ')}` : 'all checks passed'}`);
    // Alone on its line, the summary that CI reads.
    console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
    process.exitCode = failed.length ? 1 : 0;
  }
}

/**
 * The budget asserted for a window of live updates. The goal is no long task (over 50 ms)
 * at all: each chart's update is rendered in a task of its own (~15-20 ms on this 2-core
 * machine, M4 at about one point per pixel), at most once a second (the hour moves ~3 s per
 * pixel), so a quiet machine sees none. A shared machine stretches a task now and then (another
 * process takes the core, a garbage collection), so the assertion allows a few long tasks
 * per minute, none freezing, and keeps the work done in check:
 *
 * - at most 20 long tasks per minute (before: 170-270, one per tick; now 0-4 at load 2-4);
 * - the 99th percentile long task at most 200 ms (before: 115-440 ms; now 2-4 a minute of
 *   80-140 ms remain, likely garbage collection of the hour copied per tick);
 * - the main thread spends at most 250 ms CPU per second (before: 280-370; now 110-135);
 * - the median frame interval at most 25 ms.
 *
 * Rendering all charts in one task again, a render per stream event or undecimated charts
 * break it.
 */
const LONGTASK_BUDGET = { maxPerMinute: 20, maxP99Ms: 200, maxCpuMsPerSecond: 250, maxMedianFrameMs: 25 };

function longTaskBudgetProblems({ inWindow, cpuPerSecond, frames }) {
  const problems = [];
  const sorted = [...inWindow].sort((a, b) => a - b);
  const p99 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] : 0;
  const perMinute = (inWindow.length * 60_000) / LONGTASK_WINDOW_MS;
  const framesSorted = [...frames].sort((a, b) => a - b);
  const medianFrame = framesSorted.length ? framesSorted[framesSorted.length >> 1] : Infinity;
  if (perMinute > LONGTASK_BUDGET.maxPerMinute) problems.push(`${perMinute.toFixed(0)} long tasks per minute (budget ${LONGTASK_BUDGET.maxPerMinute})`);
  if (p99 > LONGTASK_BUDGET.maxP99Ms) problems.push(`99th percentile long task ${p99.toFixed(0)} ms (budget ${LONGTASK_BUDGET.maxP99Ms} ms)`);
  if (!(cpuPerSecond <= LONGTASK_BUDGET.maxCpuMsPerSecond)) problems.push(`main thread ${cpuPerSecond.toFixed(0)} ms CPU per second (budget ${LONGTASK_BUDGET.maxCpuMsPerSecond})`);
  if (medianFrame > LONGTASK_BUDGET.maxMedianFrameMs) problems.push(`median frame interval ${medianFrame.toFixed(1)} ms (budget ${LONGTASK_BUDGET.maxMedianFrameMs} ms)`);
  return problems;
}

/**
 * Opens the live page fresh, waits for it to settle, then collects `longtask` entries
 * (buffered, so nothing before the observer is missed) for one window of live updates.
 */
async function measureLongTasks(context, stack) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  try {
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForSelector('[data-testid=connection-status][data-state=live]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('article[data-series] path.recharts-line-curve').length === 5, null, { timeout: 15_000 });
    await sleep(LONGTASK_SETTLE_MS);
    const cpuStart = await threadTime();
    const windowStart = await page.evaluate(() => performance.now());
    // Frame-to-frame intervals, as a second view of smoothness for the report.
    await page.evaluate((ms) => {
      const end = performance.now() + ms;
      let prev = performance.now();
      const tick = (t) => {
        window.__frames.push(t - prev);
        prev = t;
        if (t < end) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, LONGTASK_WINDOW_MS);
    await sleep(LONGTASK_WINDOW_MS);
    const state = await connectionState(page);
    assert.equal(state, 'live', 'stayed live during the window');
    const cpu = (await threadTime()) - cpuStart;
    const { tasks, frames } = await page.evaluate(() => ({ tasks: window.__longTasks, frames: window.__frames }));
    const inWindow = tasks.filter((t) => t.start >= windowStart).map((t) => t.duration);
    return {
      inWindow,
      share: inWindow.reduce((sum, d) => sum + d, 0) / LONGTASK_WINDOW_MS,
      startup: tasks.filter((t) => t.start < windowStart).map((t) => t.duration),
      frames,
      cpuPerSecond: (cpu * 1000) / (LONGTASK_WINDOW_MS / 1000),
      load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
    };
  } finally {
    await page.close();
  }
}

await main();
