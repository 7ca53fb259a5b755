"""Counting exactly which samples a fault lost or duplicated.

The producer publishes on a fixed epoch grid (producer/src/tick_grid.hpp): tick k of a
series has ts = floor(k * 1000 / rate) ms and seq = k; every signal of one producer run
starts at the same tick, first_at_or_after(start), and publishes each tick after it in
order. Its last log line says how many samples it published in all. A stored timestamp
maps back to its tick, so
  lost       = published - stored (distinct (series, ts) of its series), exact; the ticks
               missing between a series' first and last stored one name most of them,
  duplicated = stored rows beyond the first for one (series, ts),
  foreign    = stored samples not on the grid, or outside the run when its length is known.
With --duration every series of a run covers the same ticks, so their number is known and
a tick stored outside them is foreign; a producer stopped by a signal may end its series
one tick apart, so only the total is known.
The store is read raw: every row of SQLite's one-row-per-sample table, or every point of its
compressed chunks, so a (series, ts) stored twice is counted twice, whatever key the layout
has; the same tally serves what a MongoDB peer received.
"""

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field


class TickGrid:
    """producer/src/tick_grid.cpp in integers: the rate is held in millihertz."""

    SCALE = 1_000_000  # ms per tick times millihertz

    def __init__(self, rate_hz):
        self.rate_mhz = round(rate_hz * 1000)

    def ts(self, k):
        a, b = divmod(k, self.rate_mhz)
        return a * self.SCALE + b * self.SCALE // self.rate_mhz

    def first_at_or_after(self, t):
        c, d = divmod(t, self.SCALE)
        return c * self.rate_mhz + (d * self.rate_mhz + self.SCALE - 1) // self.SCALE

    def tick_of(self, ts):
        """The tick whose timestamp is `ts`, or None when `ts` is not on the grid."""
        k = self.first_at_or_after(ts)
        return k if self.ts(k) == ts else None


@dataclass
class Expectation:
    """What one producer run published: `total` samples over its series, `per_series` ticks
    each when the run had a fixed duration (None when it was stopped by a signal)."""
    source: str
    signals: tuple
    grid: TickGrid
    total: int
    per_series: int = None

    @classmethod
    def from_producer(cls, producer, fixed_duration=True):
        samples, _messages, refused, unconfirmed = producer.summary()
        if refused or unconfirmed:
            raise AssertionError(f"{producer.name}: {refused} samples refused, {unconfirmed} messages unconfirmed "
                                 "at exit: the test cannot know what was published")
        per_series = None
        if fixed_duration:
            if samples % len(producer.signals):
                raise AssertionError(f"{producer.name}: {samples} samples do not split evenly over its series")
            per_series = samples // len(producer.signals)
        return cls(producer.source, tuple(producer.signals), TickGrid(producer.rate_hz), samples, per_series)


@dataclass
class Tally:
    expected: int = 0
    stored: int = 0  # distinct (series, ts) of the producers' series
    lost: int = 0
    duplicated: int = 0
    foreign: int = 0
    examples: list = field(default_factory=list)  # a few of what went wrong, for the log

    def ok(self):
        return self.lost == 0 and self.duplicated == 0 and self.foreign == 0

    def describe(self):
        text = (f"expected {self.expected}, stored {self.stored}, lost {self.lost}, "
                f"duplicated {self.duplicated}, foreign {self.foreign}")
        if self.examples:
            text += "; e.g. " + ", ".join(self.examples[:8])
        return text


