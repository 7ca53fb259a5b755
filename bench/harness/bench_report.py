#!/usr/bin/python3
"""Writes bench/results/latest.md and latest.json from the logs of several runs of scripts/bench:
per figure the median and the min-max spread of the runs, and the machine header.

    bench_report.py --command "make bench" --md OUT.md --json OUT.json RUN1.log RUN2.log ...
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figures  # noqa: E402
import machine  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_PRODUCER = [
    ("producer live: delivered", re.compile(r"^producer live.*delivered ([0-9.]+) samples/s"), "samples/s"),
    ("producer live: lost", re.compile(r"^producer live.*lost (\d+)\)"), "samples"),
    ("producer burst: backfill rate", re.compile(r"^producer burst.*= ([0-9.]+) samples/s"), "samples/s"),
    ("producer burst: lost", re.compile(r"^producer burst.*lost (\d+)\)"), "samples"),
]
_GBENCH = re.compile(r"^(api_handlers::\S+ .+?)\s+([0-9.]+) (ns|us|ms|s)\s+([0-9.]+) (?:ns|us|ms|s)\s+(\d+)\s*$")
_TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def extra_rows(text):
    """Figures of the producer benchmark and of Google Benchmark, which print no figure rows."""
    rows = []
    for line in text.splitlines():
        for name, pattern, unit in _PRODUCER:
            m = pattern.search(line)
            if m:
                rows.append({"bench": "producer", "figure": name, "value": float(m.group(1)), "unit": unit,
                             "target": None, "status": None})
        m = _GBENCH.match(line)
        if m:
            rows.append({"bench": "query (Google Benchmark)", "figure": " ".join(m.group(1).split()),
                         "value": float(m.group(2)) * _TO_MS[m.group(3)], "unit": "ms", "target": None,
                         "status": None})
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--command", required=True)
    parser.add_argument("--md", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("logs", nargs="+")
    args = parser.parse_args()

    texts = []
    for path in args.logs:
        with open(path, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    header = machine.header(ROOT, peers=False)
    header["load_average_end"] = header.pop("load_average_start")
    runs = [figures.parse(t) + extra_rows(t) for t in texts]
    combined = figures.combine(runs)

    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"header": header, "command": args.command, "runs": len(texts), "figures": combined}, f, indent=1)
        f.write("\n")

    n = len(texts)
    out = ["# Benchmark results", ""]
    out += [line for line in machine.header_markdown(header) if not line.startswith("- Load")]
    out += [f"- Load average at the end: {' '.join(f'{x:.2f}' for x in header['load_average_end'])} "
            "(other work on the machine shares the cores)",
            f"- Command: `{args.command}`",
            f"- Runs: {n}; values are the median of the runs, with their min-max spread",
            "",
            "| benchmark | figure | median | min-max | target | status |",
            "|---|---|---|---|---|---|"]
    for row in combined:
        spread = "-" if row["min"] is None else f"{figures.number(row['min'])}-{figures.number(row['max'])}"
        out.append(f"| {row['bench']} | {row['figure']} | {figures.number(row['median'])} {row['unit']} | {spread} | "
                   f"{row['target'] or '-'} | {row['status'] or '-'} |")
    last = texts[-1].splitlines()
    out += ["", "Producer benchmark (last run):", ""]
    out += ["    " + line for line in last if line.startswith("producer ")]
    out += ["", "Google Benchmark, query handler alone (last run):", ""]
    out += ["    " + line for line in last if re.match(r"^(api_handlers|Benchmark|-{10})", line)]
    with open(args.md, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
