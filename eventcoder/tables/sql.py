"""DuckDB for the dataset tables: a connection with bounded memory, errors as one-line
:class:`~eventcoder.errors.InputError`, results as Arrow.

The queries that read the inputs come from :func:`eventcoder.io.events.duckdb_source`.
"""
from __future__ import annotations

import os
import tempfile

import pyarrow as pa

from ..errors import InputError

def connect():
    """An in-memory DuckDB connection that spills to the temporary directory past
    ``$EVENTCODER_DUCKDB_MEMORY`` (default 1GB) and shows no progress bar."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{os.environ.get('EVENTCODER_DUCKDB_MEMORY', '1GB')}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/eventcoder-duckdb'")
    return con


def run(con, sql: str, what: str, fetch: bool = True) -> pa.Table | None:
    """Run ``sql``; its result as a Table when ``fetch``.  A DuckDB error (a file that cannot be
    read, a value that cannot be cast) is an InputError naming ``what`` was read."""
    import duckdb

    try:
        if not fetch:
            con.execute(sql)
            return None
        return arrow(con.sql(sql))
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(f"{what}: cannot read the input ({first})") from None


def arrow(result) -> pa.Table:
    """A DuckDB result as a pyarrow Table (the method's name changed across DuckDB versions)."""
    fetch = getattr(result, "to_arrow_table", None) or getattr(result, "fetch_arrow_table")
    return fetch()
