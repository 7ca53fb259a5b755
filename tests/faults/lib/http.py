"""Plain HTTP/1.1 over loopback sockets: a GET, a raw exchange, an SSE reader, /metrics text.

Raw sockets rather than urllib: the fault tests send targets no client library would send
as is (encoded dots, NUL, backslashes) and read streams byte by byte.
"""

import json
import re
import socket
import time
from dataclasses import dataclass, field


_SAMPLE_TS = re.compile(rb'"ts":(-?[0-9]+)')


@dataclass
class Reply:
    status: int = 0  # 0: no status line (the connection was closed or timed out first)
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    closed: bool = False  # the server closed the connection

    def json(self):
        return json.loads(self.body)


def _split(raw):
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return 0, {}, b""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1]) if len(parts) >= 2 and parts[0].startswith("HTTP/1.") and parts[1].isdigit() else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def _dechunk(body):
    out = bytearray()
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return bytes(out)


def exchange(port, request_bytes, timeout=5.0):
    """Sends raw bytes, reads until the server closes or `timeout` passes; returns a Reply."""
    reply = Reply()
    raw = bytearray()
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(request_bytes)
        except OSError:
            pass  # the server may close before taking everything: read what it said
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            s.settimeout(left)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                reply.closed = True
                break
            if not chunk:
                reply.closed = True
                break
            raw += chunk
    reply.status, reply.headers, reply.body = _split(bytes(raw))
    return reply


def get(port, target, timeout=5.0, headers=None):
    """GET with Connection: close; the body is read to the end (chunked bodies are joined)."""
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    reply = exchange(port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), timeout)
    if reply.headers.get("transfer-encoding", "").lower() == "chunked":
        reply.body = _dechunk(reply.body)
    return reply


def parse_metrics(text):
    """Prometheus text -> {'name{labels}': value}."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        try:
            out[name] = float(value)
        except ValueError:
            pass
    return out


class SseClient:
    """One non-blocking /api/stream connection; `feed()` parses whatever has arrived.

    `on_samples(client, timestamps, received_ms)` is called for every `samples` event with the
    ts of its samples and the wall-clock time (epoch ms, like a ts) its bytes were read.
    """

    def __init__(self, port, target="/api/stream", receive_buffer=0, headers=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.connect(("127.0.0.1", port))
        lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Accept: text/event-stream"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.sock.setblocking(False)
        self.buffer = bytearray()
        self.head_done = False
        self.status = 0
        self.closed = False
        self.events = 0
        self.samples = 0
        self.last_id = None
        self._event = {}

    def fileno(self):
        return self.sock.fileno()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed = True

    def feed(self, on_samples=None):
        """Reads what is there; returns False once the server closed the stream."""
        try:
            chunk = self.sock.recv(262144)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        received = time.time() * 1000.0
        self.buffer += chunk
        if not self.head_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return True
            self.status, _, _ = _split(bytes(self.buffer[:end + 4]))
            del self.buffer[:end + 4]
            self.head_done = True
        # The stream is the raw body of a Connection: close answer (no chunking): whole lines
        # are parsed as they come, an event ends at a blank line.
        start = 0
        while True:
            eol = self.buffer.find(b"\n", start)
            if eol < 0:
                break
            line = bytes(self.buffer[start:eol]).rstrip(b"\r")
            start = eol + 1
            if not line:
                if self._event:
                    self._dispatch(self._event, received, on_samples)
                self._event = {}
                continue
            name, _, value = line.partition(b":")
            if name in (b"event", b"id", b"data"):
                self._event[name] = value[1:] if value.startswith(b" ") else value
        del self.buffer[:start]
        return True

    def _dispatch(self, event, received, on_samples):
        self.events += 1
        if b"id" in event:
            self.last_id = event[b"id"].decode()
        if event.get(b"event") == b"samples":
            # A thousand clients read the same events: a regex is much cheaper than a JSON parse.
            timestamps = [int(ts) for ts in _SAMPLE_TS.findall(event[b"data"])]
            self.samples += len(timestamps)
            if on_samples is not None:
                on_samples(self, timestamps, received)
