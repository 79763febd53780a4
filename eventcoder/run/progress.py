"""Progress for long runs: a live bar on a terminal, plain periodic log lines otherwise.

:class:`Progress` counts documents, sentences and events.  On a terminal it draws a tqdm bar
(documents, with sentences, events and sentences/s beside it, and an ETA when the number of
documents is known); when stderr is not a terminal (a log file, ``make -j``, a Dask job) it
logs one plain line every ``every`` seconds instead, so logs stay readable.
:func:`estimate_documents` counts the documents of the inputs cheaply (lines of JSONL, Parquet
row counts, ``# doc_id`` comments of CoNLL-U) so that both forms can show an ETA.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("eventcoder")

_CHUNK = 1 << 20


def _count(path: Path, marker: bytes) -> int:
    """Occurrences of ``marker`` at the start of a line, read in binary chunks (fast on big files)."""
    needle = b"\n" + marker
    n = 0
    tail = b"\n"  # the file start counts as a line start
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            n += data.count(needle)
            tail = data[-(len(needle) - 1):]
    return n


def _count_lines(path: Path) -> int:
    """Lines of a text file (a last line without a newline counts; blank lines count too)."""
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def estimate_documents(paths: Iterable[str | Path]) -> int | None:
    """How many documents the inputs hold (approximately for CSV), or None when unknown.

    JSONL: lines; Parquet: rows; CoNLL-U: ``# doc_id`` / ``# newdoc`` comments (at
    least one document per file); ``.txt``: one per file.  Unreadable files count as unknown.
    """
    total = 0
    try:
        for p in map(Path, paths):
            suffix = p.suffix.lower()
            if suffix in (".conllu", ".conll"):
                total += max(1, _count(p, b"# doc_id") + _count(p, b"# newdoc"))
            elif suffix == ".jsonl" or suffix == ".json":
                total += _count_lines(p)
            elif suffix == ".csv":
                total += max(0, _count_lines(p) - 1)
            elif suffix == ".parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(p).metadata.num_rows
            else:
                total += 1
    except (OSError, ValueError, ImportError, Exception):  # a count is a nicety: never fail a run for it
        return None
    return total


class Progress:
    """Counts documents, sentences and events; shows rate (and ETA when the total is known).

    ``unit`` is what ``total`` counts and what the bar advances by (``documents`` for a run,
    ``shards`` for the Dask mode).  ``stream`` defaults to stderr; ``tty`` forces the bar on or
    off (default: whether ``stream`` is a terminal).
    """

    def __init__(self, label: str, total: int | None = None, enabled: bool = True, every: float = 10.0,
                 unit: str = "documents", stream=None, tty: bool | None = None):
        self.label = label
        self.total = total
        self.unit = unit
        self.counts = {"documents": 0, "sentences": 0, "events": 0}
        if unit not in self.counts:
            self.counts[unit] = 0
        self.started = time.monotonic()
        self.last = self.started
        self.every = every
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.bar = None
        self.lines = 0  # plain lines logged
        if tty is None:
            tty = bool(getattr(self.stream, "isatty", lambda: False)())
        if enabled and tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=unit[:-1] if unit.endswith("s") else unit, desc=label,
                            file=self.stream, dynamic_ncols=True, mininterval=0.5, smoothing=0.1)

    def update(self, **counts: int) -> None:
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(counts.get(self.unit, 0))
            elapsed = max(time.monotonic() - self.started, 1e-9)
            postfix = {"sentences": f"{self.counts['sentences']:,}", "events": f"{self.counts['events']:,}",
                       "sent/s": f"{self.counts['sentences'] / elapsed:,.0f}"}
            if self.unit != "documents":
                postfix = {"documents": f"{self.counts['documents']:,}", **postfix}
            self.bar.set_postfix(postfix, refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.lines += 1
            log.info("%s: %s", self.label, self.line())

    def line(self) -> str:
        """One plain line: counts, rate, and percent done and ETA when the total is known."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        c = self.counts
        text = (f"{c['documents']:,} documents, {c['sentences']:,} sentences, {c['events']:,} events, "
                f"{c['sentences'] / elapsed:,.0f} sentences/s")
        if self.unit != "documents":
            text = f"{c[self.unit]:,} {self.unit}, " + text
        if self.total:
            done = c[self.unit]
            rate = done / elapsed
            text += f", {min(done / self.total, 1.0):.0%} of {self.total:,} {self.unit}"
            if rate:
                text += f", ETA {_duration(max(self.total - done, 0) / rate)}"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.enabled and self.lines:
            log.info("%s: done: %s", self.label, self.line())

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
