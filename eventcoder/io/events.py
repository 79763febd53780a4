"""Event tables: the one explicit schema, the writer and the reader.

The schema is documented in the README.

Every writer (``code``, the batch workflow, the Dask mode) uses :data:`EVENT_SCHEMA`, so the
Parquet files of any run read as one dataset.  Columns are never reordered; new columns are
only ever appended.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .atomic import publish

EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),  # stable hash of provenance + codes
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("sentence_id", pa.int32(), nullable=False),  # 1-based within the document
        pa.field("sentence", pa.string()),
        pa.field("doc_date", pa.date32()),
        pa.field("event_date", pa.date32()),
        pa.field("date_precision", pa.string()),  # day | month | year
        pa.field("date_source", pa.string()),  # text | story
        pa.field("date_text", pa.string()),  # the phrase that dated the event, if any
        pa.field("source_code", pa.string()),
        pa.field("source_text", pa.string()),
        pa.field("source_country", pa.string()),
        pa.field("source_agent", pa.string()),
        pa.field("target_code", pa.string()),
        pa.field("target_text", pa.string()),
        pa.field("target_country", pa.string()),
        pa.field("target_agent", pa.string()),
        pa.field("event_code", pa.string()),
        pa.field("event_root", pa.string()),
        pa.field("quad_class", pa.int8()),
        pa.field("goldstein", pa.float32()),
        pa.field("verb_lemma", pa.string()),
        pa.field("matched_pattern", pa.string()),
        pa.field("doc_source", pa.string()),
        pa.field("coder_version", pa.string()),
        pa.field("dictionary_fingerprint", pa.string()),
        # PLOVER (CAMEO -> PLOVER correspondence, see dictionaries/plover.txt)
        pa.field("plover_event", pa.string()),
        pa.field("plover_mode", pa.string()),
        pa.field("plover_context", pa.string()),
        # Where the event happened, when the sentence says (eventcoder.locations)
        pa.field("location_text", pa.string()),
        pa.field("location_name", pa.string()),
        pa.field("location_country", pa.string()),  # ISO 3166 alpha-3
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("location_precision", pa.string()),  # city | region | country
    ]
)

EVENT_COLUMNS = EVENT_SCHEMA.names


class EventWriter:
    """Writes rows of :data:`EVENT_SCHEMA` to a temporary file beside ``path`` in row groups (memory
    stays flat however many events a run makes) and renames it into place on close; an error
    inside the ``with`` block removes the temporary file and leaves the old table (or none)."""

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


def event_files(path: str | Path) -> list[Path]:
    """The Parquet files of an event table given as a file or a directory of them (hive shards)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.parquet") if not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
    return [path]


def read_events(path: str | Path) -> pa.Table:
    """An event table written by ``eventcoder code`` (a Parquet file, or a dataset directory of
    shards), with the columns of :data:`EVENT_SCHEMA` in their order."""
    from ..errors import InputError

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    files = event_files(path)
    if not files:
        raise InputError(f"{path}: no Parquet files in this directory")
    tables = []
    for f in files:
        try:
            t = pq.read_table(f)
        except Exception as exc:  # pyarrow raises several kinds for files that are not Parquet
            raise InputError(f"{f}: not a Parquet event table ({str(exc).splitlines()[0]})") from None
        missing = [n for n in ("doc_id", "sentence_id", "event_code") if n not in t.column_names]
        if missing:
            raise InputError(f"{f}: not an event table (no {', '.join(missing)} column)")
        tables.append(t.select([n for n in EVENT_COLUMNS if n in t.column_names]))
    return pa.concat_tables(tables, promote_options="default") if len(tables) > 1 else tables[0]
