#!/usr/bin/python3
"""Fault 5a: another process holds an exclusive SQLite transaction on the store for a while
(short: 8 s, full: 60 s) while 10,000 samples/s flow in.

The store writer's writes fail (busy) and are retried with backoff; the samples wait in its
queue and the ingest journal. Meanwhile ingest and the live stream must go on from memory:
an SSE client and /api/chart keep seeing fresh samples, /readyz says the store is not
writable, and the backend's memory grows only by the queued samples. Once the lock is
released, everything is written: nothing lost or duplicated.
"""

import sqlite3
import time

from lib import ledger
from lib.fault import Fault
from lib.live import StreamReaders
from lib.scenarios import StoreOutageWatch
from lib.stack import Backend, Broker, log, wait_until

SERIES = "fault-a/power_input"


with Fault("sqlite-locked", __doc__) as fault:
    lock_s = 8.0 if fault.short else 60.0
    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker))
    backend.start()
    stream = StreamReaders(backend.http_port, 1)
    stream.start()
    producers = fault.start_load(broker, lock_s + 12.0)
    time.sleep(3.0)

    watch = StoreOutageWatch(fault, backend, stream, SERIES)
    holder = sqlite3.connect(str(backend.db_path), isolation_level=None, timeout=10)
    holder.execute("BEGIN EXCLUSIVE")
    stored_at_lock = ledger.sqlite_count(backend.db_path)
    log(f"store locked with {stored_at_lock} samples in it")
    watch.watch(lock_s, old_queries=4)
    stored_in_lock = ledger.sqlite_count(backend.db_path) - stored_at_lock
    holder.execute("ROLLBACK")
    holder.close()
    released = time.monotonic()
    released_ms = time.time() * 1000
    drained = wait_until(lambda: ledger.sqlite_latest(backend.db_path, SERIES) >= released_ms, 120.0, 0.1)
    drain_s = time.monotonic() - released
    log(f"lock released; the store caught up {drain_s:.1f} s later")

    expectations = fault.finish_load(producers, 60.0)
    fault.wait_stored(lambda: ledger.sqlite_count(backend.db_path), expectations, 60.0)
    stream.stop()
    status, _ = backend.stop()
    fault.check(status == 0, f"backend exited {status} on SIGTERM")

    watch.report(lock_s)
    fault.figure("drain_s", drain_s)
    result = fault.tally_sqlite(backend.db_path, expectations)

    fault.check(stored_in_lock == 0, f"{stored_in_lock} samples were stored while the lock was held: not locked?")
    fault.check(bool(drained), "the store did not catch up within 120 s of the release")
    fault.check(result.lost == 0, f"{result.lost} samples lost to the lock")
