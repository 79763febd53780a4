"""Atomic writes: every output file is written beside its target and renamed into place, so an
interrupted run leaves the old file (or none), never a half-written one."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(tmp: str | Path, path: str | Path) -> None:
    """Give a finished temporary file the mode a new file would get (mkstemp makes it 0600) and
    rename it into place."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


@contextmanager
def atomic_path(path: str | Path):
    """A temporary path beside ``path`` to write any file to; it is renamed into place only when
    the block ends without an error (then the old file, or none, stays)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_text(path: str | Path, newline: str | None = None):
    """A text file (UTF-8) written through :func:`atomic_path`."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            yield fh


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a small text file (a summary, a report) through a temporary file and rename."""
    with atomic_text(path) as fh:
        fh.write(text)
    return Path(path)


def write_json_atomic(path: str | Path, data: dict) -> Path:
    return write_text_atomic(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
