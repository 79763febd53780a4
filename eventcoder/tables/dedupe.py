"""From per-sentence events to a dataset: deduplication with mention counts, and dyad-period aggregates.

:func:`dedupe` reads one or more event tables (single Parquet files written by ``code``, or
directories of Parquet files such as the hive-partitioned outputs of the batch workflow) and
writes two tables into a dataset directory:

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

:func:`aggregate` turns a dataset (or raw events) into one row per source-target-period with
event counts per quad class and CAMEO root, mentions and Goldstein sum and mean.

All group-bys run in DuckDB; results are sorted on a total order, so the same input in any
order gives identical tables.  Files are written to a temporary name and moved into place.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from ..io.atomic import atomic_path
from ..io.events import EVENT_SCHEMA

WINDOWS = ("day", "story")
LEVELS = ("code", "root")
PERIODS = ("day", "week", "month", "year")
AGG_LEVELS = ("country", "actor")

#: Columns of the event table that dedupe reads (others are ignored); all but the first three
#: may be missing from old files and read as empty.
_STAGE_COLUMNS = [
    "event_id", "doc_id", "sentence_id", "sentence", "doc_date", "event_date", "date_precision",
    "source_code", "source_text", "source_country", "source_agent",
    "target_code", "target_text", "target_country", "target_agent",
    "event_code", "event_root", "quad_class", "goldstein", "doc_source",
    "plover_event", "plover_mode", "plover_context",
    "location_text", "location_name", "location_country", "latitude", "longitude", "location_precision",
]
_REQUIRED = ("doc_id", "sentence_id", "event_code")

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


# --------------------------------------------------------------------------------------- input


def _parquet_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.parquet") if p.is_file() and not p.name.startswith((".", "_")))
        if not files:
            raise InputError(f"{path}: directory holds no .parquet files")
        return files
    if path.is_file():
        return [path]
    raise InputError(f"{path}: no such file or directory")


_DUCK_TYPES = {
    pa.string(): "VARCHAR", pa.int8(): "TINYINT", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
    pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.date32(): "DATE", pa.bool_(): "BOOLEAN",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _hive_keys(base: Path, file: Path) -> list[str]:
    rel = file.relative_to(base).parts[:-1] if base.is_dir() else ()
    return [part.split("=", 1)[0] for part in rel if "=" in part]


def input_columns(path: Path) -> tuple[list[Path], set[str]]:
    """The Parquet files under ``path`` and the union of their column names (hive partition keys
    of a directory included); a file that is not Parquet is an :class:`InputError` naming it."""
    files = _parquet_files(path)
    names: set[str] = set()
    for f in files:
        try:
            names.update(pq.read_schema(f).names)
        except (pa.ArrowInvalid, OSError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{f}: not a readable Parquet file ({first})") from None
        names.update(_hive_keys(path, f))
    return files, names


def source_sql(paths: Sequence[str | Path], columns: Sequence[str], types: dict[str, pa.DataType],
               required: Sequence[str] = (), label: str = "eventcoder event table") -> str:
    """A DuckDB query reading ``columns`` (cast to ``types``; missing ones as NULL) from all
    ``paths`` (Parquet files, or directories of them, hive-partitioned or not)."""
    if not paths:
        raise InputError("no event tables given")
    parts = []
    for p in paths:
        path = Path(p)
        files, names = input_columns(path)
        missing = [c for c in required if c not in names]
        if missing:
            raise InputError(f"{path}: not an {label} (missing column(s) {', '.join(missing)})")
        hive = path.is_dir() and any(_hive_keys(path, f) for f in files)
        select = ", ".join(
            f"CAST({c} AS {_DUCK_TYPES[types[c]]}) AS {c}" if c in names
            else f"CAST(NULL AS {_DUCK_TYPES[types[c]]}) AS {c}"
            for c in columns
        )
        listing = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
        parts.append(f"SELECT {select} FROM read_parquet({listing}, union_by_name = true, "
                     f"hive_partitioning = {str(hive).lower()})")
    return " UNION ALL ".join(parts)


def _run(con, sql: str, what: str, fetch: bool = True):
    import duckdb

    try:
        if not fetch:
            con.execute(sql)
            return None
        return _arrow(con.sql(sql))
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{what}: cannot read the input ({first})") from None


def _connect():
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{os.environ.get('EVENTCODER_DUCKDB_MEMORY', '1GB')}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/eventcoder-duckdb'")
    return con


def _arrow(result) -> pa.Table:
    """A DuckDB result as a pyarrow Table (the method's name changed across DuckDB versions)."""
    fetch = getattr(result, "to_arrow_table", None) or getattr(result, "fetch_arrow_table")
    return fetch()


# ---------------------------------------------------------------------------------- writing


def write_table_atomic(table: pa.Table, output: str | Path) -> Path:
    """Write ``table`` to ``output`` (Parquet, or CSV when the name ends in ``.csv``) through a
    temporary file in the same directory, then move it into place."""
    output = Path(output)
    with atomic_path(output) as tmp:
        if output.suffix.lower() == ".csv":
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, tmp)
        else:
            pq.write_table(table, tmp, compression="zstd")
    return output


