"""The real programs on free loopback ports, each started here and stopped here by its pid.

A fault test builds what it needs from these pieces: a `Workdir` (a temporary folder that
is removed when the test passes and kept, with every log, when it fails), a `Broker`
(mosquitto with persistence), a `Backend` (telemetry-backend, SQLite store by default) and
`Producer`s (telemetry-producer). Nothing is ever stopped by name: every process is
remembered by its pid and `stop_all()` ends the ones still running.
"""

import atexit
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import http

REPO = Path(__file__).resolve().parents[3]

# The five series of the default producer, in its order.
ELECTROLYZER_SIGNALS = ("power_input", "water_flow", "temperature", "h2_production", "efficiency")


def bin_path(name):
    """A release binary: BUILD_DIR/bin/NAME, BUILD_DIR defaulting to the repository's build/."""
    build = Path(os.environ.get("BUILD_DIR", "build"))
    if not build.is_absolute():
        build = REPO / build
    path = build / "bin" / name
    if not os.access(path, os.X_OK):
        raise SystemExit(f"{path} is missing: run make build (or set BUILD_DIR)")
    return str(path)


def log(message):
    """Progress and diagnostics go to stderr; stdout is kept for the one line of figures."""
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def raise_fd_limit(wanted):
    """Raises RLIMIT_NOFILE towards `wanted` (children inherit it); returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(condition, timeout, interval=0.05):
    """Polls `condition` until it is truthy or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class Workdir:
    """A temporary folder for one test, kept when the test fails so its logs can be read."""

    def __init__(self, name):
        self.path = Path(tempfile.mkdtemp(prefix=f"telemetry-faults-{name}-"))
        # mosquitto drops to its own user: it must reach the folders below this one.
        os.chmod(self.path, 0o755)
        self.keep = bool(os.environ.get("FAULTS_KEEP"))

    def sub(self, name, world_writable=False):
        path = self.path / name
        path.mkdir(parents=True, exist_ok=True)
        if world_writable:
            os.chmod(path, 0o777)
        return path

    def finish(self, passed):
        if passed and not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            log(f"files and logs kept in {self.path}")


_running = {}  # pid -> Process, for stop_all()


def stop_all():
    """SIGKILLs every process this module started that still runs, by its pid."""
    for proc in list(_running.values()):
        proc.kill()


atexit.register(stop_all)


def _terminate(signum, _frame):
    stop_all()
    raise SystemExit(128 + signum)


for _signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_signum, _terminate)


class Process:
    """One child process with its output appended to a log file."""

    def __init__(self, name, argv, log_path, env=None):
        self.name = name
        self.argv = list(argv)
        self.log_path = Path(log_path)
        self.env = env
        self.popen = None

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def start(self):
        if self.running():
            raise RuntimeError(f"{self.name} is already running")
        with open(self.log_path, "ab") as out:
            out.write(f"---- start {' '.join(self.argv)}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          env=self.env, start_new_session=True)
        _running[self.popen.pid] = self
        return self

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def _reaped(self):
        _running.pop(self.popen.pid, None)
        return self.popen.returncode

    def wait(self, timeout):
        """The exit status (negative: killed by that signal), or None while it still runs."""
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        return self._reaped()

    def send_signal(self, signum):
        if self.running():
            os.kill(self.popen.pid, signum)

    def stop(self, signum=signal.SIGTERM, grace=30.0):
        """Sends `signum`, waits up to `grace` s, then SIGKILL. Returns (status, seconds to exit)."""
        if self.popen is None:
            return None, 0.0
        if not self.running():
            return self._reaped(), 0.0
        started = time.monotonic()
        self.send_signal(signum)
        status = self.wait(grace)
        if status is None:
            log(f"{self.name} (pid {self.pid}) still runs {grace:.0f} s after signal {signum}: SIGKILL")
            self.kill()
            status = self.popen.returncode
        return status, time.monotonic() - started

    def kill(self):
        if self.running():
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        if self.popen is not None:
            self._reaped()

    def rss_mb(self):
        """Resident set size in MiB (0 when it is not running)."""
        if not self.running():
            return 0.0
        try:
            with open(f"/proc/{self.popen.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return 0.0

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])


