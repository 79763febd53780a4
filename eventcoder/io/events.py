"""Event tables: the one explicit schema, the writer, and the one reader.

The schema is documented in the README.

Every writer (``code``, the batch workflow, the Dask mode) uses :data:`EVENT_SCHEMA`, so the
Parquet files of any run read as one dataset.  Columns are never reordered; new columns are
only ever appended.

Every reader of event tables (``dedupe``, ``aggregate``, ``export``, ``report``, the dataset
mode's ``read_dataset``, :func:`read_events`) goes through :func:`find_event_tables`, which
finds the Parquet files of each input (a file, a directory of ``shard=NAME`` shards or hive
partitions, several paths), decides by schema which are event tables and says which files it
leaves out and why; each input comes back as an :class:`EventInput` that reads as a Table,
in batches, as a pyarrow dataset (which the report filters), or as a DuckDB query (for the
group-bys of ``dedupe`` and ``aggregate``).
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:  # imported where used: pyarrow.dataset alone adds ~50 MB to a process
    import pyarrow.dataset as ds

from ..errors import InputError
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
        # Where the event happened, when the sentence says (eventcoder.enrich.places)
        pa.field("location_text", pa.string()),
        pa.field("location_name", pa.string()),
        pa.field("location_country", pa.string()),  # ISO 3166 alpha-3
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("location_precision", pa.string()),  # city | region | country
        # How the event was read (eventcoder.coding): one side unnamed; asserted or planned
        pa.field("one_sided", pa.bool_()),  # true when source_code or target_code is empty
        pa.field("modality", pa.string()),  # asserted | future | conditional
        # Where each actor's code came from: text (named in the sentence), pronoun (its antecedent
        # earlier in the story), alias (a name given in full earlier), story (a role without a
        # country, in a story about one country)
        pa.field("source_basis", pa.string()),
        pa.field("target_basis", pa.string()),
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


# ------------------------------------------------------------------------------------- reading
#
# Every command that reads event tables (dedupe, aggregate, export, report, the dataset mode's
# read_dataset) finds them here: find_event_tables lists what each input holds and decides by
# schema which files are event tables; EventInput reads one input as a table, in batches, as a
# pyarrow dataset (which the report filters), or as a DuckDB query (dedupe's and aggregate's).

log = logging.getLogger("eventcoder")

#: Columns every event table has (and that tell it apart from other tables).
EVENT_KEY_COLUMNS = ("event_id", "doc_id", "sentence_id", "event_code")

EVENTS = "events"  # raw events: one row per coded event of a sentence (EVENT_SCHEMA)
DATASET = "dataset"  # the events.parquet of a dataset written by dedupe: one row per distinct event

#: What a table of each kind is called in a message.
KIND_NAMES = {
    EVENTS: "an event table",
    DATASET: "the events table of a dataset written by dedupe",
    "mentions": "the mentions table of a dataset written by dedupe",
    "aggregate": "an aggregate table written by aggregate",
    "diagnostics": "a diagnostics table (uncoded verbs, unmatched actors)",
}

_SHORT_NAMES = {EVENTS: "event table", DATASET: "dataset table"}

_EVENT_TYPES = {f.name: f.type for f in EVENT_SCHEMA}

#: DuckDB's name for each Arrow type of the event and dataset tables.
DUCK_TYPES = {
    pa.string(): "VARCHAR", pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INTEGER",
    pa.int64(): "BIGINT", pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
}


def table_kind(names: Iterable[str]) -> tuple[str, str]:
    """What a table with columns ``names`` is, by its schema: ``(kind, description)``.

    Kinds: ``events`` (an event table: :data:`EVENT_KEY_COLUMNS`), ``dataset`` (deduplicated
    events: ``num_mentions``), ``mentions`` (``mention_id``), ``aggregate`` (``period``,
    ``events``, ``mentions``), ``diagnostics`` (``kind``, ``text``), else ``other``, with what it lacks.
    """
    names = set(names)
    if "mention_id" in names:
        kind = "mentions"
    elif {"num_mentions", "event_id", "event_code"} <= names:
        kind = DATASET
    elif {"period", "events", "mentions"} <= names:
        kind = "aggregate"
    elif {"kind", "text"} <= names and "event_code" not in names:
        kind = "diagnostics"
    else:
        missing = [c for c in EVENT_KEY_COLUMNS if c not in names]
        if missing:
            return "other", f"not an eventcoder event table (no column {', '.join(missing)})"
        kind = EVENTS
    return kind, KIND_NAMES[kind]


def event_files(path: str | Path) -> list[Path]:
    """The Parquet files of an input: the file itself, or every ``*.parquet`` file under a
    directory except under names starting with ``.`` or ``_`` (temporary files, shard summaries:
    Parquet readers skip them), in path order."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.parquet") if p.is_file()
                      and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
    return [path]


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _hive_keys(base: Path, file: Path) -> list[str]:
    """The hive partition keys in the path of ``file`` below the directory ``base`` (``shard=a``)."""
    if file == base:
        return []
    return [part.split("=", 1)[0] for part in file.relative_to(base).parts[:-1] if "=" in part]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _duck_type(typ: pa.DataType) -> str:
    try:
        return DUCK_TYPES[typ]
    except KeyError:
        raise InputError(f"cannot read a column of type {typ} with DuckDB") from None