def _copy_atomic(con, query: str, schema: pa.Schema, output: Path) -> int:
    """Run ``query`` and stream its rows, cast to ``schema``, into the Parquet file ``output``
    through a temporary file; returns the number of rows."""
    cast = ", ".join(f"CAST({f.name} AS {_DUCK_TYPES[f.type]}) AS {f.name}" for f in schema)
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


def dedupe(paths: Sequence[str | Path], output_dir: str | Path, window: str = "day",
           level: str = "code") -> dict[str, int]:
    """Deduplicate the events of ``paths`` into ``output_dir/events.parquet`` and
    ``output_dir/mentions.parquet``; returns ``{'mentions': n_in, 'events': n_out}``."""
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    types = {f.name: f.type for f in EVENT_SCHEMA}
    src = source_sql(paths, _STAGE_COLUMNS, types, _REQUIRED)
    con = _connect()
    try:
        keys = _key_columns(window, level)
        key_sql = " || '|' || ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in keys)
        what = ", ".join(str(p) for p in paths)
        _run(con, f"""
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


# ------------------------------------------------------------------------------- aggregate


def dataset_events_path(dataset: str | Path) -> Path:
    """The events table of ``dataset``: a dataset directory (its ``events.parquet``), or any
    event table file or directory."""
    path = Path(dataset)
    if path.is_dir() and (path / "events.parquet").is_file():
        return path / "events.parquet"
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    return path


def aggregate(dataset: str | Path, by: str = "month", level: str = "country",
              output: str | Path | None = None) -> pa.Table:
    """One row per source-target-period of ``dataset`` (a dedupe output, or raw events).

    Columns: ``source``, ``target`` (countries, or full actor codes with ``level='actor'``),
    ``period`` (first day of the period; ISO weeks start on Monday), ``events``, ``mentions``
    (sum of ``num_mentions`` for a deduplicated dataset, else the number of rows),
    ``quad1``..``quad4``, ``root01``..``root20`` (event counts), ``goldstein_sum`` and
    ``goldstein_mean`` (over events with a Goldstein score).  Events without a date form a
    group with an empty ``period``.  Written to ``output`` when given (Parquet, or CSV for ``.csv``).
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    if level not in AGG_LEVELS:
        raise ValueError(f"level must be one of {AGG_LEVELS}, not {level!r}")
    path = dataset_events_path(dataset)
    _, names = input_columns(path)
    deduped = "num_mentions" in names
    cols = ["event_date", "source_code", "target_code", "source_country", "target_country",
            "event_code", "event_root", "quad_class", "goldstein"]
    types = {f.name: f.type for f in EVENT_SCHEMA}
    if deduped:
        cols += ["num_mentions", "first_doc_date"]
        types.update(num_mentions=pa.int64(), first_doc_date=pa.date32())
    else:
        cols += ["doc_date"]
    missing = [c for c in ("event_code",) if c not in names]
    if missing or not ({"event_date", "doc_date", "first_doc_date"} & set(names)):
        raise InputError(f"{path}: not an eventcoder event table or dataset (no event_code or dates)")
    src_sql = source_sql([path], cols, types)
    src, tgt = ("source_country", "target_country") if level == "country" else ("source_code", "target_code")
    date_expr = "coalesce(event_date, first_doc_date)" if deduped else "coalesce(event_date, doc_date)"
    period = f"CAST(date_trunc('{by}', {date_expr}) AS DATE)" if by != "day" else date_expr
    mentions = "sum(coalesce(num_mentions, 1))" if deduped else "count(*)"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad{q}" for q in range(1, 5))
    roots = ", ".join(f"count(*) FILTER (WHERE root = '{r:02d}') AS root{r:02d}" for r in range(1, 21))
    con = _connect()
    try:
        table = _run(con, 
            f"""
            SELECT {src} AS source, {tgt} AS target, {period} AS period,
                   count(*) AS events, {mentions} AS mentions, {quads}, {roots},
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
            FROM (SELECT *, coalesce(event_root, left(event_code, 2)) AS root FROM ({src_sql}))
            GROUP BY ALL
            ORDER BY period NULLS LAST, source NULLS LAST, target NULLS LAST
            """, str(path))
    finally:
        con.close()
    schema = pa.schema(
        [pa.field("source", pa.string()), pa.field("target", pa.string()), pa.field("period", pa.date32()),
         pa.field("events", pa.int64()), pa.field("mentions", pa.int64())]
        + [pa.field(f"quad{q}", pa.int64()) for q in range(1, 5)]
        + [pa.field(f"root{r:02d}", pa.int64()) for r in range(1, 21)]
        + [pa.field("goldstein_sum", pa.float64()), pa.field("goldstein_mean", pa.float64())]
    )
    table = table.cast(schema)
    if output is not None:
        write_table_atomic(table, output)
    return table


# ------------------------------------------------------------------------------- benchmark


def make_benchmark_events(n: int, seed: int = 8) -> pa.Table:
    """A synthetic event table of ``n`` rows in :data:`EVENT_SCHEMA`: 2,000 stories a day from
    20 sources over one year, 60 countries x 6 roles, codes drawn from the CAMEO ontology;
    about half the rows repeat an event already reported (the redundancy of wire news)."""
    import numpy as np

    from ..dictionaries.ontology import load_ontology

    rng = np.random.default_rng(seed)
    onto = load_ontology()
    codes = np.array(sorted(c for c in onto.codes if len(c) >= 3))
    roots = np.array([onto[c].root for c in codes])
    quads = np.array([onto[c].quad_class for c in codes], dtype=np.int8)
    golds = np.array([onto[c].goldstein for c in codes], dtype=np.float32)
    countries = np.array([f"C{i:02d}" for i in range(60)])
    roles = np.array(["", "GOV", "MIL", "REB", "OPP", "COP"])
    n_unique = max(1, n // 2)
    u_day = rng.integers(0, 365, n_unique)
    u_src = rng.integers(0, 60, n_unique)
    u_tgt = rng.integers(0, 60, n_unique)
    u_srole = rng.integers(0, 6, n_unique)
    u_trole = rng.integers(0, 6, n_unique)
    u_code = rng.integers(0, len(codes), n_unique)
    pick = np.concatenate([np.arange(n_unique), rng.integers(0, n_unique, n - n_unique)])
    day = u_day[pick]
    lag = rng.integers(0, 3, n)
    base = np.datetime64("2024-01-01")
    event_date = (base + day.astype("timedelta64[D]"))
    doc_date = event_date + lag.astype("timedelta64[D]")
    story = rng.integers(0, 2000, n)
    doc_id = np.char.add(np.char.add(np.datetime_as_string(doc_date, unit="D"), "-"), story.astype(str))
    sentence_id = rng.integers(1, 30, n).astype(np.int32)
    s_country = countries[u_src[pick]]
    t_country = countries[u_tgt[pick]]
    s_code = np.char.add(s_country, roles[u_srole[pick]])
    t_code = np.char.add(t_country, roles[u_trole[pick]])
    code = codes[u_code[pick]]
    event_id = np.char.add("E", np.arange(n).astype(str))
    source = np.char.add("source", (story % 20).astype(str))
    cols = {
        "event_id": event_id, "doc_id": doc_id, "sentence_id": sentence_id,
        "sentence": np.full(n, "Turkish troops shelled Kurdish positions near Afrin on Tuesday."),
        "doc_date": doc_date, "event_date": event_date,
        "source_code": s_code, "source_country": s_country, "target_code": t_code, "target_country": t_country,
        "event_code": code, "event_root": roots[u_code[pick]], "quad_class": quads[u_code[pick]],
        "goldstein": golds[u_code[pick]], "doc_source": source,
    }
    arrays = []
    for f in EVENT_SCHEMA:
        if f.name in cols:
            arrays.append(pa.array(cols[f.name]).cast(f.type))
        else:
            arrays.append(pa.nulls(n, f.type))
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


_BENCH_CHILD = """
import json, sys, time
from eventcoder import dataset
step, a, b = sys.argv[1:4]
t = time.perf_counter()
if step == "dedupe":
    info = dataset.dedupe([a], b)
else:
    info = {"rows": dataset.aggregate(a, by="month", level="actor", output=b).num_rows}
info["seconds"] = round(time.perf_counter() - t, 2)
info["peak_rss_mib"] = dataset.peak_rss_mib()
print(json.dumps(info))
"""


def peak_rss_mib() -> float:
    """Peak resident memory of this process in MiB: ``VmHWM`` from /proc (it restarts at exec,
    unlike ``getrusage``'s ``ru_maxrss``, which a child inherits from its parent), else getrusage."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_dataset(n: int = 1_000_000, workdir: str | Path | None = None) -> dict:
    """Build an ``n``-event table, then time :func:`dedupe` and :func:`aggregate` (monthly,
    actor level) each in a fresh Python process and report seconds and peak RSS per step."""
    own = workdir is None
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="eventcoder-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    table = make_benchmark_events(n)
    events = tmp / "events.parquet"
    pq.write_table(table, events)
    del table
    result: dict = {"events": n, "build_seconds": round(time.perf_counter() - t, 2)}
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    for step, a, b in (("dedupe", events, tmp / "dataset"), ("aggregate", tmp / "dataset", tmp / "agg.parquet")):
        out = subprocess.run([sys.executable, "-c", _BENCH_CHILD, step, str(a), str(b)], env=env,
                             capture_output=True, text=True, check=True)
        result[step] = json.loads(out.stdout.strip().splitlines()[-1])
    if own:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return result
