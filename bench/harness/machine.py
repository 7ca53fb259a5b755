"""The machine header of every benchmark result: date, CPU, cores, memory, kernel, load, and the
versions of the systems measured. No host names and no paths of this machine."""

import datetime
import os
import platform
import re
import subprocess


def _run(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1048576)
    except OSError:
        pass
    return None


def load_average():
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return []


def deb_version(package):
    """The installed Debian package version, or None."""
    out = _run(["dpkg-query", "-W", "-f=${Version}", package]).strip()
    return out or None


def commit(root):
    head = _run(["git", "-C", root, "rev-parse", "--short", "HEAD"]).strip() or "unknown"
    dirty = subprocess.run(["git", "-C", root, "diff", "--quiet", "HEAD", "--", "backend", "common", "bench"],
                           capture_output=True).returncode
    return head + (" + local changes" if dirty else "")


def versions(root, peers=True):
    """The versions of the product's parts and, with `peers`, of the systems it is compared with."""
    mosquitto = re.search(r"mosquitto version (\S+)", _run(["mosquitto", "-h"]))
    sqlite = deb_version("libsqlite3-0")
    out = {
        "telemetry-backend": commit(root),
        "mosquitto": mosquitto.group(1) if mosquitto else deb_version("mosquitto"),
        "sqlite": sqlite.split("-")[0] if sqlite else None,
    }
    if peers:
        influx = re.search(r"InfluxDB v(\S+)", _run(["influxd", "version"]))
        out["influxdb"] = influx.group(1) if influx else deb_version("influxdb")
        vm = deb_version("victoria-metrics")
        out["victoria-metrics"] = vm.split("+")[0] if vm else None
    return out


def header(root, peers=True):
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "kernel": "Linux " + platform.release(),
        "load_average_start": load_average(),
        "versions": versions(root, peers),
    }


def header_markdown(h):
    v = h["versions"]
    lines = [
        f"- Date: {h['date']}",
        f"- Machine: {h['cpu']}, {h['cores']} cores available, {h['memory_gb']} GB RAM, {h['kernel']}",
        "- Load average (1, 5, 15 min) at the start: {}; at the end: {} (other work shares the cores)".format(
            " ".join(f"{x:.2f}" for x in h.get("load_average_start", [])),
            " ".join(f"{x:.2f}" for x in h.get("load_average_end", []))),
        "- Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val),
    ]
    return lines