def _plain(typ: pa.DataType) -> pa.DataType:
    return typ.value_type if pa.types.is_dictionary(typ) else typ


@dataclass(frozen=True)
class Skipped:
    """A file (or directory) of an input that is not read, and why; ``kind`` is the table's kind
    when it is a table eventcoder writes (see :func:`table_kind`)."""

    path: Path
    reason: str
    kind: str | None = None

    def message(self, kinds: Sequence[str]) -> str:
        """The warning: the file, what it is, and (for a known table) what was wanted instead."""
        wanted = "" if self.kind in (None, "other") else f", not {_wanted(kinds)}"
        return f"{self.path}: skipped: {self.reason}{wanted}"


@dataclass(frozen=True)
class EventInput:
    """One input as found by :func:`find_event_tables`: its event-table files (all of one
    ``kind``: ``events`` or ``dataset``) and their columns (hive partition keys last), each with
    the type it is read as (:data:`EVENT_SCHEMA`'s for the columns of the event table)."""

    path: Path
    kind: str
    files: tuple[Path, ...]
    schema: pa.Schema
    partition_keys: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return self.schema.names

    def _schema(self, columns: Sequence[str] | None, types: Mapping[str, pa.DataType] | None) -> pa.Schema:
        """``columns`` (default: all) with their types: ``types`` first, else :data:`EVENT_SCHEMA`'s,
        else as found; a column no file has reads as nulls."""
        types = types or {}
        fields = []
        for name in self.names if columns is None else columns:
            typ = types.get(name) or _EVENT_TYPES.get(name)
            if typ is None:
                if name not in self.names:
                    raise ValueError(f"{self.path}: no column {name} and no type given for it")
                typ = self.schema.field(name).type
            fields.append(pa.field(name, typ))
        return pa.schema(fields)

    def dataset(self, columns: Sequence[str] | None = None,
                types: Mapping[str, pa.DataType] | None = None) -> ds.Dataset:
        """The input as a pyarrow dataset of exactly ``columns`` (default: all), typed;
        ``to_table(filter=...)`` filters it; nothing is read until then."""
        import pyarrow.dataset as ds

        schema = self._schema(columns, types)
        partitioning = None
        if self.partition_keys:
            part = self._schema(self.partition_keys, types)
            partitioning = ds.partitioning(part, flavor="hive")
        try:
            return ds.dataset([str(f) for f in self.files], schema=schema, format="parquet",
                              partitioning=partitioning, partition_base_dir=str(self.path))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot read ({_first_line(exc)})") from None

    def read(self, columns: Sequence[str] | None = None, filter: ds.Expression | None = None,
             types: Mapping[str, pa.DataType] | None = None) -> pa.Table:
        """The ``columns`` (default: all) of the rows matching ``filter`` (which may use any column),
        as one Table."""
        wanted = self.names if columns is None else list(columns)
        data = self.dataset(list(dict.fromkeys([*self.names, *wanted])), types)
        try:
            return data.to_table(columns=wanted, filter=filter)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot read ({_first_line(exc)})") from None

    def batches(self, columns: Sequence[str] | None = None, filter: ds.Expression | None = None,
                types: Mapping[str, pa.DataType] | None = None,
                batch_size: int = 65_536) -> Iterator[pa.RecordBatch]:
        """The rows as record batches of at most ``batch_size`` rows, in file order: memory holds a
        few batches whatever the size of the input."""
        wanted = self.names if columns is None else list(columns)
        data = self.dataset(list(dict.fromkeys([*self.names, *wanted])), types)
        try:  # little read-ahead: by default pyarrow decodes up to 16 batches of 4 files ahead
            yield from data.to_batches(columns=wanted, filter=filter, batch_size=batch_size,
                                       batch_readahead=2, fragment_readahead=1)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot read ({_first_line(exc)})") from None

    def sql(self, columns: Sequence[str], types: Mapping[str, pa.DataType] | None = None) -> str:
        """A DuckDB query reading ``columns`` (typed as in :meth:`dataset`; missing ones as NULL)
        from the files with DuckDB's own Parquet reader, which streams a row group in small
        vectors (leaner and faster than DuckDB scanning the pyarrow dataset)."""
        schema = self._schema(columns, types)
        select = ", ".join(
            f'CAST("{f.name}" AS {_duck_type(f.type)}) AS "{f.name}"' if f.name in self.names
            else f'CAST(NULL AS {_duck_type(f.type)}) AS "{f.name}"' for f in schema)
        listing = "[" + ", ".join(_quote(str(f)) for f in self.files) + "]"
        options = "union_by_name = true, hive_partitioning = false"
        if self.partition_keys:
            hive = ", ".join(f"{_quote(k)}: {_quote(_duck_type(t))}"
                             for k, t in zip(self.partition_keys, self._schema(self.partition_keys, types).types))
            options = f"union_by_name = true, hive_partitioning = true, hive_types = {{{hive}}}"
        return f"SELECT {select} FROM read_parquet({listing}, {options})"

    def count_rows(self) -> int:
        """The number of rows (from the files' metadata: nothing is read)."""
        try:
            return sum(pq.ParquetFile(f).metadata.num_rows for f in self.files)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{self.path}: cannot read ({_first_line(exc)})") from None


