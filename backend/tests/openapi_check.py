#!/usr/bin/python3
"""Checks that a running telemetry-backend answers as docs/openapi.yaml says.

Calls every documented endpoint with valid and invalid parameters and checks, for each
answer, that its status is documented for the path, that its content type is one the
document lists for that status, and that JSON bodies (and the data of SSE events) validate
against the document's schemas, converted from OpenAPI 3.0 to JSON Schema. Exits 1 listing
every disagreement, 0 when there is none.

Usage: openapi_check.py --doc docs/openapi.yaml --base-url http://127.0.0.1:8080 --series SOURCE/SIGNAL
The backend must already hold some samples of SERIES from the last hour.
Needs Debian's python3-yaml and python3-jsonschema.
"""

import argparse
import copy
import http.client
import json
import socket
import sys
import urllib.parse

import jsonschema
import yaml


def to_json_schema(node):
    """OpenAPI 3.0 schema objects -> JSON Schema (draft 7): `nullable` becomes a type list."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("nullable", "example", "x-events", "externalDocs", "xml", "discriminator", "deprecated"):
            continue
        out[key] = to_json_schema(value)
    if node.get("nullable") is True:
        if "$ref" in out:
            return {"anyOf": [out, {"type": "null"}]}
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
    return out


class Checker:
    def __init__(self, doc_path, base_url, series):
        with open(doc_path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.converted = to_json_schema(copy.deepcopy(self.doc))
        self.resolver = jsonschema.RefResolver.from_schema(self.converted)
        url = urllib.parse.urlsplit(base_url)
        self.host = url.hostname
        self.port = url.port or 80
        self.series = series
        self.failures = []
        self.checked = 0
        self.covered = set()  # (path, status)

    # --- HTTP ---------------------------------------------------------------------------------

    def request(self, target, method="GET", headers=None, stream=False):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.request(method, target, headers=headers or {})
        res = conn.getresponse()
        if stream and res.status == 200:
            body = self.read_stream(res)
        else:
            body = res.read()
        conn.close()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, body

    @staticmethod
    def read_stream(res, seconds=0.4):
        """Reads an event stream for a bounded time."""
        res.fp.raw._sock.settimeout(seconds)  # pylint: disable=protected-access
        chunks = []
        try:
            while True:
                chunk = res.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, TimeoutError):
            pass
        return b"".join(chunks)

    # --- the document -------------------------------------------------------------------------

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            parts = node["$ref"].lstrip("#/").split("/")
            node = self.doc
            for part in parts:
                node = node[part]
        return node

    def schema(self, name):
        return {"$ref": "#/components/schemas/" + name}

    def validate(self, label, instance, schema):
        self.checked += 1
        try:
            jsonschema.validate(instance, schema, resolver=self.resolver,
                                cls=jsonschema.Draft7Validator)
        except jsonschema.ValidationError as e:
            path = "/".join(str(p) for p in e.absolute_path)
            self.fail(label, f"body does not match the schema at '{path}': {e.message}")

    def fail(self, label, message):
        self.failures.append(f"{label}: {message}")

    # --- one call -----------------------------------------------------------------------------

    def call(self, path, params=None, expect=200, method="GET", headers=None, doc_path=None):
        """Calls path with params; checks the answer against the document; returns it."""
        query = urllib.parse.urlencode(params or [], doseq=True, safe="/:")
        target = path + ("?" + query if query else "")
        label = f"{method} {target}"
        stream = path == "/api/stream"
        status, res_headers, body = self.request(target, method, headers, stream=stream)
        if status != expect:
            self.fail(label, f"status {status}, expected {expect}: {body[:200]!r}")
        doc_path = doc_path or path
        operation = self.doc["paths"].get(doc_path, {}).get(method.lower())
        if operation is None:
            self.fail(label, f"{method} {doc_path} is not in the document")
            return status, res_headers, body
        response = operation["responses"].get(str(status))
        if response is None:
            self.fail(label, f"status {status} is not documented for {method} {doc_path}")
            return status, res_headers, body
        self.covered.add((doc_path, str(status)))
        response = self.resolve(response)
        content = response.get("content", {})
        ctype = res_headers.get("content-type", "").split(";")[0].strip()
        if content and ctype not in content:
            self.fail(label, f"content type '{ctype}' is not documented (documented: {sorted(content)})")
            return status, res_headers, body
        for name, header in response.get("headers", {}).items():
            allowed = self.resolve(header.get("schema", {})).get("enum")
            value = res_headers.get(name.lower())
            if allowed and value is not None and value not in allowed:
                self.fail(label, f"header {name}: '{value}' is not one of {allowed}")
        media = content.get(ctype, {})
        if ctype == "application/json":
            try:
                parsed = json.loads(body)
            except ValueError as e:
                self.fail(label, f"not JSON: {e}")
                return status, res_headers, body
            self.validate(label, parsed, to_json_schema(media.get("schema", {})))
            return status, res_headers, parsed
        if ctype == "text/event-stream":
            self.check_events(label, body.decode("utf-8"), media.get("x-events", {}))
        return status, res_headers, body

    def check_events(self, label, text, event_schemas):
        if not text.startswith("retry: 2000\n"):
            self.fail(label, f"stream does not start with 'retry: 2000': {text[:40]!r}")
        for block in text.split("\n\n"):
            fields = {}
            for line in block.split("\n"):
                if not line or line.startswith(":") or line.startswith("retry:"):
                    continue
                key, _, value = line.partition(":")
                fields[key] = fields.get(key, "") + value.lstrip(" ")
            if "event" not in fields:
                continue
            name = fields["event"]
            if name not in event_schemas:
                self.fail(label, f"event '{name}' is not documented")
                continue
            data = json.loads(fields.get("data", "null"))
            self.validate(f"{label} event {name}", data, self.schema(event_schemas[name]))
            if "seq" in data and fields.get("id") != str(data["seq"]):
                self.fail(label, f"event {name}: id {fields.get('id')} is not data.seq {data['seq']}")

    # --- the cases ----------------------------------------------------------------------------

    def run(self):
        s = self.series
        _, _, series = self.call("/api/series")
        if not any(item.get("id") == s for item in series if isinstance(item, dict)):
            self.fail("/api/series", f"series {s} is not listed; publish some samples first")
        self.call("/api/series", [("unknown", "1")], expect=400)

        _, _, page = self.call("/api/history", [("series", s), ("limit", "3")])
        if isinstance(page, dict) and page.get("next"):
            self.call("/api/history", [("series", s), ("limit", "3"), ("cursor", page["next"])])
        else:
            self.fail("/api/history?limit=3", "expected a next cursor; is the series holding more than 3 points?")
        self.call("/api/history", [("series", s), ("from", "2020-01-01T00:00:00Z")])
        _, headers, csv = self.call("/api/history", [("series", s), ("format", "csv"), ("limit", "2")])
        if not csv.startswith(b"series,ts,time,value\n"):
            self.fail("/api/history?format=csv", f"no CSV header: {csv[:40]!r}")
        if "x-next-cursor" not in headers:
            self.fail("/api/history?format=csv&limit=2", "no X-Next-Cursor header")
        for bad in ([], [("series", "no/such")], [("series", s), ("from", "2"), ("to", "1")],
                    [("series", s), ("from", "yesterday")], [("series", s), ("limit", "0")],
                    [("series", s), ("limit", "100001")], [("series", s), ("format", "xml")],
                    [("series", s), ("cursor", "x")], [("series", s), ("colour", "red")]):
            self.call("/api/history", bad, expect=400)

        _, _, chart = self.call("/api/chart")
        self.call("/api/chart", [("series", s), ("width", "10")])
        for bad in ([("width", "0")], [("width", "10001")], [("series", "no/such")], [("from", "x")]):
            self.call("/api/chart", bad, expect=400)

        self.call("/api/stats")
        self.call("/api/stats", [("series", s), ("from", "0"), ("to", "1000")])
        for bad in ([("series", "no/such")], [("to", "2026-02-30T00:00:00Z")], [("width", "5")]):
            self.call("/api/stats", bad, expect=400)

        self.call("/healthz")
        self.call("/readyz")
        _, _, metrics = self.call("/metrics")
        if b"telemetry_ingest_rejected_total{reason=" not in metrics:
            self.fail("/metrics", "no telemetry_ingest_rejected_total by reason")

        seq = chart.get("seq", 0) if isinstance(chart, dict) else 0
        self.call("/api/stream", [("since", str(max(seq - 3, 0)))])  # replays the last batches
        self.call("/api/stream", headers={"Last-Event-ID": "1"})  # older than the buffer: reset
        self.call("/api/stream", [("series", s)])
        self.call("/api/stream", [("since", "x")], expect=400)
        self.call("/api/stream", [("series", "Not A Series")], expect=400)

        # Paths outside the document still answer with the documented error body.
        for path, expect in (("/api/no-such-endpoint", 404),):
            status, _, body = self.request(path)
            label = f"GET {path}"
            if status != expect:
                self.fail(label, f"status {status}, expected {expect}")
            self.validate(label, json.loads(body), self.schema("Error"))
        status, _, body = self.request("/api/series", method="POST")
        if status != 405:
            self.fail("POST /api/series", f"status {status}, expected 405")
        self.validate("POST /api/series", json.loads(body), self.schema("Error"))

        # Every documented path was called.
        for path in self.doc["paths"]:
            if path != "/" and not any(p == path for p, _ in self.covered):
                self.fail(path, "documented but not checked")
        return not self.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doc", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--series", required=True)
    args = parser.parse_args()
    checker = Checker(args.doc, args.base_url, args.series)
    jsonschema.Draft7Validator.check_schema(checker.converted["components"]["schemas"]["Series"])
    ok = checker.run()
    for failure in checker.failures:
        print("FAIL", failure)
    print(f"openapi_check: {checker.checked} bodies validated, {len(checker.failures)} disagreements")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