def tally(rows, expectations):
    """`rows`: (series, ts) per stored row, raw (a duplicate row appears twice)."""
    result = Tally()
    counts = Counter(rows)
    by_series = {}
    for (series, ts), n in counts.items():
        by_series.setdefault(series, []).append(ts)
        if n > 1:
            result.duplicated += n - 1
            result.examples.append(f"{series}@{ts} stored {n} times")
    for exp in expectations:
        keys = [f"{exp.source}/{signal}" for signal in exp.signals]
        ticks = {}
        for key in keys:
            ticks[key] = set()
            for ts in by_series.get(key, ()):
                k = exp.grid.tick_of(ts)
                if k is None:
                    result.foreign += 1
                    result.examples.append(f"{key}@{ts} off the grid")
                else:
                    ticks[key].add(k)
        # The run's first tick: the earliest stored in any of its series. Were that tick lost
        # in every series, the run would seem to start one later; the count stays exact.
        firsts = [min(t) for t in ticks.values() if t]
        first = min(firsts) if firsts else 0
        end = first + exp.per_series if exp.per_series is not None else None
        stored = 0
        for key in keys:
            have = ticks[key]
            inside = sum(1 for k in have if first <= k and (end is None or k < end))
            stored += inside
            if len(have) > inside:
                result.foreign += len(have) - inside
                result.examples.append(f"{key}: {len(have) - inside} samples outside ticks [{first}, {end})")
            last = (end - 1) if end is not None else max(have, default=first - 1)
            missing = [k for k in range(first, last + 1) if k not in have]
            if missing and len(result.examples) < 20:
                result.examples.append(f"{key} misses {len(missing)} ticks, e.g. {missing[:5]} "
                                       f"(ts {[exp.grid.ts(k) for k in missing[:5]]})")
        result.expected += exp.total
        result.stored += stored
        result.lost += max(0, exp.total - stored)
        if stored > exp.total:
            result.foreign += stored - exp.total
            result.examples.append(f"{exp.source}: {stored - exp.total} more samples stored than published")
    return result


def _open(db_path, timeout):
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=timeout)


def _tables(db):
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _varint(blob, at):
    value = shift = 0
    while True:
        byte = blob[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def chunk_timestamps(blob):
    """The ts of every point of one `chunks` row (backend/store/chunk_codec.hpp, version 1):
    version, count, zigzag first ts, 8 value bytes, then per point a ts delta and an XOR
    control byte followed by 8 - leading - trailing value bytes. Raises ValueError when the
    blob does not decode to exactly its count of points."""
    try:
        if blob[0] != 1:
            raise ValueError(f"chunk format version {blob[0]}")
        count, at = _varint(blob, 1)
        if count == 0:
            return []
        first, at = _varint(blob, at)
        ts = (first >> 1) ^ -(first & 1)
        at += 8
        out = [ts]
        for _ in range(count - 1):
            delta, at = _varint(blob, at)
            control = blob[at]
            at += 1
            if delta <= 0 or control > 64:
                raise ValueError("damaged chunk")
            ts += delta
            if control:
                at += 8 - (control - 1) // 8 - (control - 1) % 8
            out.append(ts)
    except IndexError as error:
        raise ValueError("truncated chunk") from error
    if at != len(blob):
        raise ValueError("chunk longer than its points")
    return out


def sqlite_rows(db_path):
    """Every (series, ts) the store holds, read-only and raw (a duplicate appears twice): rows
    of the one-row-per-sample `samples` table and points of the compressed `chunks` table,
    whichever the file has."""
    rows = []
    with closing(_open(db_path, 30)) as db:
        tables = _tables(db)
        if "samples" in tables:
            rows += db.execute("SELECT s.key, x.ts FROM samples x JOIN series s ON s.id = x.series_id").fetchall()
        if "chunks" in tables:
            for key, blob in db.execute("SELECT s.key, c.data FROM chunks c JOIN series s ON s.id = c.series_id"):
                rows += [(key, ts) for ts in chunk_timestamps(bytes(blob))]
    return rows


def _per_layout(db_path, samples_sql, chunks_sql, args=()):
    """Sums what a query answers over both layouts; None while the file or tables are missing."""
    try:
        with closing(_open(db_path, 5)) as db:
            tables = _tables(db)
            answers = [db.execute(sql, args).fetchone()[0]
                       for table, sql in (("samples", samples_sql), ("chunks", chunks_sql)) if table in tables]
    except sqlite3.Error:
        return None
    answers = [a for a in answers if a is not None]
    return answers or None


def sqlite_count(db_path):
    """How many samples the store holds (-1 while the file or its tables do not exist)."""
    answers = _per_layout(db_path, "SELECT count(*) FROM samples", "SELECT sum(count) FROM chunks")
    return sum(answers) if answers else -1


def sqlite_latest(db_path, series):
    """The latest stored ts of one series (0 when it has none)."""
    where = "WHERE series_id = (SELECT id FROM series WHERE key = ?)"
    answers = _per_layout(db_path, f"SELECT max(ts) FROM samples {where}", f"SELECT max(last_ts) FROM chunks {where}",
                          (series,))
    return max(answers) if answers else 0


def integrity_check(db_path):
    """PRAGMA integrity_check's answer: 'ok' or the problems it lists."""
    with closing(_open(db_path, 30)) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
