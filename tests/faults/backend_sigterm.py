#!/usr/bin/python3
"""Fault 1: the backend gets SIGTERM while 10,000 samples/s flow in, and is started again.

SIGTERM drains everything (design: durability), and the broker keeps what arrives while the
backend is away for its persistent session: nothing may be lost or duplicated.
"""

import signal

from lib.fault import Fault
from lib.scenarios import restarts_under_load

with Fault("backend-sigterm", __doc__) as fault:
    restarts, duration = (1, 8) if fault.short else (5, 60)
    broker, backend, expectations = restarts_under_load(fault, "backend", signal.SIGTERM, restarts, 0.0, duration)
    result = fault.tally_sqlite(backend.db_path, expectations)
    fault.check(result.lost == 0, f"{result.lost} samples lost across SIGTERM restarts")
