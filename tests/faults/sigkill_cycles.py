#!/usr/bin/python3
"""Fault 6: the backend is SIGKILLed over and over while samples flow in and it writes them.

Each cycle starts the backend on the same SQLite file and journal and SIGKILLs it: one cycle
in five at a random moment of its start-up (reloading the window, replaying the journal),
the others at a random moment within half a second of it being ready, while it ingests and
its store writer commits every 10 ms, so many kills land inside a write. After each kill
SQLite's PRAGMA integrity_check must answer ok. At the end the backend runs once more to the
end of the load, and the store must hold every sample the producer had acknowledged, each
once. The recent window is 5 minutes rather than an hour so that start-up (which reloads the
window from the store) stays short as the store grows, and the kills keep landing in writes.
"""

import os
import random
import re
import signal
import time

from lib import ledger
from lib.fault import Fault
from lib.stack import Backend, Broker, log, wait_until

with Fault("sigkill-cycles", __doc__) as fault:
    cycles = 20 if fault.short else 1000
    seed = int(os.environ.get("FAULTS_SEED", time.time()))
    rng = random.Random(seed)
    fault.figure("seed", seed)
    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker, extra=["--flush-interval", "10ms", "--window", "5m"]))
    backend.start()
    # 1,000 samples/s in 1,000 messages/s: each message is one journal record and one
    # acknowledgement, the most chances for a kill to fall between receiving and acknowledging.
    producers = fault.start_load(broker, None, sources=("fault-c",), rate_hz=200, batch=1)
    backend.kill()
    corrupt, ready_times = [], []
    in_start_up = 0
    started = time.monotonic()
    for i in range(cycles):
        launched = time.monotonic()
        backend.start(wait_ready=False)
        if rng.random() < 0.2:
            in_start_up += 1
            time.sleep(rng.uniform(0.0, ready_times[-1] if ready_times else 0.2))
        else:
            if not wait_until(lambda: not backend.running() or backend.ready(), 60.0, 0.01) or not backend.running():
                raise AssertionError(f"cycle {i + 1}: the backend did not become ready:\n{backend.log_tail()}")
            ready_times.append(time.monotonic() - launched)
            time.sleep(rng.uniform(0.0, 0.5))
        backend.kill()
        answer = ledger.integrity_check(backend.db_path)
        if answer != "ok":
            corrupt.append(i)
            log(f"cycle {i + 1}: integrity_check: {answer[:500]}")
        if (i + 1) % 50 == 0 or i + 1 == cycles:
            log(f"{i + 1}/{cycles} kills, {len(corrupt)} failed integrity checks, "
                f"{ledger.sqlite_count(backend.db_path)} samples stored, ready in {max(ready_times[-1:], default=0):.2f} s")
    fault.figure("cycles", cycles)
    fault.figure("kills_in_start_up", in_start_up)
    fault.figure("cycle_s_mean", (time.monotonic() - started) / cycles)
    fault.figure("ready_s_max", max(ready_times, default=0.0))
    fault.figure("integrity_failures", len(corrupt))
    fault.check(not corrupt, f"integrity_check failed after kills {corrupt[:10]}")
    backend.start()
    time.sleep(2.0)
    expectations = fault.finish_load(producers, 60.0, stop=True)
    fault.wait_stored(lambda: ledger.sqlite_count(backend.db_path), expectations, 30.0)
    status, _ = backend.stop(signal.SIGTERM)
    fault.check(status == 0, f"backend exited {status} on the final SIGTERM")
    fault.figure("journal_replayed_msgs",
                 sum(int(n) for n in re.findall(r"start: (\d+) journaled messages replayed", backend.log_text())))
    result = fault.tally_sqlite(backend.db_path, expectations)
    fault.check(result.lost == 0, f"{result.lost} acknowledged samples lost over {cycles} kills")
