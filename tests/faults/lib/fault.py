"""What every fault script shares: its options, strict and loose checks, the line of figures,
and the standard load (10,000 samples/s from two producers into one backend).

A script does its work inside `with Fault(...) as fault:`; it records figures with
`fault.figure(name, value)` and checks with `fault.check(...)` (correctness: lost and
duplicated counts, integrity; these fail the test) or `fault.loose(...)` (timings and memory
on a noisy shared machine; these fail only past a generous bound). On exit it prints one
line, `NAME: key=value ...`, to stdout and exits 1 if a check failed.
"""

import argparse
import signal
import sys
import time
import traceback

from . import ledger
from .stack import Producer, Workdir, log, stop_all, wait_until

# The standard load: two producers (a process each, as two plants would be), five series
# each at 1,000 Hz in messages of 10 samples: 10,000 samples and 1,000 messages a second.
LOAD_SOURCES = ("fault-a", "fault-b")
LOAD_RATE_HZ = 1000
LOAD_BATCH = 10


class Fault:
    def __init__(self, name, description):
        parser = argparse.ArgumentParser(description=description,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("--short", action="store_true", help="the quick version run by make test")
        self.args = parser.parse_args()
        self.short = self.args.short
        self.name = name
        self.figures = {}
        self.failures = []
        self.processes = []
        self.started = time.monotonic()
        self.work = Workdir(name)

    def __enter__(self):
        log(f"{self.name} ({'short' if self.short else 'full'}), in {self.work.path}")
        return self

    def __exit__(self, kind, error, tb):
        if isinstance(error, SystemExit):
            if error.code not in (None, 0):
                self.failures.append(f"interrupted (exit {error.code})")
        elif error is not None:
            self.failures.append(f"{kind.__name__}: {error}")
            traceback.print_exception(kind, error, tb, file=sys.stderr)
        stop_all()
        passed = not self.failures
        if not passed:
            for proc in self.processes:
                print(f"---- {proc.name}: {proc.log_path} (last lines)\n{proc.log_tail(15)}", file=sys.stderr)
        self.work.finish(passed)
        self.figure("seconds", time.monotonic() - self.started)
        words = " ".join(f"{k}={_text(v)}" for k, v in self.figures.items())
        print(f"{self.name}: {'ok' if passed else 'FAILED'} {words}", flush=True)
        for failure in self.failures:
            print(f"  FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(0 if passed else 1)

    def track(self, proc):
        """Remembers a process so its log tail is shown when the test fails."""
        self.processes.append(proc)
        return proc

    def figure(self, key, value):
        self.figures[key] = value
        return value

    def check(self, condition, message):
        """A correctness assertion: strict."""
        if not condition:
            self.failures.append(message)
            log(f"check failed: {message}")
        return condition

    def loose(self, value, bound, message):
        """A timing or memory assertion: fails only when `value` exceeds a generous `bound`."""
        return self.check(value <= bound, f"{message}: {_text(value)} > {_text(bound)}")

    # -- the standard load ----------------------------------------------------------------------

    def start_load(self, broker, duration_s, sources=LOAD_SOURCES, rate_hz=LOAD_RATE_HZ, batch=LOAD_BATCH):
        producers = [self.track(Producer(self.work, broker, s, rate_hz, batch, duration_s)) for s in sources]
        for p in producers:
            p.start()
        return producers

    def finish_load(self, producers, timeout, stop=False):
        """Waits for the producers to exit (with `stop`, SIGTERMs them first); returns what
        they published."""
        for p in producers:
            if stop:
                p.send_signal(signal.SIGTERM)
            status = p.wait(timeout)
            if status is None:
                raise AssertionError(f"{p.name} did not finish within {timeout:.0f} s")
            if status != 0:
                raise AssertionError(f"{p.name} exited {status}:\n{p.log_tail()}")
        return [ledger.Expectation.from_producer(p, fixed_duration=not stop) for p in producers]

    def wait_stored(self, count, expectations, timeout):
        """Waits until `count()` (samples in the store) reaches what was published, or stops
        growing for `timeout` s. Returns the seconds it took."""
        total = sum(e.total for e in expectations)
        started = time.monotonic()
        last = [-1, started]

        def done():
            now = count()
            if now != last[0]:
                last[:] = [now, time.monotonic()]
            return now >= total or time.monotonic() - last[1] > timeout

        wait_until(done, timeout * 10, 0.1)
        return time.monotonic() - started

    def tally_sqlite(self, db_path, expectations):
        """Counts lost and duplicated samples in the store, records and checks them strictly."""
        result = ledger.tally(ledger.sqlite_rows(db_path), expectations)
        log(f"store: {result.describe()}")
        self.figure("expected", result.expected)
        self.figure("lost", result.lost)
        self.figure("duplicated", result.duplicated)
        self.check(result.foreign == 0, f"{result.foreign} stored samples the producers never published")
        self.check(result.duplicated == 0, f"{result.duplicated} duplicated samples")
        return result


def _text(value):
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)
