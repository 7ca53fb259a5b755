"""Restarting one program of the stack while the standard load runs, then counting.

The backend restart faults (SIGTERM, SIGKILL, a long outage) and the broker restart share
this: start mosquitto and the backend, run the two producers for a fixed duration, stop
the victim with a signal at evenly spaced moments, keep it down for a while, start it again,
and finally count in the store what the producers published. Per restart it measures:
  stop_s      signal -> the process has exited
  ready_s     start -> /readyz answers 200 (for the broker: -> the backend is ready again)
  recovery_s  signal -> ingest has caught up: every series' latest sample in the backend is
              less than a second old (what the broker queued meanwhile is drained)
and after the producers end, catchup_s: their end -> the store holds everything.
"""

import signal
import threading
import time

from . import http, ledger
from .stack import Backend, Broker, log, wait_until

LIVE_LAG_MS = 1000  # ingest counts as caught up when its latest sample is this fresh


def latest_ts(backend, keys):
    """The latest ingested ts of each series in `keys` (None when unknown or unreachable)."""
    try:
        reply = backend.get("/api/series", timeout=2.0)
        if reply.status != 200:
            return None
        last = {s["id"]: (s.get("last") or {}).get("ts") for s in reply.json()}
        values = [last.get(k) for k in keys]
        return None if any(v is None for v in values) else min(values)
    except (OSError, ValueError):
        return None


def restarts_under_load(fault, victim, signum, restarts, down_s, duration_s):
    """victim: 'backend' or 'broker'. Returns (broker, backend, expectations)."""
    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker))
    backend.start()
    producers = fault.start_load(broker, duration_s)
    load_started = time.monotonic()
    keys = [f"{p.source}/{signal_id}" for p in producers for signal_id in p.signals]
    # Restarts spread over the middle of the run, so load flows before, between and after.
    window = (0.15 * duration_s, 0.85 * duration_s - down_s)
    step = (window[1] - window[0]) / max(restarts, 1)
    stops, readies, recoveries, rss, broker_rss = [], [], [], [backend.rss_mb()], [broker.rss_mb()]
    target = backend if victim == "backend" else broker
    for i in range(restarts):
        time.sleep(max(0.0, load_started + window[0] + (i + 0.5) * step - time.monotonic()))
        rss.append(backend.rss_mb())
        signalled = time.monotonic()
        status, stop_s = target.stop(signum)
        stops.append(stop_s)
        if signum == signal.SIGTERM:
            fault.check(status == 0, f"{victim} exited {status} on SIGTERM (restart {i + 1})")
        time.sleep(down_s)
        broker_rss.append(broker.rss_mb())
        began = time.monotonic()
        if victim == "backend":
            backend.start()
        else:
            broker.start()
            if not wait_until(backend.ready, 60.0, 0.02):
                raise AssertionError("the backend did not reconnect to the restarted broker within 60 s")
        readies.append(time.monotonic() - began)

        def caught_up():
            rss.append(backend.rss_mb())  # the peak comes while the backlog drains
            return (latest_ts(backend, keys) or 0) > time.time() * 1000 - LIVE_LAG_MS

        fresh = wait_until(caught_up, 300.0, 0.05)
        fault.check(bool(fresh), f"ingest not live again within 300 s after restart {i + 1}")
        recoveries.append(time.monotonic() - signalled)
        log(f"restart {i + 1}/{restarts}: stop {stop_s:.2f} s, ready {readies[-1]:.2f} s, "
            f"live again {recoveries[-1]:.2f} s after the signal")
    expectations = fault.finish_load(producers, duration_s + 120)
    load_end = time.monotonic()
    fault.wait_stored(lambda: ledger.sqlite_count(backend.db_path), expectations, 60.0)
    catchup = time.monotonic() - load_end
    rss.append(backend.rss_mb())
    broker_rss.append(broker.rss_mb())
    status, _ = backend.stop(signal.SIGTERM)
    fault.check(status == 0, f"backend exited {status} on the final SIGTERM")
    fault.figure("restarts", restarts)
    fault.figure("down_s", down_s)
    fault.figure("stop_s_max", max(stops, default=0.0))
    fault.figure("ready_s_max", max(readies, default=0.0))
    fault.figure("recovery_s_max", max(recoveries, default=0.0))
    fault.figure("catchup_s", catchup)
    fault.figure("backend_rss_mb_max", max(rss))
    fault.figure("broker_rss_mb_max", max(broker_rss))
    return broker, backend, expectations


