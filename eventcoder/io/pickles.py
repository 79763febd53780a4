"""Pickled caches of things that are slow to build and quick to load (a classic dictionary set, the
gazetteer), under ``$EVENTCODER_CACHE`` or ``~/.cache/eventcoder``.

A cache file holds ``(marker, key, value)``: a file of another kind, another key (the content it
was built from, the code that built it), another version, or one that is damaged is ignored and the
value rebuilt.  Files are written through a temporary file renamed into place, so a reader never
sees half of one; a directory that is read-only, full or missing only means no cache.  Only the
most recently written files of each kind are kept."""
from __future__ import annotations

import gc
import logging
import os
import pickle
import time
from contextlib import contextmanager
from pathlib import Path

from .atomic import atomic_path

log = logging.getLogger(__name__)

#: where caches live (tests point it elsewhere)
CACHE_DIR = Path(os.environ.get("EVENTCODER_CACHE", Path.home() / ".cache" / "eventcoder"))


def read_cached(path: Path, marker: str, key: str, kind: type):
    """The value cached in ``path`` under ``marker`` and ``key`` if it is a ``kind``; else None."""
    try:
        with open(path, "rb") as fh, _no_gc():
            stored = pickle.load(fh)  # many small objects: the cyclic GC would run hundreds of times
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 -- whatever a damaged pickle raises, the value is rebuilt
        log.debug("cache %s not read (%s: %s); rebuilding it", path, type(exc).__name__, exc)
        return None
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == marker and stored[1] == key \
            and isinstance(stored[2], kind):
        return stored[2]
    log.debug("cache %s holds something else; rebuilding it", path)
    return None


def write_cached(path: Path, marker: str, key: str, value, keep: int) -> None:
    """Cache ``value`` in ``path``; then keep only the ``keep`` newest files of its kind (files named
    like it up to the first '-')."""
    try:
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            pickle.dump((marker, key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError) as exc:
        log.debug("cache %s not written (%s)", path, exc)
        return
    prune(path.parent, path.name.split("-", 1)[0], keep)


def prune(directory: Path, prefix: str, keep: int) -> None:
    """Keep the ``keep`` most recent ``PREFIX-*.pickle`` files, and remove temporary files an
    interrupted writer left more than an hour ago."""
    def age(p: Path) -> float:
        try:
            return time.time() - p.stat().st_mtime
        except OSError:  # removed meanwhile by another process
            return -1.0

    try:
        cached = sorted(directory.glob(f"{prefix}-*.pickle"), key=age)
        leftovers = [p for p in directory.glob(f".{prefix}-*.tmp") if age(p) > 3600]
        for stale in cached[keep:] + leftovers:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("cache %s not pruned (%s)", directory, exc)


@contextmanager
def _no_gc():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
