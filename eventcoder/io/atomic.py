"""Writing event tables: Parquet with the explicit schema, in row groups, atomically.

:class:`EventWriter` writes to a temporary file beside the target and renames it into place on
close, so a crash never leaves a half-written table; rows are flushed in row groups so memory
stays flat however many events a run makes.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..io.events import EVENT_SCHEMA


class EventWriter:
    def __init__(self, path: str | Path, row_group_size: int = 50_000, schema: pa.Schema = EVENT_SCHEMA):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.schema = schema
        self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self.row_group_size = row_group_size
        self.buffer: list[dict] = []
        self.rows = 0

    def write(self, rows: list[dict]) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= self.row_group_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> Path:
        self.flush()
        self.writer.close()
        publish(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self.writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> "EventWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


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
