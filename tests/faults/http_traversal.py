#!/usr/bin/python3
"""Bad input: path traversal against the dashboard's static file server, in every encoding.

The backend serves a folder with --static; beside the folder lies a secret file, and inside
it two symbolic links point out of it (to the secret and to /etc). Every request below tries
to reach a file outside the folder: dot segments plain, percent-encoded in upper and lower
case, double- and triple-encoded, with backslashes, as overlong UTF-8 and Unicode lookalikes,
with NUL bytes (encoded and raw), in absolute form, through the symlinks, and very long. Each
must be answered with a 4xx, or the connection closed cleanly, within a few seconds; the
SPA fallback (a 200 carrying the folder's own index.html) is also fine, since that file is
inside the folder. Never a 5xx, never a byte of a file outside the folder, and the backend
must still answer afterwards. (backend_integration_tests' PathTraversalNeverLeavesTheFolder
covers the first few plain and encoded forms; this is the rest.)
"""

import os

from lib import http
from lib.fault import Fault
from lib.stack import Backend, Broker, log

SECRET = "TOPSECRET-outside-the-folder"
INDEX = "<!doctype html><title>dashboard</title><div id=root></div>"

TARGETS = [
    # plain and encoded dot segments
    "/../secret.txt", "/../../../../etc/passwd", "/assets/../../secret.txt", "/./../secret.txt",
    "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt", "/%2e%2E%2fsecret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/..%2f..%2f..%2f..%2fetc/passwd",
    # double and triple encoding
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/%25%32%65%25%32%65/secret.txt",
    "/..%252fsecret.txt", "/%25252e%25252e%25252fsecret.txt", "/assets/%252e%252e/%252e%252e/etc/passwd",
    # backslashes
    "/..\\secret.txt", "/assets\\..\\..\\secret.txt", "/..%5csecret.txt", "/..%5Csecret.txt",
    "/%5c..%5c..%5csecret.txt", "/..%255csecret.txt", "/assets/..%5c..%5cetc%5cpasswd",
    # overlong UTF-8 and Unicode lookalikes of '.', '/' and '\'
    "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%f0%80%80%ae%f0%80%80%ae/secret.txt", "/..%c0%afsecret.txt", "/..%c1%9csecret.txt", "/%c0%2e%c0%2e/secret.txt",
    "/%c1%8e%c1%8e/secret.txt", "/%u002e%u002e/secret.txt", "/%uff0e%uff0e/secret.txt",
    "/%ef%bc%8e%ef%bc%8e/secret.txt", "/%e2%80%a5/secret.txt", "/..%e2%88%95secret.txt",
    # NUL, encoded
    "/%00", "/..%00/secret.txt", "/secret.txt%00", "/%2e%2e%00/secret.txt", "/index.html%00../../secret.txt",
    "/assets/%00/../../secret.txt",
    # odd forms
    "//../secret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/%2F%2Fetc%2Fpasswd", "/....//secret.txt",
    "/..;/secret.txt", "/.../secret.txt", "/..%09/secret.txt", "/..%20/secret.txt", "/..%3bsecret.txt",
    "/%2e%2e%3f/secret.txt", "/api/../secret.txt", "/api/%2e%2e/%2e%2e/secret.txt",
    "http://127.0.0.1/../secret.txt", "http://127.0.0.1/%2e%2e/secret.txt",
    # through symbolic links inside the folder
    "/leak.txt", "/etc-link/passwd", "/etc-link/../secret.txt", "/assets/../leak.txt",
    # very long
    "/" + "..%2f" * 1500 + "etc/passwd", "/" + "a/" * 3000 + "../" * 3001 + "secret.txt",
]

# Raw bytes no client library would send: NUL and overlong UTF-8 in the request line itself.
RAW_REQUESTS = [
    b"GET /..\x00/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /\xc0\xae\xc0\xae/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /..\xc0\xafsecret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /..\\secret.txt HTTP/1.0\r\n\r\n",
    b"GET ../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET %2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
]


def request(target):
    return f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1")


with Fault("http-traversal", __doc__) as fault:
    site = fault.work.sub("site")
    (site / "assets").mkdir()
    (site / "index.html").write_text(INDEX)
    (site / "assets" / "app.js").write_text("console.log('dashboard');")
    (fault.work.path / "secret.txt").write_text(SECRET)
    os.symlink(fault.work.path / "secret.txt", site / "leak.txt")
    os.symlink("/etc", site / "etc-link")
    passwd = open("/etc/passwd", encoding="utf-8").read().splitlines()[0]

    broker = fault.track(Broker(fault.work)).start()
    backend = fault.track(Backend(fault.work, broker, extra=["--static", str(site)]))
    backend.start()

    outcomes = {"4xx": 0, "closed": 0, "app": 0}
    bad = []
    cases = [(t, request(t)) for t in TARGETS] + [(repr(r.split(b" HTTP/")[0]), r) for r in RAW_REQUESTS]
    for name, raw in cases:
        reply = http.exchange(backend.http_port, raw, timeout=5.0)
        body = reply.body.decode("latin-1")
        if SECRET in body or passwd in body or "root:" in body:
            bad.append(f"{name[:80]} leaked a file outside the folder")
        elif 400 <= reply.status < 500:
            outcomes["4xx"] += 1
        elif reply.status == 0 and reply.closed and not reply.body:
            outcomes["closed"] += 1
        elif reply.status == 200 and body == INDEX:
            outcomes["app"] += 1
            log(f"{name[:80]}: the app (SPA fallback inside the folder)")
        else:
            bad.append(f"{name[:80]} -> status {reply.status}, closed {reply.closed}, {len(reply.body)} bytes")

    # The same, pipelined on one keep-alive connection: one bad request must not confuse the next.
    pipelined = b"".join(request(t).replace(b"Connection: close", b"Connection: keep-alive") for t in TARGETS[:20])
    pipelined += request("/healthz")
    reply = http.exchange(backend.http_port, pipelined, timeout=5.0)
    text = reply.body.decode("latin-1")
    fault.check(SECRET not in text and "root:" not in text, "a pipelined request leaked a file outside the folder")
    fault.check(b" 500 " not in reply.body and reply.status < 500, "a pipelined request got a 5xx")

    fault.figure("requests", len(cases) + 21)
    for key, count in outcomes.items():
        fault.figure(key, count)
    fault.figure("bad", len(bad))
    for problem in bad:
        fault.check(False, problem)
    fault.check(backend.get("/healthz").status == 200, "the backend no longer answers after the bad requests")
    fault.check(backend.get("/assets/app.js").status == 200, "the folder's own files are no longer served")
    fault.check(backend.running(), "the backend died")
