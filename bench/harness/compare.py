#!/usr/bin/python3
"""Side-by-side comparison of telemetry-backend with InfluxDB 1.6 and VictoriaMetrics 1.79 on
identical data (bench/README.md describes the method).

Every system is started here on free loopback ports with a temporary data directory, fed the
same samples through its native write path, queried over keep-alive HTTP, then stopped by pid.
Results go to bench/results/compare-latest.md and .json.

    BUILD_DIR=build /usr/bin/python3 bench/harness/compare.py [--runs 3] [--reps 50]
"""

import argparse
import http.client
import json
import mmap
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figures  # noqa: E402
import machine  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SYSTEMS = ["ours", "influxdb", "victoriametrics"]
LABEL = {"ours": "telemetry-backend", "influxdb": "InfluxDB 1.6", "victoriametrics": "VictoriaMetrics 1.79"}
HOUR_MS = 3_600_000


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------------
# Processes, ports, HTTP


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Process:
    """A server started by this harness; stopped by its pid only."""

    def __init__(self, args, log_path, cwd=None):
        self.args = args
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, cwd=cwd,
                                     start_new_session=True)
        self.pid = self.proc.pid

    def status_kb(self, field):
        """A /proc/PID/status field in bytes (VmHWM, VmRSS), or None."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="utf-8") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=120):
        if self.proc.poll() is None:
            os.kill(self.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def tail(self, lines=20):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""


def connect(port, timeout=900):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.connect()
    # Request bodies go out in a second send(); without this Nagle's algorithm can hold them.
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def get(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return response.status, body


def get_json(port, path):
    conn = connect(port)
    try:
        status, body = get(conn, path)
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
    return json.loads(body)


def wait_http_ok(port, path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = connect(port, timeout=5)
            status, _ = get(conn, path)
            conn.close()
            if status in (200, 204):
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def disk_bytes(paths):
    """(allocated, apparent) bytes of the files under `paths` (files or folders)."""
    allocated = apparent = 0
    for path in paths:
        if os.path.isfile(path):
            files = [path]
        else:
            files = [os.path.join(d, f) for d, _, names in os.walk(path) for f in names]
        for name in files:
            try:
                st = os.lstat(name)
            except OSError:
                continue
            allocated += st.st_blocks * 512
            apparent += st.st_size
    return allocated, apparent


# ---------------------------------------------------------------------------------------------
# The data set (bench/compare_dataset.cpp), read without copies


class Dataset:
    def __init__(self, name, folder, tool, end_ms, batch):
        subprocess.run([tool, "--dataset", name, "--end-ms", str(end_ms), "--batch", str(batch), "--out", folder],
                       check=True)
        with open(os.path.join(folder, "dataset.json"), encoding="utf-8") as f:
            self.meta = json.load(f)
        self.name = name
        self.samples = self.meta["samples"]
        self.first_ts = self.meta["first_ts"]
        self.last_ts = self.meta["last_ts"]
        self.series = self.meta["series"]
        self._files = []
        self.mqtt = []  # (topic bytes, payload memoryview) per batch
        view = self._map(os.path.join(folder, "mqtt.bin"))
        at = 0
        while at < len(view):
            (n,) = struct.unpack_from("<I", view, at)
            topic = bytes(view[at + 4:at + 4 + n])
            at += 4 + n
            (n,) = struct.unpack_from("<I", view, at)
            self.mqtt.append((topic, view[at + 4:at + 4 + n]))
            at += 4 + n
        self.lines = []  # line protocol body per batch
        view = self._map(os.path.join(folder, "lines.bin"))
        at = 0
        while at < len(view):
            (n,) = struct.unpack_from("<I", view, at)
            self.lines.append(view[at + 4:at + 4 + n])
            at += 4 + n

    def _map(self, path):
        f = open(path, "rb")
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._files.append((f, m))
        return memoryview(m)

    def close(self):
        self.mqtt.clear()
        self.lines.clear()
        for f, m in self._files:
            try:
                m.close()
            except BufferError:
                pass
            f.close()

    # The queried hour: (T - 1 h, T], T the last sample, i.e. every sample of data set a.
    @property
    def hour(self):
        return self.last_ts - HOUR_MS + 100, self.last_ts


def run_writers(batches, writers, send_one):
    """Sends every batch from `writers` threads (each one batch in flight, as an HTTP client that
    waits for its answer); returns (started, finished) monotonic times. `send_one(state, i)`."""
    next_batch = [0]
    lock = threading.Lock()
    errors = []
    ready = threading.Barrier(writers + 1)
    states = [None] * writers

    def work(w):
        try:
            states[w] = send_one(None, None, w)  # connect
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        ready.wait()
        ready.wait()
        while not errors:
            with lock:
                i = next_batch[0]
                next_batch[0] += 1
            if i >= len(batches):
                break
            try:
                send_one(states[w], i, w)
            except Exception as e:  # noqa: BLE001
                errors.append(e)
    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    ready.wait()
    if errors:
        ready.abort()
        raise errors[0]
    started = time.monotonic()
    ready.wait()
    for t in threads:
        t.join()
    finished = time.monotonic()
    if errors:
        raise errors[0]
    return started, finished


def poll_until(count_fn, total, timeout, interval=0.05):
    """Calls count_fn() until it reaches total; returns the monotonic time it did."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = count_fn()
        if last >= total:
            return time.monotonic()
        time.sleep(interval)
    raise RuntimeError(f"timed out at {last} of {total} samples")


