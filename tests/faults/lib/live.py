"""Live stream clients for the fault tests: many /api/stream readers on one selector thread.

Each `samples` event's samples are timed on arrival: delivery latency = the wall-clock time
their bytes were read minus the sample's ts. The producer publishes a sample at its tick
(batch 1), so this is publish -> SSE client, plus the reader's own delay on a busy machine.
"""

import selectors
import socket
import threading
import time
from array import array

from .http import SseClient


def percentile(values, q):
    """numpy's default (linear) percentile of a sequence; 0.0 when it is empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    h = (len(ordered) - 1) * q / 100.0
    lo = int(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


class StreamReaders(threading.Thread):
    """`count` clients that read everything, on one thread, until `stop()`."""

    def __init__(self, port, count, target="/api/stream"):
        super().__init__(daemon=True)
        self.selector = selectors.DefaultSelector()
        self.clients = []
        for _ in range(count):
            client = SseClient(port, target)
            self.clients.append(client)
            self.selector.register(client, selectors.EVENT_READ)
        self.latencies = array("d")  # ms, of the samples received while `recording`
        self.recording = False
        self.closed = 0
        self.last_ts = 0  # newest sample ts seen by any client
        self.last_arrival = 0.0  # time.monotonic() of the newest samples event
        self.longest_silence = 0.0  # longest time between samples events while recording, s
        self._stopping = threading.Event()

    def _on_samples(self, _client, timestamps, received_ms):
        now = time.monotonic()
        if self.recording and self.last_arrival:
            self.longest_silence = max(self.longest_silence, now - self.last_arrival)
        self.last_arrival = now
        if timestamps:
            self.last_ts = max(self.last_ts, max(timestamps))
            if self.recording:
                self.latencies.extend(received_ms - ts for ts in timestamps)

    def run(self):
        while not self._stopping.is_set():
            for key, _ in self.selector.select(timeout=0.1):
                client = key.fileobj
                if not client.feed(self._on_samples):
                    self.selector.unregister(client)
                    client.close()
                    self.closed += 1

    def record(self, on=True):
        """Starts (or stops) keeping latencies; resets them when starting."""
        if on:
            self.latencies = array("d")
            self.longest_silence = 0.0
        self.recording = on

    def stop(self):
        self._stopping.set()
        self.join(5.0)
        for client in self.clients:
            client.close()
        self.selector.close()

    def opened(self):
        """How many clients got the 200 head of the stream."""
        return sum(1 for c in self.clients if c.status == 200)


class StalledClients:
    """`count` stream clients that send their request and then never read a byte.

    A small receive buffer makes their sockets fill after a few kilobytes, so the backend
    soon has a write in flight to each that cannot complete.
    """

    def __init__(self, port, count, target="/api/stream", receive_buffer=1024):
        self.sockets = []
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            s.connect(("127.0.0.1", port))
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
            self.sockets.append(s)

    def close(self):
        for s in self.sockets:
            s.close()
