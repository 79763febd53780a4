"""Dyad-period aggregates: one row per source-target-period of a dataset (or raw events).

:func:`aggregate` reads a dataset written by :func:`eventcoder.tables.dedupe.dedupe` (its
directory or its ``events.parquet``), or raw event tables, and counts events per quad class and
CAMEO root, mentions, and the Goldstein sum and mean, per source, target and period.  The
group-by runs in DuckDB; the result is sorted on a total order and written atomically.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from ..io.atomic import atomic_path
from ..io.events import DATASET, duckdb_source
from .dedupe import dataset_input
from .sql import connect, run

PERIODS = ("day", "week", "month", "year")
AGG_LEVELS = ("country", "actor")

#: The columns of an aggregate table.
AGGREGATE_SCHEMA = pa.schema(
    [pa.field("source", pa.string()), pa.field("target", pa.string()), pa.field("period", pa.date32()),
     pa.field("events", pa.int64()), pa.field("mentions", pa.int64())]
    + [pa.field(f"quad{q}", pa.int64()) for q in range(1, 5)]
    + [pa.field(f"root{r:02d}", pa.int64()) for r in range(1, 21)]
    + [pa.field("goldstein_sum", pa.float64()), pa.field("goldstein_mean", pa.float64())]
)

_COLUMNS = ["event_date", "source_code", "target_code", "source_country", "target_country",
            "event_code", "event_root", "quad_class", "goldstein"]


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


def aggregate(dataset: str | Path, by: str = "month", level: str = "country",
              output: str | Path | None = None) -> pa.Table:
    """One row per source-target-period of ``dataset`` (a dedupe output, or raw events).

    Columns (:data:`AGGREGATE_SCHEMA`): ``source``, ``target`` (countries, or full actor codes
    with ``level='actor'``), ``period`` (first day of the period; ISO weeks start on Monday),
    ``events``, ``mentions`` (sum of ``num_mentions`` for a deduplicated dataset, else the number
    of rows), ``quad1``..``quad4``, ``root01``..``root20`` (event counts), ``goldstein_sum`` and
    ``goldstein_mean`` (over events with a Goldstein score).  Events without a date form a
    group with an empty ``period``.  Written to ``output`` when given (Parquet, or CSV for ``.csv``).
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    if level not in AGG_LEVELS:
        raise ValueError(f"level must be one of {AGG_LEVELS}, not {level!r}")
    inp = dataset_input(dataset)
    deduped = inp.kind == DATASET
    if not ({"event_date", "doc_date", "first_doc_date"} & set(inp.names)):
        raise InputError(f"{inp.path}: not an eventcoder event table or dataset (no dates)")
    columns = _COLUMNS + (["num_mentions", "first_doc_date"] if deduped else ["doc_date"])
    src, tgt = ("source_country", "target_country") if level == "country" else ("source_code", "target_code")
    date_expr = "coalesce(event_date, first_doc_date)" if deduped else "coalesce(event_date, doc_date)"
    period = f"CAST(date_trunc('{by}', {date_expr}) AS DATE)" if by != "day" else date_expr
    mentions = "sum(coalesce(num_mentions, 1))" if deduped else "count(*)"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS quad{q}" for q in range(1, 5))
    roots = ", ".join(f"count(*) FILTER (WHERE root = '{r:02d}') AS root{r:02d}" for r in range(1, 21))
    src_sql = duckdb_source([inp], columns, types={"num_mentions": pa.int64()})
    con = connect()
    try:
        table = run(con, f"""
            SELECT {src} AS source, {tgt} AS target, {period} AS period,
                   count(*) AS events, {mentions} AS mentions, {quads}, {roots},
                   sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean
            FROM (SELECT *, coalesce(event_root, left(event_code, 2)) AS root FROM ({src_sql}))
            GROUP BY ALL
            ORDER BY period NULLS LAST, source NULLS LAST, target NULLS LAST
            """, str(inp.path))
    finally:
        con.close()
    table = table.cast(AGGREGATE_SCHEMA)
    if output is not None:
        write_table_atomic(table, output)
    return table