def time_queries(port, path, warmup, reps, budget_s):
    """Times `reps` GETs after `warmup` untimed ones, all on one keep-alive connection. A slow
    query stops early once the timed requests took `budget_s`, after at least 3 of them, or
    after one when a single request takes longer than the budget."""
    conn = connect(port)
    body = b""
    try:
        started = time.monotonic()
        for _ in range(warmup):
            status, body = get(conn, path)
            if status != 200:
                raise RuntimeError(f"GET {path[:200]}: {status} {body[:300]!r}")
            if time.monotonic() - started > budget_s / 4:
                break
        at_least = 1 if time.monotonic() - started > budget_s else 3
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            status, body = get(conn, path)
            times.append(time.perf_counter() - t0)
            if status != 200:
                raise RuntimeError(f"GET {path[:200]}: {status} {body[:300]!r}")
            if len(times) >= at_least and sum(times) > budget_s:
                break
    finally:
        conn.close()
    times.sort()
    median = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
    rank = 0.99 * (len(times) - 1)
    low = int(rank)
    p99 = times[low] + (rank - low) * (times[min(low + 1, len(times) - 1)] - times[low])
    return {"median_ms": median * 1000, "p99_ms": p99 * 1000, "bytes": len(body), "reps": len(times)}, body


# ---------------------------------------------------------------------------------------------
# The three systems