class Broker(Process):
    """mosquitto on a free loopback port, with persistence in the work folder.

    The backend is down for a minute in one test while 1,000 messages a second arrive for its
    persistent session: mosquitto's default max_queued_messages (1000 per client) would drop
    all but the first second of that. The queue is therefore raised to 2,000,000 messages
    (no byte limit); a production broker needs the same order: messages per second times the
    longest outage to ride out.
    """

    def __init__(self, work, max_queued_messages=2_000_000, max_inflight_messages=100):
        self.dir = work.sub("mosquitto", world_writable=True)
        self.port = free_port()
        self.config = self.dir / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous true\n"
            "persistence true\n"
            f"persistence_location {self.dir}/\n"
            # Sessions of clean-session-off clients are never expired, however long they are away.
            f"max_queued_messages {max_queued_messages}\n"
            "max_queued_bytes 0\n"
            f"max_inflight_messages {max_inflight_messages}\n"
            "message_size_limit 1048576\n"
            "set_tcp_nodelay true\n"
            "log_dest stderr\n"
            "log_type error\n"
            "log_type warning\n"
            "log_type notice\n")
        super().__init__("mosquitto", ["mosquitto", "-c", str(self.config)], self.dir / "mosquitto.log")

    @property
    def uri(self):
        return f"tcp://127.0.0.1:{self.port}"

    def start(self, timeout=15.0):
        super().start()
        if not wait_until(lambda: port_open(self.port) or not self.running(), timeout) or not self.running():
            raise RuntimeError(f"mosquitto did not start:\n{self.log_tail()}")
        return self


class Backend(Process):
    """telemetry-backend with its own HTTP port, client id and (by default) SQLite store."""

    def __init__(self, work, broker, store=None, extra=(), client_id=None, name="backend"):
        self.dir = work.sub(name)
        self.http_port = free_port()
        self.db_path = self.dir / "telemetry.db"
        self.store = store or f"sqlite:{self.db_path}"
        self.client_id = client_id or f"faults-{name}-{os.getpid()}-{int(time.time() * 1000)}"
        argv = [bin_path("telemetry-backend"), "--broker", broker.uri, "--store", self.store, "--http",
                f"127.0.0.1:{self.http_port}", "--client-id", self.client_id, "--log-level", "info", *extra]
        super().__init__(name, argv, self.dir / "backend.log")

    def get(self, target, timeout=5.0, headers=None):
        return http.get(self.http_port, target, timeout=timeout, headers=headers)

    def ready(self):
        try:
            return self.get("/readyz", timeout=2.0).status == 200
        except OSError:
            return False

    def start(self, wait_ready=True, timeout=60.0):
        """Starts it; with `wait_ready`, returns the seconds until /readyz answered 200."""
        started = time.monotonic()
        super().start()
        if not wait_ready:
            return 0.0
        if not wait_until(lambda: not self.running() or self.ready(), timeout, 0.02) or not self.running():
            raise RuntimeError(f"backend not ready within {timeout:.0f} s:\n{self.log_tail()}")
        return time.monotonic() - started

    def metrics(self):
        return http.parse_metrics(self.get("/metrics").body.decode())


class Producer(Process):
    """telemetry-producer for one source, usually with --duration so its totals are final."""

    SUMMARY = re.compile(r"published (?P<samples>\d+) samples in (?P<messages>\d+) messages; (?P<refused>\d+) refused, "
                         r"(?:\d+ redelivered, )?(?P<unconfirmed>\d+) unconfirmed at exit")

    def __init__(self, work, broker, source, rate_hz, batch, duration_s=None, extra=()):
        self.source = source
        self.rate_hz = rate_hz
        self.signals = ELECTROLYZER_SIGNALS
        argv = [bin_path("telemetry-producer"), "--broker", broker.uri, "--source", source, "--rate", str(rate_hz),
                "--batch", str(batch), "--client-id", f"faults-producer-{source}-{os.getpid()}",
                "--log-level", "info", *extra]
        if duration_s is not None:
            argv += ["--duration", f"{int(duration_s * 1000)}ms"]
        super().__init__(f"producer {source}", argv, work.sub("producers") / f"{source}.log")

    def summary(self):
        """(samples, messages, refused, unconfirmed) from its last line, after it exited:
        `published N samples in M messages; F refused, [R redelivered, ]U unconfirmed at exit`."""
        for line in reversed(self.log_text().splitlines()):
            found = self.SUMMARY.search(line)
            if found:
                return tuple(int(found[name]) for name in ("samples", "messages", "refused", "unconfirmed"))
        raise RuntimeError(f"{self.name} printed no summary:\n{self.log_tail()}")
