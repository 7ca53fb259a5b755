"""A MongoDB peer that keeps the samples it is sent and can stop answering for a while.

Usage: /usr/bin/python3 stalling_mongod.py INSERTED_LOG [PORT]

Built on the wire-level mock of the store tests (backend/tests/mongo_wire/mock_mongod.py,
scenario `empty`), with a memory: every sample document an insert carries is appended to
INSERTED_LOG as one line `source signal ts_ms` (flushed before the reply, so a line is a
document the server acknowledged, duplicates included), and a find on `samples` answers the
stored samples of its series and range, as the store's idempotent write expects.

SIGUSR1 stalls it: no request on any connection is answered (handshakes and heartbeats
included) until SIGUSR2, after which the held requests are answered in order. Prints
"port N" once it accepts connections; runs until it is killed. Needs Debian's
python3-mockupdb.
"""

import bisect
import datetime
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "backend" / "tests" / "mongo_wire"))

from mock_mongod import cursor_reply, scripted_server  # noqa: E402 (after the path is set)
from mockupdb import MockupDB  # noqa: E402

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def epoch_ms(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return (value - EPOCH) // datetime.timedelta(milliseconds=1)


class stalling_server(scripted_server):
    def __init__(self, inserted_path):
        super().__init__("empty", os.devnull)
        self.inserted = open(inserted_path, "a", encoding="ascii")
        self.stored = {}  # (source, signal) -> {ts ms: value}
        self.order = {}  # (source, signal) -> its ts ascending
        self.stalled = False

    def handle(self, request):
        # mockupdb answers under one lock: holding it here holds every connection.
        while self.stalled:
            time.sleep(0.01)
        return super().handle(request)

    def record(self, request):
        pass  # the command log of the store tests; here only the samples are kept

    def answer(self, request, name):
        collection = request.doc.get(name) if name in ("insert", "find") else None
        if name == "insert" and collection == "samples":
            documents = request.doc.get("documents", [])
            lines = []
            for doc in documents:
                key = (doc["meta"]["source"], doc["meta"]["signal"])
                ts = epoch_ms(doc["ts"])
                series = self.stored.setdefault(key, {})
                if ts not in series:
                    bisect.insort(self.order.setdefault(key, []), ts)
                series[ts] = doc["value"]
                lines.append(f"{key[0]} {key[1]} {ts}\n")
            self.inserted.write("".join(lines))
            self.inserted.flush()
            return request.ok(n=len(documents))
        if name == "find" and collection == "samples":
            query = request.doc.get("filter", {})
            key = (query.get("meta.source"), query.get("meta.signal"))
            bounds = query.get("ts", {})
            order = self.order.get(key, [])
            low = bisect.bisect_left(order, epoch_ms(bounds["$gte"])) if "$gte" in bounds else 0
            high = bisect.bisect_right(order, epoch_ms(bounds["$lte"])) if "$lte" in bounds else len(order)
            series = self.stored.get(key, {})
            found = order[low:high]
            docs = [{"ts": EPOCH + datetime.timedelta(milliseconds=ts), "value": series[ts]} for ts in found]
            return cursor_reply(request, request.namespace + ".samples", docs)
        return super().answer(request, name)


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    server_script = stalling_server(sys.argv[1])

    def stall(_signum, _frame):
        server_script.stalled = True

    def resume(_signum, _frame):
        server_script.stalled = False

    signal.signal(signal.SIGUSR1, stall)
    signal.signal(signal.SIGUSR2, resume)
    server = MockupDB(port=int(sys.argv[2]) if len(sys.argv) == 3 else None)
    server.autoresponds(server_script.handle)
    print("port %d" % server.run(), flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
