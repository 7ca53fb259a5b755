/**
 * Records, through the DevTools protocol, what the live page receives: every `/api/chart`
 * answer and every SSE event, in arrival order. From that log, `heldPoints` rebuilds the
 * points the page holds per series with the dashboard's documented merge rule (a full-hour
 * chart answer replaces, a later one is appended, a sample at or before the newest held
 * timestamp is dropped) and `sseDuplicates` finds samples the stream sent twice.
 */
const HOUR_MS = 3_600_000;

export async function recordLiveTraffic(context, page) {
  const cdp = await context.newCDPSession(page);
  const log = [];
  const chartRequests = new Map();
  const pendingBodies = [];

  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (new URL(response.url).pathname === '/api/chart') chartRequests.set(requestId, response.url);
  });
  cdp.on('Network.loadingFinished', ({ requestId }) => {
    const url = chartRequests.get(requestId);
    if (!url) return;
    chartRequests.delete(requestId);
    // Reserve the slot now, so the log keeps arrival order while the body is fetched.
    const entry = { kind: 'chart', at: Date.now(), url, body: null };
    log.push(entry);
    pendingBodies.push(
      cdp
        .send('Network.getResponseBody', { requestId })
        .then(({ body }) => {
          entry.body = JSON.parse(body);
        })
        .catch((error) => {
          entry.error = String(error);
        }),
    );
  });
  cdp.on('Network.eventSourceMessageReceived', ({ eventName, eventId, data }) => {
    const entry = { kind: eventName, at: Date.now(), id: eventId };
    if (eventName === 'samples') entry.samples = JSON.parse(data).samples;
    log.push(entry);
  });
  await cdp.send('Network.enable');

  return {
    log,
    /** Waits for the chart bodies still being fetched. */
    settle: () => Promise.all(pendingBodies.splice(0)),
    charts: () => log.filter((e) => e.kind === 'chart'),
    events: (kind) => log.filter((e) => e.kind === kind),
    detach: () => cdp.detach().catch(() => {}),
  };
}

/** Points per series, as the page merges them; also counts what the merge dropped. */
export function heldPoints(log) {
  const held = new Map();
  const dropped = new Map();
  const append = (id, ts, value) => {
    const list = held.get(id) ?? [];
    held.set(id, list);
    const last = list.length ? list[list.length - 1][0] : -Infinity;
    if (ts <= last) {
      dropped.set(id, (dropped.get(id) ?? 0) + 1);
      return;
    }
    list.push([ts, value]);
  };
  for (const entry of log) {
    if (entry.kind === 'chart' && entry.body) {
      // The answer's own range: a live load leaves `to` to the server.
      const { from, to } = entry.body;
      const fullHour = to - from >= HOUR_MS - 1000;
      for (const s of entry.body.series) {
        if (fullHour) held.set(s.id, []);
        for (const [ts, value] of s.points) if (value !== null) append(s.id, ts, value);
      }
    } else if (entry.kind === 'samples') {
      const sorted = [...entry.samples].sort((a, b) => a.ts - b.ts);
      for (const s of sorted) append(s.series, s.ts, s.value);
    }
  }
  return { held, dropped };
}

/** `series@ts` of samples that the stream delivered more than once. */
export function sseDuplicates(log) {
  const seen = new Set();
  const twice = [];
  for (const entry of log) {
    if (entry.kind !== 'samples') continue;
    for (const s of entry.samples) {
      const key = `${s.series}@${s.ts}`;
      if (seen.has(key)) twice.push(key);
      seen.add(key);
    }
  }
  return twice;
}
