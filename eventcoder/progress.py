"""Progress for long runs: a live bar on a terminal, plain periodic log lines otherwise."""
from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("eventcoder")


class Progress:
    """Counts documents, sentences and events; shows rate (and ETA when the total is known)."""

    def __init__(self, label: str, total: int | None = None, enabled: bool = True, every: float = 10.0):
        self.label = label
        self.total = total
        self.counts = {"documents": 0, "sentences": 0, "events": 0}
        self.started = time.monotonic()
        self.last = self.started
        self.every = every
        self.enabled = enabled
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", desc=label, file=sys.stderr, dynamic_ncols=True)

    def update(self, **counts: int) -> None:
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(counts.get("documents", 0))
            self.bar.set_postfix(sentences=self.counts["sentences"], events=self.counts["events"], refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            log.info("%s: %s", self.label, self.line())

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        c = self.counts
        text = (f"{c['documents']:,} documents, {c['sentences']:,} sentences, {c['events']:,} events, "
                f"{c['sentences'] / elapsed:,.0f} sentences/s")
        if self.total:
            rate = c["documents"] / elapsed
            left = (self.total - c["documents"]) / rate if rate else 0
            text += f", ETA {left:,.0f} s"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
