#!/usr/bin/python3
"""Bad clients: 100 live stream clients that never read, beside 1,000 that do.

One producer publishes 50 samples/s (five series at 10 Hz, a message each). First the 1,000
healthy clients alone: their delivery latency (publish -> bytes read) and the backend's RSS.
Then 100 clients connect that never read a byte (tiny receive buffers, so the backend soon
has a write to each that cannot complete), and the same is measured again. The stalled
clients must cost the others nothing: every healthy client gets every sample, none is
dropped, the backend's memory stays bounded, and the healthy p99 latency is not much worse.
Both p99 figures are reported; only a generous bound is asserted (a shared 2-core machine
is noisy, and the readers here are Python on that machine).
Short version: the same clients, 5 s per phase instead of 60 s (after a warm-up phase of the
same length that is not measured).
"""

import time

from lib.fault import Fault
from lib.live import StalledClients, StreamReaders, percentile
from lib.stack import Backend, Broker, Producer, log, raise_fd_limit, wait_until

HEALTHY, STALLED = 1000, 100

with Fault("sse-stalled-clients", __doc__) as fault:
    phase_s = 5.0 if fault.short else 60.0
    fault.figure("fd_limit", raise_fd_limit(8192))
    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker))
    backend.start()
    readers = StreamReaders(backend.http_port, HEALTHY)
    readers.start()
    connected = wait_until(lambda: backend.metrics().get("telemetry_sse_clients", 0) >= HEALTHY, 30.0, 0.2)
    fault.check(bool(connected), f"{HEALTHY} stream clients did not all connect")
    producer = fault.track(Producer(fault.work, broker, "fault-sse", 10, 1)).start()

    def phase(name):
        readers.record()
        rss = [backend.rss_mb()]
        began = time.monotonic()
        while time.monotonic() - began < phase_s:
            time.sleep(0.5)
            rss.append(backend.rss_mb())
        readers.record(False)
        latencies = list(readers.latencies)
        p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
        log(f"{name}: {len(latencies)} deliveries, p50 {p50:.1f} ms, p99 {p99:.1f} ms, RSS up to {max(rss):.1f} MiB")
        return p50, p99, max(rss)

    phase("warm-up")  # the first seconds of a thousand fresh streams are slower: not measured
    alone_p50, alone_p99, alone_rss = phase("1000 healthy clients alone")
    stalled = StalledClients(backend.http_port, STALLED)
    wait_until(lambda: backend.metrics().get("telemetry_sse_clients", 0) >= HEALTHY + STALLED, 10.0, 0.2)
    time.sleep(2.0)  # their receive buffers fill
    with_p50, with_p99, with_rss = phase("with 100 stalled clients")
    clients_now = backend.metrics().get("telemetry_sse_clients", 0)

    producer.stop()
    published = producer.summary()[0]
    wait_until(lambda: min(c.samples for c in readers.clients) >= published, 10.0, 0.1)
    readers.stop()
    short_of = [c.samples for c in readers.clients if c.samples != published]
    stalled.close()

    fault.figure("healthy_p50_ms_alone", alone_p50)
    fault.figure("healthy_p99_ms_alone", alone_p99)
    fault.figure("healthy_p50_ms_with_stalled", with_p50)
    fault.figure("healthy_p99_ms_with_stalled", with_p99)
    fault.figure("rss_mb_alone", alone_rss)
    fault.figure("rss_mb_with_stalled", with_rss)
    fault.figure("stalled_dropped", int(HEALTHY + STALLED - clients_now))
    fault.figure("published", published)
    fault.check(readers.closed == 0, f"{readers.closed} healthy clients were disconnected")
    fault.check(not short_of, f"{len(short_of)} healthy clients did not get all {published} samples "
                              f"(e.g. {short_of[:5]})")
    fault.check(backend.get("/healthz").status == 200, "the backend no longer answers")
    fault.loose(with_p99, 4 * alone_p99 + 250, "healthy p99 with stalled clients, ms (bound: 4 x alone + 250)")
    fault.loose(with_rss - alone_rss, 64.0, "RSS growth from the stalled clients, MiB")
