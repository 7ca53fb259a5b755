#!/usr/bin/python3
"""Fault 2: the backend gets SIGKILL while 10,000 samples/s flow in, and is started again.

A message is acknowledged to the broker only after its samples are written (write(2)) to
the ingest journal, which is replayed at the next start (design: durability), so the
documented loss bound of a crash of the backend process is 0; replay stores nothing twice.
"""

import re
import signal

from lib.fault import Fault
from lib.scenarios import restarts_under_load

LOSS_BOUND = 0  # samples; docs/architecture.md, "Acknowledging only what is safe"

with Fault("backend-sigkill", __doc__) as fault:
    restarts, duration = (2, 10) if fault.short else (10, 60)
    broker, backend, expectations = restarts_under_load(fault, "backend", signal.SIGKILL, restarts, 0.0, duration)
    replayed = [int(n) for n in re.findall(r"start: (\d+) journaled messages replayed", backend.log_text())]
    fault.figure("journal_replayed_msgs", sum(replayed))
    result = fault.tally_sqlite(backend.db_path, expectations)
    fault.check(result.lost <= LOSS_BOUND, f"{result.lost} samples lost across SIGKILL restarts (bound {LOSS_BOUND})")
