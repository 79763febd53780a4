"""From per-sentence events to a dataset: deduplication with mention counts.

:func:`dedupe` reads one or more event tables (single Parquet files written by ``code``, or
directories of Parquet files such as the hive-partitioned outputs of the batch workflow; see
:func:`eventcoder.io.events.find_event_tables`, which leaves out, with a warning, files that are
not event tables) and writes two tables into a dataset directory:

``events.parquet``
    one row per distinct event (:data:`DATASET_SCHEMA`), keyed by
    ``(event_date, source_code, target_code, event_code)`` ("one-a-day", as the Phoenix
    pipeline filters) or, with ``window="story"``, by ``(doc_id, source_code, target_code,
    event_code)`` (PETRARCH2's one-a-story); ``level="root"`` keys on the CAMEO root instead of
    the full code.  Each row counts its mentions, documents and distinct sources.
``mentions.parquet``
    one row per input event (:data:`MENTION_SCHEMA`): the coded sentence, its original
    ``event_id`` (``mention_id``) and the dataset ``event_id`` it was folded into, as GDELT 2.0's
    mentions table does.

A dataset is read back by :mod:`eventcoder.tables.aggregate` and :mod:`eventcoder.tables.export`
through :func:`dataset_input`.

The group-bys run in DuckDB (reading the inputs through
:func:`eventcoder.io.events.duckdb_source`); results are sorted on a total order, so the same
input in any order gives identical tables.  Files are written to a temporary name and moved into
place.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from ..io.atomic import atomic_path
from ..io.events import DATASET, DUCK_TYPES, EVENT_SCHEMA, EVENTS, EventInput, duckdb_source, find_event_tables
from .sql import connect, run

WINDOWS = ("day", "story")
LEVELS = ("code", "root")

#: Columns of the event table that dedupe reads (others are ignored); all but the key columns
#: (:data:`eventcoder.io.events.EVENT_KEY_COLUMNS`) may be missing from old files and read as empty.
_STAGE_COLUMNS = [
    "event_id", "doc_id", "sentence_id", "sentence", "doc_date", "event_date", "date_precision",
    "source_code", "source_text", "source_country", "source_agent",
    "target_code", "target_text", "target_country", "target_agent",
    "event_code", "event_root", "quad_class", "goldstein", "doc_source",
    "plover_event", "plover_mode", "plover_context",
    "location_text", "location_name", "location_country", "latitude", "longitude", "location_precision",
]
def _event_fields(*names: str) -> list[pa.Field]:
    """Columns shared with the event table keep its types (one definition, eventcoder.schema)."""
    return [EVENT_SCHEMA.field(n).with_nullable(True) for n in names]


DATASET_SCHEMA = pa.schema(
    [pa.field("event_id", pa.string())]  # 'D' + 20 hex digits of md5(key), see event_key_id
    + _event_fields("event_date", "date_precision",
                    "source_code", "source_text", "source_country", "source_agent",
                    "target_code", "target_text", "target_country", "target_agent",
                    "event_code", "event_root", "quad_class", "goldstein",
                    "plover_event", "plover_mode", "plover_context")
    + [
        pa.field("num_mentions", pa.int32()),
        pa.field("num_documents", pa.int32()),
        pa.field("num_sources", pa.int32()),
        pa.field("first_doc_date", pa.date32()),
        pa.field("last_doc_date", pa.date32()),
        pa.field("first_doc_id", pa.string()),  # the representative mention's story (the key story for window=story)
        pa.field("first_sentence_id", pa.int32()),
        pa.field("first_doc_source", pa.string()),
        pa.field("sentence", pa.string()),  # the representative mention's sentence
        pa.field("doc_sources", pa.string()),  # distinct doc_source values, sorted, ';'-joined
        pa.field("in_lead", pa.bool_()),  # some mention is the first sentence of its story
    ]
    + _event_fields("location_text", "location_name", "location_country", "latitude", "longitude",
                    "location_precision")
)

MENTION_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string()),  # the dataset event
        pa.field("mention_id", pa.string()),  # the original row's event_id
        pa.field("doc_id", pa.string()),
        pa.field("sentence_id", pa.int32()),
        pa.field("doc_date", pa.date32()),
        pa.field("doc_source", pa.string()),
        pa.field("event_code", pa.string()),  # the mention's own code (differs from the event's with level=root)
        pa.field("sentence", pa.string()),
    ]
)


def _copy_atomic(con, query: str, schema: pa.Schema, output: Path) -> int:
    """Run ``query`` and stream its rows, cast to ``schema``, into the Parquet file ``output``
    through a temporary file; returns the number of rows."""
    cast = ", ".join(f"CAST({f.name} AS {DUCK_TYPES[f.type]}) AS {f.name}" for f in schema)
    rows = 0
    with atomic_path(output) as tmp:
        rel = con.sql(f"SELECT {cast} FROM ({query})")
        fetch = getattr(rel, "to_arrow_reader", None) or getattr(rel, "fetch_record_batch")
        group = 131072  # fixed row groups, whatever batches DuckDB hands over: byte-identical files
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            pending: list[pa.RecordBatch] = []
            held = 0
            for batch in fetch(group):
                batch = pa.RecordBatch.from_arrays(batch.columns, schema=schema)
                pending.append(batch)
                held += batch.num_rows
                rows += batch.num_rows
                if held >= group:
                    table = pa.Table.from_batches(pending, schema=schema)
                    writer.write_table(table.slice(0, group), row_group_size=group)
                    rest = table.slice(group)
                    pending, held = rest.to_batches(), rest.num_rows
            if held or rows == 0:
                writer.write_table(pa.Table.from_batches(pending, schema=schema), row_group_size=group)
    return rows


# ---------------------------------------------------------------------------------- dedupe


def event_key_id(window: str, level: str, *key: object) -> str:
    """The dataset ``event_id`` of a key, the same recipe :func:`dedupe` uses in SQL:
    ``'D' + md5('window|level|k1|k2|k3|k4')[:20]``, with dates as ``YYYY-MM-DD`` and nulls as ''."""
    parts = [window, level] + ["" if k is None else str(k) for k in key]
    return "D" + hashlib.md5("|".join(parts).encode("utf-8")).hexdigest()[:20]


def _key_columns(window: str, level: str) -> list[str]:
    code = "event_code" if level == "code" else "event_root"
    first = "k_date" if window == "day" else "doc_id"
    return [first, "source_code", "target_code", code]


def dedupe(paths: Sequence[str | Path] | str | Path, output_dir: str | Path, window: str = "day",
           level: str = "code") -> dict[str, int]:
    """Deduplicate the events of ``paths`` into ``output_dir/events.parquet`` and
    ``output_dir/mentions.parquet``; returns ``{'mentions': n_in, 'events': n_out}``."""
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    inputs = find_event_tables(paths)
    src = duckdb_source(inputs, _STAGE_COLUMNS)
    con = connect()
    try:
        keys = _key_columns(window, level)
        key_sql = " || '|' || ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in keys)
        what = ", ".join(str(inp.path) for inp in inputs)
        run(con, f"""
            CREATE TEMP TABLE k AS
            SELECT *, 'D' || left(md5('{window}|{level}|' || {key_sql}), 20) AS ds_id
            FROM (SELECT * EXCLUDE (event_root), coalesce(event_root, left(event_code, 2)) AS event_root,
                         coalesce(event_date, doc_date) AS k_date
                  FROM ({src}))
            """, what, fetch=False)
        order_mention = "doc_date NULLS LAST, doc_id, sentence_id, event_id NULLS LAST"
        # the representative mention: the first by (story date, story, sentence, id); with
        # level=root, among the mentions of the event's most frequent code (ties: smaller code)
        first = ("struct_pack(d := coalesce(k.doc_date, DATE '9999-12-31'), i := k.doc_id, "
                 "s := coalesce(k.sentence_id, 2147483647), e := coalesce(k.event_id, ''))")
        if level == "code":
            rep_sql = f"rep AS (SELECT ds_id, arg_min(k.rowid, {first}) AS rid FROM k GROUP BY ds_id)"
        else:
            rep_sql = f"""codes AS (SELECT ds_id, event_code, count(*) AS n FROM k GROUP BY ds_id, event_code),
            chosen AS (SELECT ds_id, arg_min(event_code, struct_pack(n := -n, c := coalesce(event_code, '~')))
                              AS code FROM codes GROUP BY ds_id),
            rep AS (SELECT k.ds_id, arg_min(k.rowid, {first}) AS rid FROM k JOIN chosen c
                    ON k.ds_id = c.ds_id AND k.event_code IS NOT DISTINCT FROM c.code GROUP BY k.ds_id)"""
        out = Path(output_dir)
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: exists and is not a directory (dedupe writes a dataset directory)")
        n_events = _copy_atomic(con, f"""
            WITH {rep_sql},
            agg AS (
                SELECT ds_id, count(*) AS n, count(DISTINCT doc_id) AS ndoc,
                       count(DISTINCT doc_source) AS nsrc, min(doc_date) AS d0, max(doc_date) AS d1,
                       min(k_date) AS ev_date, bool_or(sentence_id = 1) AS in_lead,
                       string_agg(DISTINCT doc_source, ';' ORDER BY doc_source) AS sources
                FROM k GROUP BY ds_id
            ),
            locs AS (
                SELECT *, row_number() OVER (PARTITION BY ds_id ORDER BY cnt DESC,
                         CASE location_precision WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END,
                         location_name, location_country NULLS LAST, location_text) AS r
                FROM (SELECT ds_id, location_name, location_country, location_precision,
                             latitude, longitude, min(location_text) AS location_text, count(*) AS cnt
                      FROM k WHERE location_name IS NOT NULL
                      GROUP BY ds_id, location_name, location_country, location_precision, latitude, longitude)
            )
            SELECT agg.ds_id AS event_id, agg.ev_date AS event_date, r.date_precision,
                   r.source_code, r.source_text, r.source_country, r.source_agent,
                   r.target_code, r.target_text, r.target_country, r.target_agent,
                   r.event_code, r.event_root, r.quad_class, r.goldstein,
                   r.plover_event, r.plover_mode, r.plover_context,
                   agg.n AS num_mentions, agg.ndoc AS num_documents, agg.nsrc AS num_sources,
                   agg.d0 AS first_doc_date, agg.d1 AS last_doc_date,
                   r.doc_id AS first_doc_id, r.sentence_id AS first_sentence_id,
                   r.doc_source AS first_doc_source, r.sentence, agg.sources AS doc_sources, agg.in_lead,
                   l.location_text, l.location_name, l.location_country, l.latitude, l.longitude,
                   l.location_precision
            FROM agg
            JOIN rep ON rep.ds_id = agg.ds_id
            JOIN k r ON r.rowid = rep.rid
            LEFT JOIN locs l ON l.ds_id = agg.ds_id AND l.r = 1
            ORDER BY event_date NULLS LAST, source_code NULLS LAST, target_code NULLS LAST,
                     event_code NULLS LAST, event_id
            """, DATASET_SCHEMA, out / "events.parquet")
        n_mentions = _copy_atomic(con, f"""
            SELECT ds_id AS event_id, coalesce(event_id, doc_id || ':' || sentence_id) AS mention_id,
                   doc_id, sentence_id, doc_date, doc_source, event_code, sentence
            FROM k ORDER BY ds_id, {order_mention.replace('event_id', 'mention_id')}
            """, MENTION_SCHEMA, out / "mentions.parquet")
    finally:
        con.close()
    return {"mentions": n_mentions, "events": n_events}


# ---------------------------------------------------------------------------------- reading


def dataset_events_path(dataset: str | Path) -> Path:
    """The events table of ``dataset``: a dataset directory (its ``events.parquet``), or any
    event table file or directory."""
    path = Path(dataset)
    if path.is_dir() and (path / "events.parquet").is_file():
        return path / "events.parquet"
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    return path


def dataset_input(dataset: str | Path) -> EventInput:
    """What ``aggregate`` and ``export`` read: the events of a dataset written by :func:`dedupe`
    (its directory or its ``events.parquet``), else raw events (a file or directory of event
    tables, each row then one mention); ``kind`` says which."""
    return find_event_tables([dataset_events_path(dataset)], kinds=(DATASET, EVENTS))[0]
