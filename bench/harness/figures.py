"""The figure lines the C++ benchmarks print (bench/support: "| bench | figure | value unit |
target | ok/SHORT |") parsed into records, and several runs of them summarised as median and
min-max spread."""

import re
import statistics

_ROW = re.compile(r"^\| ([^|]+) \| ([^|]+) \| (-?[0-9.e+-]+) ?([^|]*?) \| ([^|]*) \| ([^|]*) \|\s*$")
# Parts of a figure's name that change from run to run ("p50 (10001 samples)").
_RUN_SPECIFIC = re.compile(r" \(\d+ samples\)")


def parse(text):
    """The figure rows of one benchmark run's output, in order."""
    rows = []
    for line in text.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        bench, name, value, unit, target, status = (g.strip() for g in m.groups())
        rows.append({
            "bench": bench,
            "figure": _RUN_SPECIFIC.sub("", name),
            "value": float(value),
            "unit": unit,
            "target": None if target == "-" else target,
            "status": None if status == "-" else status,
        })
    return rows


def spread(values):
    """Median, min and max of the values that are there (None where a run has no value)."""
    present = [v for v in values if v is not None]
    if not present:
        return {"median": None, "min": None, "max": None, "runs": values}
    return {"median": statistics.median(present), "min": min(present), "max": max(present), "runs": values}


def combine(runs):
    """Figures of several runs (each a list from parse()) as one list: per figure the median,
    min, max, every run's value, and how many runs met the target."""
    order, by_key = [], {}
    for i, rows in enumerate(runs):
        for row in rows:
            key = (row["bench"], row["figure"])
            if key not in by_key:
                order.append(key)
                by_key[key] = {"bench": row["bench"], "figure": row["figure"], "unit": row["unit"],
                               "target": row["target"], "values": [None] * len(runs), "status": []}
            by_key[key]["values"][i] = row["value"]
            if row["status"]:
                by_key[key]["status"].append(row["status"])
    out = []
    for key in order:
        entry = by_key[key]
        stats = spread(entry.pop("values"))
        statuses = entry.pop("status")
        entry.update(stats)
        if statuses:
            ok = sum(1 for s in statuses if s == "ok")
            entry["status"] = "ok" if ok == len(statuses) else ("SHORT" if ok == 0 else f"ok {ok}/{len(statuses)}")
        else:
            entry["status"] = None
        out.append(entry)
    return out


def number(value):
    """A figure as the C++ benchmarks print it: integers from 100 up, three significant digits below."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"