class StoreOutageWatch:
    """Watches the backend while its store does not take writes: every half second the live
    stream's lag, /api/chart's lag, the store queue, RSS, /healthz and /readyz (each must
    answer within PROBE_TIMEOUT_S). With `old_queries`, that many history queries of a range
    older than the recent window (so they must ask the store) are open meanwhile: a store
    that does not answer must hold up those requests only, never the rest of the server."""

    PROBE_TIMEOUT_S = 3.0

    def __init__(self, fault, backend, stream, series):
        self.fault, self.backend, self.stream, self.series = fault, backend, stream, series
        self.stream_lag, self.chart_lag, self.queue, self.rss = [], [], [], []
        self.chart_failures = self.not_ready = self.readyz_hung = self.healthz_failures = 0
        self.rss_before = backend.rss_mb()
        self.latencies = []
        self.old_queries = []
        self.old_answers = []

    def _old_query(self, target):
        try:
            self.old_answers.append(self.backend.get(target, timeout=300.0).status)
        except OSError:
            self.old_answers.append(0)

    def watch(self, seconds, old_queries=0):
        self.stream.record()
        now_ms = int(time.time() * 1000)
        target = f"/api/history?series={self.series}&from={now_ms - 3 * 3_600_000}&to={now_ms - 2 * 3_600_000}"
        for _ in range(old_queries):
            query = threading.Thread(target=self._old_query, args=(target,), daemon=True)
            query.start()
            self.old_queries.append(query)
        began = time.monotonic()
        while time.monotonic() - began < seconds:
            time.sleep(0.5)
            now_ms = time.time() * 1000
            self.stream_lag.append((now_ms - self.stream.last_ts) / 1000)
            chart = self.backend.get(f"/api/chart?series={self.series}&from={int(now_ms) - 10_000}&width=100",
                                     timeout=self.PROBE_TIMEOUT_S)
            if chart.status == 200:
                points = chart.json()["series"][0]["points"]
                self.chart_lag.append((now_ms - (points[-1][0] if points else 0)) / 1000)
            else:
                self.chart_failures += 1
            self.healthz_failures += self.backend.get("/healthz", timeout=self.PROBE_TIMEOUT_S).status != 200
            ready = self.backend.get("/readyz", timeout=self.PROBE_TIMEOUT_S).status
            self.not_ready += ready == 503
            self.readyz_hung += ready == 0
            metrics = self.backend.get("/metrics", timeout=self.PROBE_TIMEOUT_S)
            if metrics.status == 200:
                self.queue.append(http.parse_metrics(metrics.body.decode()).get("telemetry_store_queue_samples", 0))
            self.rss.append(self.backend.rss_mb())
        self.latencies = list(self.stream.latencies)
        self.stream.record(False)

    def report(self, outage_s):
        """Records the figures; checks that live data went on, the server kept answering and
        memory stayed bounded. Call after the store is back."""
        fault = self.fault
        for query in self.old_queries:
            query.join(120.0)
        fault.figure("outage_s", outage_s)
        fault.figure("stream_samples_in_outage", len(self.latencies))
        fault.figure("stream_lag_s_max", max(self.stream_lag))
        fault.figure("stream_silence_s_max", self.stream.longest_silence)
        fault.figure("chart_lag_s_max", max(self.chart_lag, default=-1.0))
        fault.figure("queue_samples_max", int(max(self.queue, default=0)))
        fault.figure("rss_mb_before", self.rss_before)
        fault.figure("rss_mb_max", max(self.rss))
        fault.check(len(self.latencies) > 0, "the live stream delivered nothing while the store was out")
        fault.check(self.chart_failures == 0, f"/api/chart failed {self.chart_failures} times while the store was out")
        fault.check(self.healthz_failures == 0,
                    f"/healthz failed {self.healthz_failures} times while the store was out")
        fault.check(self.readyz_hung == 0, f"/readyz did not answer within {self.PROBE_TIMEOUT_S:.0f} s "
                                           f"{self.readyz_hung} times while the store was out")
        fault.check(self.not_ready > 0, "/readyz never said 503 while the store was out")
        fault.check(self.old_answers == [200] * len(self.old_queries),
                    f"history queries of an old range answered {self.old_answers} once the store was back")
        fault.loose(max(self.stream_lag), 5.0, "live stream lag during the outage, s")
        fault.loose(max(self.chart_lag, default=99.0), 5.0, "/api/chart lag during the outage, s")
        # The queue holds what arrives meanwhile (up to 10,000 samples/s) at well under 1 KiB
        # a sample; the rest of the growth is the recent window, which grows regardless.
        fault.loose(max(self.rss) - self.rss_before, 64 + outage_s * 10_000 * 1024 / 2**20,
                    "RSS growth during the outage, MiB")