def _scan(path: Path, kinds: Sequence[str]) -> tuple[EventInput | None, list[Skipped]]:
    """The event tables of one input (the files of the first of ``kinds`` found in it), and the
    files left out."""
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    files = event_files(path)
    if not files:
        return None, [Skipped(path, "no Parquet files in this directory")]
    skipped: list[Skipped] = []
    found: dict[str, list[tuple[Path, pa.Schema, list[str]]]] = {}
    for f in files:
        try:
            schema = pq.read_schema(f)
        except (pa.ArrowException, OSError) as exc:
            skipped.append(Skipped(f, f"not a readable Parquet file ({_first_line(exc)})"))
            continue
        keys = [k for k in dict.fromkeys(_hive_keys(path, f)) if k not in schema.names]
        kind, description = table_kind(schema.names + keys)
        if kind not in kinds:
            skipped.append(Skipped(f, description, kind))
            continue
        found.setdefault(kind, []).append((f, schema, keys))
    chosen = next((k for k in kinds if k in found), None)
    if chosen is None:
        return None, skipped
    for kind, items in found.items():
        if kind != chosen:
            skipped += [Skipped(f, f"{KIND_NAMES[kind]}, beside {_SHORT_NAMES[chosen]}s") for f, _, _ in items]
    return _event_input(path, chosen, found[chosen]), skipped


def _event_input(path: Path, kind: str, items: list[tuple[Path, pa.Schema, list[str]]]) -> EventInput:
    """One input of the ``items`` (file, schema, partition keys): the union of their columns, in
    the order first seen, each with its first non-null type; partition keys last, as strings
    unless the event table types them."""
    types: dict[str, pa.DataType] = {}
    keys: dict[str, None] = {}
    for _, schema, file_keys in items:
        for field in schema:
            if field.name not in types or pa.types.is_null(types[field.name]):
                types[field.name] = _plain(field.type)
        keys.update(dict.fromkeys(file_keys))
    for key in keys:
        types.setdefault(key, _EVENT_TYPES.get(key, pa.string()))
    names = [n for n in types if n not in keys] + list(keys)
    schema = pa.schema([pa.field(n, types[n]) for n in names])
    return EventInput(path, kind, tuple(f for f, _, _ in items), schema, tuple(keys))


def _wanted(kinds: Sequence[str]) -> str:
    """``an event table``, ``a dataset table or event table``."""
    names = [_SHORT_NAMES[k] for k in kinds]
    return ("an " if names[0][0] in "aeiou" else "a ") + " or ".join(names)