class Ours:
    name = "ours"

    def __init__(self, work, build_dir, dataset):
        self.work = work
        self.ds = dataset
        self.mqtt_port = free_port()
        self.http_port = free_port()
        broker_dir = os.path.join(work, "mosquitto")
        os.makedirs(broker_dir)
        os.chmod(broker_dir, 0o777)  # run as root, mosquitto drops to its own user
        # The product's broker configuration (deploy/mosquitto.conf) on a loopback port.
        with open(os.path.join(ROOT, "deploy", "mosquitto.conf"), encoding="utf-8") as f:
            conf = f.read()
        lines = []
        for line in conf.splitlines():
            if line.startswith("listener "):
                line = f"listener {self.mqtt_port} 127.0.0.1"
            elif line.startswith("persistence_location "):
                line = f"persistence_location {broker_dir}/"
            lines.append(line)
        with open(os.path.join(broker_dir, "mosquitto.conf"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.broker = Process(["mosquitto", "-c", os.path.join(broker_dir, "mosquitto.conf")],
                              os.path.join(work, "mosquitto.log"))
        if not wait_port(self.mqtt_port):
            raise RuntimeError("mosquitto did not start: " + self.broker.tail())
        self.data_dir = os.path.join(work, "data")
        os.makedirs(self.data_dir)
        args = [os.path.join(build_dir, "bin", "telemetry-backend"),
                "--broker", f"tcp://127.0.0.1:{self.mqtt_port}",
                "--client-id", "compare-backend",
                "--store", "sqlite:" + os.path.join(self.data_dir, "telemetry.db"),
                "--journal", os.path.join(self.data_dir, "ingest.journal"),
                "--http", f"127.0.0.1:{self.http_port}",
                # The queried hour ends two minutes before the run starts: a two-hour window keeps
                # all of it in memory for the whole run, as the last hour is when queried live.
                "--window", "2h",
                "--log-level", "warn"]
        max_payload = dataset.meta["max_payload_bytes"]
        if max_payload > 256 * 1024:
            args += ["--max-payload", str(max_payload)]
        self.server = Process(args, os.path.join(work, "backend.log"))
        if not wait_http_ok(self.http_port, "/readyz"):
            raise RuntimeError("backend not ready: " + self.server.tail())

    def _metric(self, conn, name):
        status, body = get(conn, "/metrics")
        if status != 200:
            raise RuntimeError(f"/metrics: {status}")
        for line in body.decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return 0.0

    def ingest(self, writers):
        ds = self.ds

        def send(sock, i, w):
            if i is None:
                s = socket.create_connection(("127.0.0.1", self.mqtt_port))
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                client_id = f"compare-writer-{w}".encode()
                var = b"\x00\x04MQTT\x04\x02\x00\x3c"  # MQTT 3.1.1, clean session, keep-alive 60 s
                body = var + struct.pack(">H", len(client_id)) + client_id
                s.sendall(b"\x10" + remaining_length(len(body)) + body)
                if recv_exact(s, 4) != b"\x20\x02\x00\x00":
                    raise RuntimeError("MQTT connect refused")
                return s
            topic, payload = ds.mqtt[i]
            packet_id = i % 65535 + 1
            head = struct.pack(">H", len(topic)) + topic + struct.pack(">H", packet_id)
            sock.sendall(b"\x32" + remaining_length(len(head) + len(payload)) + head)  # PUBLISH, QoS 1
            sock.sendall(payload)
            ack = recv_exact(sock, 4)
            if ack[0] != 0x40 or struct.unpack(">H", ack[2:])[0] != packet_id:
                raise RuntimeError(f"unexpected MQTT answer {ack!r}")
            return sock

        conn = connect(self.http_port)
        started, sent = run_writers(ds.mqtt, writers, send)
        queryable = poll_until(lambda: self._metric(conn, "telemetry_ingest_samples_total"), ds.samples, 600, 0.02)
        committed = poll_until(lambda: self._metric(conn, "telemetry_store_samples_written_total"), ds.samples, 600,
                               0.02)
        conn.close()
        return {"sent_s": sent - started, "queryable_s": queryable - started, "committed_s": committed - started}

    def count(self):
        first, last = self.ds.first_ts, self.ds.last_ts
        stats = get_json(self.http_port, f"/api/stats?from={first}&to={last}")["stats"]
        return sum(s["count"] for s in stats)

    def queries(self):
        frm, to = self.ds.hour
        one = series_id(self.ds.series[0])
        return {
            "stats_one": f"/api/stats?series={q(one)}&from={frm}&to={to}",
            "stats_all": f"/api/stats?from={frm}&to={to}",
            "chart_one": f"/api/chart?series={q(one)}&from={frm}&to={to}&width=1000",
            "chart_all": f"/api/chart?from={frm}&to={to}&width=1000",
            "history_one": f"/api/history?series={q(one)}&from={frm}&to={to}&limit=100000",
        }

    def port(self):
        return self.http_port

    def check_stats_one(self, body):
        s = json.loads(body)["stats"][0]
        return {k: s[k] for k in ("count", "min", "max", "mean", "p95")}

    def points(self, name, body):
        doc = json.loads(body)
        if name.startswith("history"):
            return len(doc["points"])
        if name.startswith("chart"):
            return sum(len(s["points"]) for s in doc["series"])
        return len(doc["stats"])

    def peak_rss(self):
        return self.server.status_kb("VmHWM")

    def extra_memory(self):
        return {"mosquitto_peak_rss": self.broker.status_kb("VmHWM")}

    def stop_and_disk(self):
        # SIGTERM drains and closes SQLite, which checkpoints the WAL into the database file.
        self.server.stop()
        self.broker.stop()
        files = [os.path.join(self.data_dir, n) for n in os.listdir(self.data_dir) if n.startswith("telemetry.db")]
        journal = disk_bytes([os.path.join(self.data_dir, "ingest.journal")])
        return disk_bytes(files), {"journal_bytes_after_stop": journal[1]}

    def kill(self):
        for p in (self.server, self.broker):
            if p.alive():
                p.stop(signal.SIGKILL)


def remaining_length(n):
    out = bytearray()
    while True:
        byte = n % 128
        n //= 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise RuntimeError("connection closed")
        data += chunk
    return data


def q(text):
    return urllib.parse.quote(text, safe="")


def series_id(s):
    return f"{s['source']}/{s['signal']}"


class LineProtocolWriter:
    """The peers' write path: InfluxDB line protocol over HTTP, one batch per request."""

    write_path = "/write"

    def __init__(self, work, dataset):
        self.work = work
        self.ds = dataset
        self.http_port = free_port()

    def ingest(self, writers):
        ds = self.ds

        def send(conn, i, w):
            if i is None:
                return connect(self.http_port)
            conn.request("POST", self.write_path, body=ds.lines[i],
                         headers={"Content-Type": "text/plain; charset=utf-8"})
            response = conn.getresponse()
            body = response.read()
            if response.status != 204:
                raise RuntimeError(f"write: {response.status} {body[:300]!r}")
            return conn

        started, sent = run_writers(ds.lines, writers, send)
        queryable = poll_until(self.count, ds.samples, 900, 0.05)
        return {"sent_s": sent - started, "queryable_s": queryable - started}

    def port(self):
        return self.http_port

    def peak_rss(self):
        return self.server.status_kb("VmHWM")

    def extra_memory(self):
        return {}

    def kill(self):
        if self.server.alive():
            self.server.stop(signal.SIGKILL)


class InfluxDB(LineProtocolWriter):
    name = "influxdb"

    def __init__(self, work, build_dir, dataset):
        super().__init__(work, dataset)
        self.base = os.path.join(work, "influxdb")
        os.makedirs(self.base)
        # The installed version's own defaults (`influxd config`); only folders and addresses change.
        defaults = subprocess.run(["influxd", "config"], capture_output=True, text=True, check=True).stdout
        self.config = os.path.join(self.base, "influxdb.conf")
        self._write_config(defaults)
        self.server = self._start()
        self.db = "bench"
        conn = connect(self.http_port)
        conn.request("POST", "/query?" + urllib.parse.urlencode({"q": f"CREATE DATABASE {self.db}"}))
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 200:
            raise RuntimeError("CREATE DATABASE failed")
        self.write_path = f"/write?db={self.db}"

    def _write_config(self, text, overrides=None):
        rpc_port = free_port()
        out = []
        section = ""
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped
            if stripped.startswith("bind-address"):
                if section == "":
                    line = f'bind-address = "127.0.0.1:{rpc_port}"'
                elif section == "[http]":
                    line = f'  bind-address = "127.0.0.1:{self.http_port}"'
            line = line.replace("/var/lib/influxdb", self.base).replace("/var/run/influxdb.sock",
                                                                         os.path.join(self.base, "influxdb.sock"))
            for key, value in (overrides or {}).items():
                if stripped.startswith(key + " "):
                    line = f"  {key} = {value}"
            out.append(line)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        self._defaults = text

    def _start(self):
        server = Process(["influxd", "-config", self.config], os.path.join(self.work, "influxd.log"))
        if not wait_http_ok(self.http_port, "/ping"):
            raise RuntimeError("influxd did not start: " + server.tail())
        return server

    def _query_path(self, statement):
        return "/query?" + urllib.parse.urlencode({"db": self.db, "epoch": "ms", "q": statement})

    def count(self):
        first, last = self.ds.first_ts, self.ds.last_ts
        doc = get_json(self.http_port, self._query_path(
            f"SELECT count(value) FROM telemetry WHERE time >= {first}ms AND time <= {last}ms"))
        series = doc["results"][0].get("series")
        return series[0]["values"][0][1] if series else 0

    def queries(self):
        frm, to = self.ds.hour
        s = self.ds.series[0]
        one = f"source = '{s['source']}' AND signal = '{s['signal']}' AND "
        when = f"time >= {frm}ms AND time <= {to}ms"
        stats = "SELECT min(value), max(value), mean(value), percentile(value, 95) FROM telemetry WHERE "
        m4 = "SELECT first(value), min(value), max(value), last(value) FROM telemetry WHERE "
        return {
            "stats_one": self._query_path(stats + one + when),
            "stats_all": self._query_path(stats + when + " GROUP BY source, signal"),
            "chart_one": self._query_path(m4 + one + when + " GROUP BY time(3600ms) fill(none)"),
            "chart_all": self._query_path(m4 + when + " GROUP BY time(3600ms), source, signal fill(none)"),
            "history_one": self._query_path("SELECT value FROM telemetry WHERE " + one + when),
        }

    def check_stats_one(self, body):
        row = json.loads(body)["results"][0]["series"][0]["values"][0]
        return {"min": row[1], "max": row[2], "mean": row[3], "p95": row[4]}

    def points(self, name, body):
        series = json.loads(body)["results"][0].get("series", [])
        if name.startswith("stats"):
            return len(series)
        return sum(len(s["values"]) * (4 if name.startswith("chart") else 1) for s in series)

    def _cache_bytes(self):
        """Bytes still in the benchmark database's in-memory cache (not yet in TSM files)."""
        shards = [v for k, v in get_json(self.http_port, "/debug/vars").items()
                  if k.startswith("tsm1_cache:") and f"/data/{self.db}/" in k]
        return sum(v["values"].get("memBytes", 0) for v in shards) if shards else None

    def stop_and_disk(self):
        self.server.stop()
        # The last writes are still in the cache and the WAL (the cache is written to TSM files
        # after 10 minutes without writes by default): restart with that delay at 1 s so the cache
        # is written as it would be later on its own, wait until it is, then measure the data
        # folder. The WAL's active segment stays behind with samples already in TSM files (it goes
        # when the segment rolls over): it is reported apart.
        self._write_config(self._defaults, {"cache-snapshot-write-cold-duration": '"1s"'})
        self.server = self._start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self._cache_bytes() != 0:
            time.sleep(0.5)
        flushed = self._cache_bytes() == 0
        self.server.stop()
        wal = os.path.join(self.base, "wal", self.db)
        return disk_bytes([os.path.join(self.base, "data", self.db)]), {
            "wal_bytes_after_flush": disk_bytes([wal])[1], "cache_flushed": flushed}


class VictoriaMetrics(LineProtocolWriter):
    name = "victoriametrics"

    def __init__(self, work, build_dir, dataset):
        super().__init__(work, dataset)
        self.data = os.path.join(work, "victoria-metrics")
        self.server = Process(["victoria-metrics", "-storageDataPath", self.data,
                               "-httpListenAddr", f"127.0.0.1:{self.http_port}"],
                              os.path.join(work, "victoria-metrics.log"))
        if not wait_http_ok(self.http_port, "/health"):
            raise RuntimeError("victoria-metrics did not start: " + self.server.tail())

    no_cache = False  # --no-peer-cache: ask without VictoriaMetrics' response cache

    def _instant(self, query, extra=None):
        params = {"query": query, "time": f"{self.ds.last_ts / 1000:.3f}"}
        params.update(extra or {})
        if self.no_cache:
            params["nocache"] = "1"
        return "/api/v1/query?" + urllib.parse.urlencode(params)

    def count(self):
        # nocache: a count from the response cache would stop the clock too early.
        doc = get_json(self.http_port, self._instant("sum(count_over_time(telemetry_value[2h]))", {"nocache": "1"}))
        result = doc["data"]["result"]
        return int(float(result[0]["value"][1])) if result else 0

    def queries(self):
        frm, to = self.ds.hour
        s = self.ds.series[0]
        one = f'telemetry_value{{source="{s["source"]}",signal="{s["signal"]}"}}'
        every = "telemetry_value"

        def stats(selector):
            parts = [f'label_set({fn}({selector}[1h]),"stat","{name}")'
                     for fn, name in (("min_over_time", "min"), ("max_over_time", "max"), ("avg_over_time", "mean"))]
            parts.append(f'label_set(quantile_over_time(0.95,{selector}[1h]),"stat","p95")')
            return "union(" + ",".join(parts) + ")"

        def m4(selector):
            parts = [f'label_set({fn}({selector}[3600ms]),"stat","{fn}")'
                     for fn in ("first_over_time", "min_over_time", "max_over_time", "last_over_time")]
            return "union(" + ",".join(parts) + ")"

        # 1,000 steps of 3.6 s, the last at T: each covers (t - 3.6 s, t], together the hour.
        start = (to - 999 * 3600) / 1000
        chart = {"start": f"{start:.3f}", "end": f"{to / 1000:.3f}", "step": "3.6s",
                 **({"nocache": "1"} if self.no_cache else {})}
        export = {"start": f"{(frm - 50) / 1000:.3f}", "end": f"{to / 1000:.3f}"}
        return {
            "stats_one": self._instant(stats(one)),
            "stats_all": self._instant(stats(every)),
            "chart_one": "/api/v1/query_range?" + urllib.parse.urlencode({"query": m4(one), **chart}),
            "chart_all": "/api/v1/query_range?" + urllib.parse.urlencode({"query": m4(every), **chart}),
            "history_one": "/api/v1/export?" + urllib.parse.urlencode({"match[]": one, **export}),
        }

    def check_stats_one(self, body):
        out = {}
        for r in json.loads(body)["data"]["result"]:
            out[r["metric"]["stat"]] = float(r["value"][1])
        return out

    def points(self, name, body):
        if name.startswith("history"):
            return sum(len(json.loads(line)["values"]) for line in body.splitlines() if line.strip())
        result = json.loads(body)["data"]["result"]
        if name.startswith("chart"):
            return sum(len(r["values"]) for r in result)
        return len(result) // 4

    def stop_and_disk(self):
        conn = connect(self.http_port)
        get(conn, "/internal/force_flush")
        conn.close()
        self.server.stop(signal.SIGINT)  # a graceful stop writes what is still in memory
        return disk_bytes([self.data]), {}


CLASSES = {"ours": Ours, "influxdb": InfluxDB, "victoriametrics": VictoriaMetrics}


# ---------------------------------------------------------------------------------------------
# One system on one data set


def measure(system_name, ds, args, work):
    system = CLASSES[system_name](work, args.build_dir, ds)
    out = {}
    try:
        log(f"  {system_name}: ingest {ds.samples:,} samples in {len(ds.lines)} batches, {args.writers} writers")
        times = system.ingest(args.writers)
        out["ingest"] = {k: v for k, v in times.items()}
        out["ingest_rate"] = ds.samples / times["queryable_s"]
        if "committed_s" in times:
            out["ingest_rate_committed"] = ds.samples / times["committed_s"]
        stored = system.count()
        out["count"] = stored
        if stored != ds.samples:
            raise RuntimeError(f"{system_name} holds {stored} of {ds.samples} samples")
        heavy = len(ds.series) > 100
        for name, path in system.queries().items():
            all_series = name.endswith("_all")
            reps = args.reps_heavy if heavy and all_series else args.reps
            warmup = 2 if heavy and all_series else args.warmup
            timing, body = time_queries(system.port(), path, warmup, reps, args.budget)
            timing["points"] = system.points(name, body)
            out[name] = timing
            if name == "stats_one":
                out["stats_one_answer"] = system.check_stats_one(body)
            log(f"  {system_name}: {name} median {timing['median_ms']:.2f} ms, p99 {timing['p99_ms']:.2f} ms, "
                f"{timing['bytes']:,} B, {timing['points']:,} points")
        out["peak_rss"] = system.peak_rss()
        out.update(system.extra_memory())
        (allocated, apparent), extra = system.stop_and_disk()
        out["disk_bytes"] = allocated
        out["disk_bytes_apparent"] = apparent
        out["disk_bytes_per_sample"] = allocated / ds.samples
        out.update(extra)
        log(f"  {system_name}: {out['ingest_rate']:,.0f} samples/s, peak RSS {out['peak_rss'] / 1e6:.1f} MB, "
            f"{out['disk_bytes_per_sample']:.2f} disk bytes/sample")
    finally:
        system.kill()
    return out


def check_answer(expected, answer):
    """Differences of a stats answer from the data set's exact figures (numpy's p95)."""
    issues = []
    for key in ("count", "min", "max"):
        if key in answer and answer[key] != expected[key]:
            issues.append(f"{key} {answer[key]} != {expected[key]}")
    if "mean" in answer and abs(answer["mean"] - expected["mean"]) > 1e-9 * max(1.0, abs(expected["mean"])):
        issues.append(f"mean {answer['mean']} != {expected['mean']}")
    if "p95" in answer and abs(answer["p95"] - expected["p95"]) > 1e-9 * max(1.0, abs(expected["p95"])):
        issues.append(f"p95 {answer['p95']} != {expected['p95']} (exact, linear interpolation)")
    return issues


# ---------------------------------------------------------------------------------------------
# Ours only: the live stream, from the existing C++ benchmarks

SSE_FIGURES = {
    "sse_p50_ms": ("sse latency", "publisher -> broker -> backend -> SSE client (coalesce 0) p50"),
    "sse_p99_ms": ("sse latency", "publisher -> broker -> backend -> SSE client (coalesce 0) p99"),
    "broker_p50_ms": ("sse latency", "publisher -> broker -> plain subscriber (baseline) p50"),
    "broker_p99_ms": ("sse latency", "publisher -> broker -> plain subscriber (baseline) p99"),
    "fanout_clients": ("sse fan-out", "clients connected (stream head received)"),
    "fanout_p50_ms": ("sse fan-out", "delivery latency p50"),
    "fanout_p99_ms": ("sse fan-out", "delivery latency p99"),
    "fanout_rss_per_client": ("sse fan-out", "backend RSS per client"),
    "fanout_bytes_per_client_s": ("sse fan-out", "stream bytes per client per second"),
}


def run_stream_benchmarks(build_dir):
    out = {}
    rows = []
    for name in ("sse_latency_bench", "sse_fanout_bench"):
        log(f"  {name}")
        done = subprocess.run([os.path.join(build_dir, "bin", name)], capture_output=True, text=True, timeout=900)
        rows += figures.parse(done.stdout)
        if done.returncode != 0:
            log(f"  {name} exited {done.returncode}: {done.stderr[-500:]}")
    for key, (bench, figure) in SSE_FIGURES.items():
        for row in rows:
            if row["bench"] == bench and row["figure"] == figure:
                out[key] = row["value"]
    return out


# ---------------------------------------------------------------------------------------------
# Tables

QUERIES = [
    ("stats_one", "stats, one series-hour"),
    ("stats_all", "stats, all series, last hour"),
    ("chart_one", "chart, one series-hour at 1,000 px"),
    ("chart_all", "chart, all series, last hour at 1,000 px"),
    ("history_one", "raw history, one series-hour"),
]
ROWS = [
    # key, label, unit, better, goal factor (ours against the best peer)
    ("ingest_rate", "ingest until queryable", "samples/s", "higher", 1.0),
    ("ingest_rate_committed", "ingest until committed to SQLite (ours)", "samples/s", "higher", None),
    *[row for key, label in QUERIES for row in ((f"{key}.median_ms", f"{label}: median", "ms", "lower", 5.0),
                                               (f"{key}.p99_ms", f"{label}: p99", "ms", "lower", None))],
    ("peak_rss_mb", "peak RSS of the server (VmHWM)", "MB", "lower", None),
    ("disk_bytes_per_sample", "disk bytes per stored sample (du after a flush)", "B", "lower", None),
]

STREAM_ROWS = [
    ("sse_p50_ms", "publish -> SSE client, p50 (coalescing off, 1,000 samples/s)", "ms"),
    ("sse_p99_ms", "publish -> SSE client, p99", "ms"),
    ("broker_p50_ms", "publish -> plain MQTT subscriber (broker alone), p50", "ms"),
    ("broker_p99_ms", "publish -> plain MQTT subscriber (broker alone), p99", "ms"),
    ("fanout_clients", "SSE fan-out: clients", "clients"),
    ("fanout_p50_ms", "SSE fan-out: delivery p50", "ms"),
    ("fanout_p99_ms", "SSE fan-out: delivery p99", "ms"),
    ("fanout_rss_per_client", "SSE fan-out: backend RSS per client", "B"),
    ("fanout_bytes_per_client_s", "SSE fan-out: stream bytes per client per second", "B/s"),
]


def pick(result, key):
    if result is None:
        return None
    if key == "peak_rss_mb":
        return result.get("peak_rss") / 1e6 if result.get("peak_rss") else None
    value = result
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def summarise(runs, datasets, systems):
    rows = []
    for ds in datasets:
        for key, label, unit, better, goal in ROWS:
            entry = {"dataset": ds, "key": key, "measure": label, "unit": unit, "better": better, "systems": {}}
            for system in systems:
                values = [pick(run["datasets"].get(ds, {}).get(system), key) for run in runs]
                if any(v is not None for v in values):
                    entry["systems"][system] = figures.spread(values)
            if not entry["systems"]:
                continue
            peers = {s: v["median"] for s, v in entry["systems"].items() if s != "ours" and v["median"] is not None}
            ours = entry["systems"].get("ours", {}).get("median")
            if peers and ours:
                best = (max if better == "higher" else min)(peers, key=peers.get)
                # > 1: ours is better by that factor.
                factor = ours / peers[best] if better == "higher" else peers[best] / ours
                entry.update({"best_peer": best, "factor": factor})
                if goal:
                    entry.update({"goal": goal, "goal_met": factor >= goal})
            rows.append(entry)
    stream = []
    for key, label, unit in STREAM_ROWS:
        values = [run.get("stream", {}).get(key) for run in runs]
        if any(v is not None for v in values):
            stream.append({"key": key, "measure": label, "unit": unit, **figures.spread(values)})
    return rows, stream


def cell(spread, unit):
    if not spread or spread["median"] is None:
        return "-"
    text = figures.number(spread["median"])
    if spread["min"] != spread["max"]:
        text += f" ({figures.number(spread['min'])}-{figures.number(spread['max'])})"
    return f"{text} {unit}"


DATASET_TITLE = {
    "a": "a: 5 electrolyzer series x 1 h at 10 Hz (180,000 samples)",
    "b": "b: 1,000 series (200 electrolyzers x 5 signals) x 10 min at 10 Hz (6,000,000 samples)",
}


def markdown(header, settings, rows, stream, checks, command):
    out = ["# Comparison with InfluxDB and VictoriaMetrics", ""]
    out += machine.header_markdown(header)
    out += [f"- Command: `{command}`",
            f"- Runs: {settings['runs']}; figures are medians with the min-max spread of the runs in brackets; "
            f"queries: {settings['warmup']} warm-up requests then {settings['reps']} timed ones "
            f"({settings['reps_heavy']} for the all-series queries of data set b; a query stops earlier once its "
            f"timed requests took {settings['budget_s']:g} s, after at least 3, or after 1 when one request "
            "takes longer than that) on one keep-alive connection",
            f"- Writes: batches of {settings['batch']:,} samples of one series, {settings['writers']} concurrent "
            "writers each with one batch in flight; ours: MQTT QoS 1 through mosquitto into the backend with "
            "SQLite; peers: line protocol over HTTP", ""]
    out += ["Ours answers the last hour from its in-memory window (the product's design: the recent "
            "window holds the last hour; started with `--window 2h` so the queried hour, which ends two "
            "minutes before the run, stays in it). The peers run their default configuration. "
            "\"vs best peer\" is the factor by which ours is better than the better peer (above 1: ours "
            "is faster, smaller or higher); the goal column holds the product owner's goal for that row.", "",
            "Disk: ours the SQLite database after a clean stop (its WAL checkpointed; the ingest journal is in "
            "the JSON); InfluxDB its data folder once its cache is written to TSM files (the WAL's active "
            "segment, which still holds samples already in TSM files until it rolls over, is in the JSON); "
            "VictoriaMetrics its whole storage folder after a flush and a graceful stop.", ""]
    for ds in settings["datasets"]:
        out += [f"## Data set {DATASET_TITLE[ds]}", ""]
        out += ["| measure | " + " | ".join(LABEL[s] for s in settings["systems"]) + " | vs best peer | goal |",
                "|---|" + "---|" * len(settings["systems"]) + "---|---|"]
        for row in rows:
            if row["dataset"] != ds:
                continue
            cells = [cell(row["systems"].get(s), row["unit"]) for s in settings["systems"]]
            factor = f"{row['factor']:.2f}x ({LABEL[row['best_peer']]})" if "factor" in row else "-"
            goal = "-"
            if "goal" in row:
                goal = f">= {row['goal']:g}x: {'met' if row['goal_met'] else 'NOT met'}"
            out.append(f"| {row['measure']} | " + " | ".join(cells) + f" | {factor} | {goal} |")
        out.append("")
    if stream:
        out += ["## Ours only: the live stream (bench/sse_latency_bench, bench/sse_fanout_bench)", "",
                "| measure | value |", "|---|---|"]
        for row in stream:
            out.append(f"| {row['measure']} | {cell(row, row['unit'])} |")
        out.append("")
    if checks:
        out += ["## Answers checked against the data set's exact statistics (stats of one series-hour)", "",
                "InfluxDB's `percentile` takes the nearest rank, not the linear interpolation of ours and numpy; "
                "VictoriaMetrics keeps about 12 significant digits of each value.", ""]
        out += [f"- {c}" for c in checks]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


def public_args(argv):
    """The arguments as typed, without this machine's paths (--build-dir, --out)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--build-dir", "--out"):
            skip = True
        elif not a.startswith(("--build-dir=", "--out=")):
            out.append(a)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.environ.get("BUILD_DIR", "build"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("COMPARE_RUNS", "3")))
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--reps-heavy", type=int, default=10, help="timed requests of all-series queries of b")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of timed requests per query at most")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--datasets", default="a,b")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--no-stream", action="store_true", help="skip the SSE benchmarks of ours")
    parser.add_argument("--no-peer-cache", action="store_true",
                        help="query VictoriaMetrics with nocache=1 (its response cache is on by default)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "compare-latest"))
    parser.add_argument("--from-json", help="measure nothing: write the tables again from a results file")
    args = parser.parse_args()
    if args.from_json:
        with open(args.from_json, encoding="utf-8") as f:
            saved = json.load(f)
        write_results(args.out, saved["header"], saved["settings"], saved["runs"], saved["checks"], saved["command"])
        return
    if not os.path.isabs(args.build_dir):
        args.build_dir = os.path.join(ROOT, args.build_dir)
    VictoriaMetrics.no_cache = args.no_peer_cache
    datasets = [d for d in args.datasets.split(",") if d]
    systems = [s for s in args.systems.split(",") if s]
    for s in systems:
        if s not in CLASSES:
            parser.error(f"unknown system {s}")
    tool = os.path.join(args.build_dir, "bin", "compare_dataset")
    for binary in (tool, os.path.join(args.build_dir, "bin", "telemetry-backend")):
        if not os.access(binary, os.X_OK):
            parser.error(f"{binary} not found: build with TELEMETRY_BUILD_BENCH=ON first")
    for needed, system in (("influxd", "influxdb"), ("victoria-metrics", "victoriametrics"), ("mosquitto", "ours")):
        if system in systems and not shutil.which(needed):
            parser.error(f"{needed} not installed (make bench-compare installs the peers)")

    header = machine.header(ROOT)
    settings = {"runs": args.runs, "reps": args.reps, "budget_s": args.budget, "reps_heavy": args.reps_heavy,
                "warmup": args.warmup, "writers": args.writers, "batch": args.batch, "datasets": datasets,
                "systems": systems, "ours_window": "2h", "peer_cache": not args.no_peer_cache}
    runs = []
    checks = set()
    scratch = tempfile.mkdtemp(prefix="telemetry-compare-")
    try:
        for r in range(args.runs):
            run = {"load_average_start": machine.load_average(), "datasets": {}, "order": []}
            for ds_name in datasets:
                folder = os.path.join(scratch, f"run{r}-{ds_name}")
                os.makedirs(folder)
                # The data ends two minutes ago: VictoriaMetrics holds back the last 30 s of
                # instant queries (-search.latencyOffset), and every system gets the same samples.
                end_ms = (int(time.time() * 1000) - 120_000) // 100 * 100
                log(f"run {r + 1}/{args.runs}, data set {ds_name}: generating")
                ds = Dataset(ds_name, os.path.join(folder), tool, end_ms, args.batch)
                expected = ds.series[0]
                # Each run starts with another system, so none is always first or last.
                order = systems[r % len(systems):] + systems[:r % len(systems)]
                run["order"].append(order)
                results = {}
                for system in order:
                    work = os.path.join(folder, system)
                    os.makedirs(work)
                    results[system] = measure(system, ds, args, work)
                    issues = check_answer(expected, results[system].get("stats_one_answer", {}))
                    for issue in issues:
                        checks.add(f"{LABEL[system]}, data set {ds_name}: {issue}")
                    shutil.rmtree(work, ignore_errors=True)
                ds.close()
                shutil.rmtree(folder, ignore_errors=True)
                run["datasets"][ds_name] = results
            if "ours" in systems and not args.no_stream:
                log(f"run {r + 1}/{args.runs}: live stream benchmarks of ours")
                run["stream"] = run_stream_benchmarks(args.build_dir)
            run["load_average_end"] = machine.load_average()
            runs.append(run)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    header["load_average_end"] = machine.load_average()
    typed = public_args(sys.argv[1:])
    if os.environ.get("COMPARE_FROM_MAKE"):
        command = "scripts/bench-compare " + " ".join(typed) if typed else "make bench-compare"
    else:
        command = "/usr/bin/python3 bench/harness/compare.py " + " ".join(typed)
    checks = sorted(checks) or ["every system's count, min, max, mean and p95 match the data set exactly"]
    write_results(args.out, header, settings, runs, checks, command.strip())


def write_results(out, header, settings, runs, checks, command):
    rows, stream = summarise(runs, settings["datasets"], settings["systems"])
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out + ".json", "w", encoding="utf-8") as f:
        json.dump({"header": header, "command": command, "settings": settings, "rows": rows, "stream": stream,
                   "checks": checks, "runs": runs}, f, indent=1)
        f.write("\n")
    text = markdown(header, settings, rows, stream, checks, command)
    with open(out + ".md", "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text)
    log(f"written {os.path.relpath(out, ROOT)}.md and .json")


if __name__ == "__main__":
    main()
