#!/usr/bin/python3
"""Fault 4: mosquitto is restarted (SIGTERM, then started again on the same port and
persistence file) while the producers publish and the backend ingests.

The producers buffer what they publish while the broker is away and resend what it had not
acknowledged; mosquitto saves its sessions and queues on SIGTERM; the backend reconnects and
subscribes again. Nothing may be lost or duplicated.
"""

import signal

from lib.fault import Fault
from lib.scenarios import restarts_under_load

with Fault("broker-restart", __doc__) as fault:
    restarts, down, duration = (2, 1.0, 14) if fault.short else (4, 5.0, 90)
    broker, backend, expectations = restarts_under_load(fault, "broker", signal.SIGTERM, restarts, down, duration)
    result = fault.tally_sqlite(backend.db_path, expectations)
    fault.check(result.lost == 0, f"{result.lost} samples lost across {restarts} broker restarts")
