#!/usr/bin/python3
"""Fault 5b: the MongoDB store stops answering for a while (short: 8 s, full: 60 s), then
answers again, while 2,000 samples/s flow in.

The peer is a wire-level MongoDB (lib/stalling_mongod.py on Debian's python3-mockupdb) that
holds every request unanswered during the stall. Meanwhile ingest and the live stream must go
on from memory; once it answers, the held and the queued inserts arrive: every published
sample inserted once (counted in what the peer received, duplicates included).
"""

import signal
import time
from collections import Counter
from pathlib import Path

from lib import ledger
from lib.fault import Fault
from lib.live import StreamReaders
from lib.scenarios import StoreOutageWatch
from lib.stack import Backend, Broker, Process, free_port, log, port_open, wait_until

SERIES = "fault-a/power_input"
MOCK = Path(__file__).resolve().parent / "lib" / "stalling_mongod.py"


def inserted_rows(path):
    """(series, ts) of every sample document the peer acknowledged, in order."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        source, signal_id, ts = line.split()
        rows.append((f"{source}/{signal_id}", int(ts)))
    return rows


with Fault("mongo-stalled", __doc__) as fault:
    stall_s = 8.0 if fault.short else 60.0
    inserted = fault.work.path / "inserted.txt"
    mongo_port = free_port()
    mongod = fault.track(Process("stalling mongod", ["/usr/bin/python3", str(MOCK), str(inserted), str(mongo_port)],
                                 fault.work.path / "mongod.log")).start()
    if not wait_until(lambda: port_open(mongo_port), 15.0):
        raise RuntimeError(f"the MongoDB peer did not start:\n{mongod.log_tail()}")
    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker, store=f"mongodb://127.0.0.1:{mongo_port}/telemetry"))
    backend.start()
    stream = StreamReaders(backend.http_port, 1)
    stream.start()
    # 2,000 samples/s: the Python peer's own pace, so the figures measure the backend.
    producers = fault.start_load(broker, stall_s + 15.0, rate_hz=200)
    time.sleep(3.0)

    watch = StoreOutageWatch(fault, backend, stream, SERIES)
    mongod.send_signal(signal.SIGUSR1)
    time.sleep(0.5)  # a request already being answered completes
    before = len(inserted_rows(inserted))
    log(f"MongoDB stalled with {before} samples inserted")
    watch.watch(stall_s, old_queries=4)
    during = len(inserted_rows(inserted)) - before
    mongod.send_signal(signal.SIGUSR2)
    resumed = time.monotonic()
    resumed_ms = time.time() * 1000

    def caught_up():
        return max((ts for series, ts in inserted_rows(inserted) if series == SERIES), default=0) >= resumed_ms

    drained = wait_until(caught_up, 180.0, 0.2)
    drain_s = time.monotonic() - resumed
    log(f"MongoDB answers again; the inserts caught up {drain_s:.1f} s later")

    expectations = fault.finish_load(producers, 60.0)
    fault.wait_stored(lambda: len(inserted_rows(inserted)), expectations, 60.0)
    stream.stop()
    status, _ = backend.stop()
    fault.check(status == 0, f"backend exited {status} on SIGTERM")

    watch.report(stall_s)
    fault.figure("drain_s", drain_s)
    rows = inserted_rows(inserted)
    result = ledger.tally(rows, expectations)
    log(f"MongoDB received: {result.describe()}")
    fault.figure("expected", result.expected)
    fault.figure("inserted_docs", len(rows))
    fault.figure("lost", result.lost)
    fault.figure("duplicated", result.duplicated)
    fault.check(during == 0, f"{during} samples were inserted during the stall: not stalled?")
    fault.check(bool(drained), "the inserts did not catch up within 180 s of the peer answering again")
    fault.check(result.foreign == 0, f"{result.foreign} inserted samples the producers never published")
    fault.check(result.duplicated == 0, f"{result.duplicated} samples inserted more than once")
    fault.check(result.lost == 0, f"{result.lost} samples never inserted")
    fault.check(len(rows) == sum(Counter(rows).values()), "inserted rows miscounted")
