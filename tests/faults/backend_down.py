#!/usr/bin/python3
"""Fault 3: the backend is down for a minute (short: 5 s) while the producers go on.

The backend's session is persistent (clean session off, fixed client id), so the broker
queues every message for it while it is away; that needs mosquitto's max_queued_messages
above messages per second times the outage (lib/stack.py's Broker: 2,000,000, where the
default of 1,000 would drop all but the first second). Once the backend is back it drains
the queue: nothing may be lost or duplicated.
"""

import signal

from lib.fault import Fault
from lib.scenarios import restarts_under_load

with Fault("backend-down", __doc__) as fault:
    down = 5.0 if fault.short else 60.0
    broker, backend, expectations = restarts_under_load(fault, "backend", signal.SIGTERM, 1, down, 2.0 * down + 2.0)
    result = fault.tally_sqlite(backend.db_path, expectations)
    fault.check(result.lost == 0, f"{result.lost} samples lost while the backend was down {down:.0f} s")