def _nothing_found(paths: list[Path], skipped: list[Skipped], kinds: Sequence[str]) -> str:
    """One line: what the inputs hold instead of event tables."""
    hint = ""
    if DATASET not in kinds and any(s.kind in (DATASET, "mentions") for s in skipped):
        hint = "; a dataset written by dedupe is read by export and aggregate"
    if len(skipped) == 1:
        s = skipped[0]
        return f"{s.path}: {s.reason}" + ("" if s.kind in (None, "other") else f", not {_wanted(kinds)}") + hint
    where = ", ".join(str(p) for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    shown = []
    for s in skipped[:3]:
        base = next((p for p in paths if p.is_dir() and p in s.path.parents), None)
        shown.append(f"{s.path.relative_to(base) if base else s.path}: {s.reason}")
    more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    return f"{where}: no {' or '.join(_SHORT_NAMES[k] for k in kinds)} found ({'; '.join(shown)}{more}){hint}"


def find_event_tables(paths: str | os.PathLike | Iterable[str | os.PathLike],
                      kinds: Sequence[str] = (EVENTS,)) -> list[EventInput]:
    """The event tables of each of ``paths``: a Parquet file, or a directory of them (the
    ``shard=NAME/part-0.parquet`` shards of ``code --dataset``, hive partitions as
    ``pyarrow.parquet.write_to_dataset`` writes them, or any tree of files).

    Which files are event tables is decided by their schema (:func:`table_kind`); ``kinds`` says
    which are wanted (``("dataset", "events")`` for the readers of a dedupe dataset, which also
    take raw events).  Files of another kind, and files that are not Parquet, are left out with
    a warning on the ``eventcoder`` logger naming each file and why; an input with none left is
    left out too.  Raises :class:`~eventcoder.errors.InputError` for a missing path, and with one
    line saying what was found when no event table is left at all.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no event tables given")
    kinds = tuple(kinds)
    inputs: list[EventInput] = []
    skipped: list[Skipped] = []
    for path in paths:
        found, left_out = _scan(path, kinds)
        skipped += left_out
        if found is not None:
            inputs.append(found)
    if not inputs:
        raise InputError(_nothing_found(paths, skipped, kinds))
    for s in skipped:  # a diagnostics table is a side file of the event table beside it: no warning
        (log.debug if s.kind == "diagnostics" else log.warning)("%s", s.message(kinds))
    return inputs


def open_dataset(inputs: Sequence[EventInput], columns: Sequence[str],
                 types: Mapping[str, pa.DataType] | None = None) -> ds.Dataset:
    """All ``inputs`` as one pyarrow dataset of exactly ``columns`` (typed as in
    :meth:`EventInput.dataset`; columns an input lacks read as nulls)."""
    types = dict(types or {})
    for name in columns:  # a column outside the event table: the type of the first input that has it
        if name not in types and name not in _EVENT_TYPES:
            types[name] = next((inp.schema.field(name).type for inp in inputs if name in inp.names), pa.string())
    parts = [inp.dataset(columns, types) for inp in inputs]
    if len(parts) == 1:
        return parts[0]
    import pyarrow.dataset as ds

    return ds.dataset(parts)


def duckdb_source(inputs: Sequence[EventInput], columns: Sequence[str],
                  types: Mapping[str, pa.DataType] | None = None) -> str:
    """One DuckDB query reading ``columns`` of all ``inputs`` (see :meth:`EventInput.sql`)."""
    return " UNION ALL ".join(inp.sql(columns, types) for inp in inputs)


def read_events(paths: str | os.PathLike | Iterable[str | os.PathLike],
                columns: Sequence[str] | None = None) -> pa.Table:
    """The event tables of ``paths`` (Parquet files written by ``eventcoder code``, dataset
    directories of shards, hive-partitioned directories; see :func:`find_event_tables`) as one
    Table: ``columns``, or by default the columns of :data:`EVENT_SCHEMA` that the tables have, in
    its order and with its types."""
    inputs = find_event_tables(paths)
    if columns is None:
        present = {n for inp in inputs for n in inp.names}
        columns = [n for n in EVENT_COLUMNS if n in present]
    data = open_dataset(inputs, columns)
    try:
        return data.to_table()
    except (pa.ArrowException, OSError, ValueError) as exc:
        where = ", ".join(str(inp.path) for inp in inputs)
        raise InputError(f"{where}: cannot read ({_first_line(exc)})") from None
