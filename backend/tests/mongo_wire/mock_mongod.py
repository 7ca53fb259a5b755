"""A scripted MongoDB server for the wire-level tests of the MongoDB store.

Usage: python3 mock_mongod.py SCENARIO COMMAND_LOG [PORT]

Listens on 127.0.0.1 (PORT, or any free port when absent or 0) and prints "port N" as the
first line of stdout once it accepts connections. Every command but the hello/isMaster
handshakes and heartbeats is appended to COMMAND_LOG as one JSON line,
{"command": NAME, "database": DB, "document": {...}} with the document in canonical extended
JSON, and flushed before the reply is sent, so a test reads it as soon as its call returns.

Scenarios (the replies the server scripts):
  empty        a fresh database: no collections, every write ok, finds and aggregates empty
  existing     `samples` (time-series, expiring after 86400 s) and `series` exist; finds and
               the aggregate answer the canned documents below
  errors       like existing, but every data command answers {ok: 0, errmsg, code}
  insert_error like empty, but every insert answers {ok: 0, errmsg, code}
  hangup_once  like empty, but the first insert closes the connection instead of answering

Runs until it is killed. Needs Debian's python3-mockupdb (run with /usr/bin/python3).
"""

import collections
import datetime
import sys
import threading

from bson import json_util
from bson.int64 import Int64
from mockupdb import MockupDB

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
T0 = 1764857000000  # the tests' first timestamp, epoch ms

HANDSHAKES = {"hello", "ismaster"}
DATA_COMMANDS = {"insert", "find", "aggregate", "delete", "update", "ping"}
ERROR_CODE = 14031  # OutOfDiskSpace: not retryable, so the client reports it as is


def date(ms):
    return EPOCH + datetime.timedelta(milliseconds=ms)


CANNED_SAMPLES = [
    collections.OrderedDict([("ts", date(T0 + 100)), ("value", 1.5)]),
    collections.OrderedDict([("ts", date(T0 + 300)), ("value", 2.5)]),
    collections.OrderedDict([("ts", date(T0 + 500)), ("value", 3.5)]),
]
CANNED_SERIES = [
    collections.OrderedDict([("_id", "plant/a"), ("name", "Power"), ("unit", "kW"), ("min", 0.0),
                             ("max", 1200.0), ("description", "DC input")]),
]
CANNED_GROUPS = [
    {"_id": collections.OrderedDict([("source", "plant"), ("signal", "a")])},
    {"_id": collections.OrderedDict([("source", "plant"), ("signal", "b")])},
]
EXISTING_COLLECTIONS = [
    {"name": "samples", "type": "timeseries",
     "options": {"expireAfterSeconds": Int64(86400),
                 "timeseries": {"timeField": "ts", "metaField": "meta", "granularity": "seconds"}},
     "info": {"readOnly": False}},
    {"name": "series", "type": "collection", "options": {}, "info": {"readOnly": False}},
]


class scripted_server:
    def __init__(self, scenario, log_path):
        if scenario not in ("empty", "existing", "errors", "insert_error", "hangup_once"):
            raise SystemExit("unknown scenario: " + scenario)
        self.scenario = scenario
        self.log = open(log_path, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.inserts = 0
        self.connections = 0

    def handle(self, request):
        name = (request.command_name or "").lower()
        if name in HANDSHAKES:
            return self.hello(request)
        self.record(request)
        return self.answer(request, name)

    def hello(self, request):
        with self.lock:
            self.connections += 1
            connection_id = self.connections
        return request.ok(ismaster=True, isWritablePrimary=True, helloOk=True,
                          minWireVersion=0, maxWireVersion=17,
                          maxBsonObjectSize=16 * 1024 * 1024, maxMessageSizeBytes=48000000,
                          maxWriteBatchSize=100000, logicalSessionTimeoutMinutes=30,
                          localTime=datetime.datetime.now(datetime.timezone.utc),
                          connectionId=connection_id)

    def record(self, request):
        line = collections.OrderedDict([("command", request.command_name),
                                        ("database", request.namespace),
                                        ("document", request.doc)])
        text = json_util.dumps(line, json_options=json_util.CANONICAL_JSON_OPTIONS)
        with self.lock:
            self.log.write(text + "\n")
            self.log.flush()

    def answer(self, request, name):
        db = request.namespace
        if (self.scenario == "errors" and name in DATA_COMMANDS
                or self.scenario == "insert_error" and name == "insert"):
            return request.command_err(code=ERROR_CODE, errmsg="mock failure on " + name)
        if name == "insert":
            with self.lock:
                self.inserts += 1
                first = self.inserts == 1
            if self.scenario == "hangup_once" and first:
                return request.hangup()
            return request.ok(n=len(request.doc.get("documents", [])))
        if name == "listcollections":
            existing = self.scenario in ("existing", "errors")
            wanted = request.doc.get("filter", {}).get("name")
            found = [c for c in EXISTING_COLLECTIONS if existing and wanted in (None, c["name"])]
            return cursor_reply(request, db + ".$cmd.listCollections", found)
        if name == "find":
            collection = request.doc["find"]
            if self.scenario in ("existing", "errors"):
                docs = CANNED_SAMPLES if collection == "samples" else CANNED_SERIES
            else:
                docs = []
            return cursor_reply(request, db + "." + collection, docs)
        if name == "aggregate":
            docs = CANNED_GROUPS if self.scenario in ("existing", "errors") else []
            return cursor_reply(request, db + "." + request.doc["aggregate"], docs)
        if name == "update":
            return request.ok(n=len(request.doc.get("updates", [])), nModified=0)
        if name == "delete":
            return request.ok(n=0)
        # create, createIndexes, collMod, ping, endSessions, killCursors, ...
        return request.ok()


def cursor_reply(request, namespace, docs):
    return request.ok(cursor=collections.OrderedDict(
        [("id", Int64(0)), ("ns", namespace), ("firstBatch", list(docs))]))


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    scenario, log_path = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) == 4 else 0
    script = scripted_server(scenario, log_path)
    server = MockupDB(port=port or None)
    server.autoresponds(script.handle)
    bound = server.run()
    print("port %d" % bound, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
