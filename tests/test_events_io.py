"""The one reader of event tables: what it finds in files, shard directories, hive partitions and
dataset directories, what it leaves out and says so, and how it reads (table, batches, dataset)."""
from __future__ import annotations

import json
import logging
import subprocess
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import eventcoder
from eventcoder.errors import InputError
from eventcoder.io.events import (EVENT_COLUMNS, EVENT_SCHEMA, EventWriter, find_event_tables, open_dataset,
                                  read_events, table_kind)
from eventcoder.tables.aggregate import aggregate
from eventcoder.tables.dedupe import dedupe

from conftest import ROOT
from test_dataset import ROWS, corpus_table


def write_shards(directory, table, names=("news-a", "news-b", "news-c")):
    """``table`` split into the shards ``code --dataset`` writes: DIR/shard=NAME/part-0.parquet with
    the shard's run summary beside it."""
    n = len(names)
    for i, name in enumerate(names):
        rows = table.take(list(range(i, table.num_rows, n)))
        with EventWriter(directory / f"shard={name}" / "part-0.parquet") as w:
            w.write(rows.to_pylist())
        (directory / f"shard={name}" / "_summary.json").write_text(json.dumps({"events": rows.num_rows}))
    return directory


def write_dataset_dir(directory, raw):
    """A dataset directory DIR/ds as `make dataset` leaves it (dedupe's two tables and an
    aggregate) of the events written to ``raw``."""
    pq.write_table(corpus_table(), raw)
    dedupe([raw], directory / "ds")
    aggregate(directory / "ds", by="month", output=directory / "ds" / "aggregates" / "country-month.parquet")
    return directory / "ds"


def by_id(table: pa.Table) -> list[dict]:
    return table.sort_by("event_id").to_pylist()


def test_a_file_reads_back_with_the_schema(tmp_path):
    path = tmp_path / "events.parquet"
    pq.write_table(corpus_table(), path)
    table = read_events(path)
    assert table.schema.names == EVENT_COLUMNS
    assert [f.type for f in table.schema] == [f.type for f in EVENT_SCHEMA]
    assert by_id(table) == by_id(corpus_table())
    # the public name is the same function
    assert eventcoder.read_events(str(path)).num_rows == len(ROWS)


def test_shard_directory_of_code_dataset(tmp_path):
    from eventcoder.run.distributed import read_dataset

    out = write_shards(tmp_path / "events", corpus_table())
    # a temporary file left by an interrupted writer is not a shard
    (out / "shard=news-a" / ".part-0.parquet.x1.tmp").write_bytes(b"half written")
    (inp,) = find_event_tables(out)
    assert inp.kind == "events" and inp.partition_keys == ("shard",)
    assert [f.relative_to(out).as_posix() for f in inp.files] == [
        "shard=news-a/part-0.parquet", "shard=news-b/part-0.parquet", "shard=news-c/part-0.parquet"]
    assert inp.count_rows() == len(ROWS)
    assert by_id(read_events(out)) == by_id(corpus_table())
    # the dataset mode's reader keeps the shard column
    table = read_dataset(out)
    assert table.num_rows == len(ROWS)
    counts = table.group_by("shard").aggregate([([], "count_all")]).to_pylist()
    assert {r["shard"]: r["count_all"] for r in counts} == {"news-a": 5, "news-b": 4, "news-c": 4}


def test_hive_partitions_keep_the_event_table_types(tmp_path):
    # pyarrow writes the partition column into the path only: event_root=03 is the string '03'
    pq.write_to_dataset(corpus_table(), tmp_path / "events", partition_cols=["event_root", "doc_source"])
    assert (tmp_path / "events" / "event_root=03").is_dir()
    (inp,) = find_event_tables(tmp_path / "events")
    assert set(inp.partition_keys) == {"event_root", "doc_source"}
    table = read_events(tmp_path / "events")
    assert table.schema.field("event_root").type == pa.string()
    assert sorted(table["event_root"].to_pylist()) == sorted(r[8][:2] for r in ROWS)
    assert by_id(table) == by_id(corpus_table())


def test_several_paths_and_older_files_read_as_one_table(tmp_path):
    full = corpus_table()
    pq.write_table(full.slice(0, 5), tmp_path / "new.parquet")
    # an older file: fewer columns, sentence_id as int64, dictionary-encoded codes
    old = full.slice(5).select(["event_id", "doc_id", "sentence_id", "event_code", "source_code", "event_date"])
    old = old.set_column(2, "sentence_id", old["sentence_id"].cast(pa.int64()))
    old = old.set_column(3, "event_code", pc.dictionary_encode(old["event_code"]))
    (tmp_path / "old").mkdir()
    pq.write_table(old, tmp_path / "old" / "part-0.parquet")
    table = read_events([tmp_path / "new.parquet", tmp_path / "old"])
    assert table.num_rows == len(ROWS)
    assert table.schema.field("sentence_id").type == pa.int32()
    assert table.schema.field("event_code").type == pa.string()
    assert sorted(table["event_code"].to_pylist()) == sorted(r[8] for r in ROWS)
    # what the old file lacks reads as nulls
    old_rows = table.filter(pc.field("event_id").isin(old["event_id"]))
    assert old_rows.num_rows == len(ROWS) - 5 and old_rows["goldstein"].null_count == len(ROWS) - 5
    # open_dataset: the same rows, any columns (a column nobody has is all nulls)
    data = open_dataset(find_event_tables([tmp_path / "new.parquet", tmp_path / "old"]), ["event_id", "latitude"])
    assert data.count_rows() == len(ROWS) and data.schema.names == ["event_id", "latitude"]


def test_batches_and_filters(tmp_path):
    out = write_shards(tmp_path / "events", corpus_table())
    (inp,) = find_event_tables(out)
    batches = list(inp.batches(["event_id", "goldstein", "shard"], batch_size=2))
    assert max(b.num_rows for b in batches) <= 2
    assert sum(b.num_rows for b in batches) == len(ROWS)
    # a filter on a column not read
    shells = inp.read(["event_id"], filter=pc.field("event_code") == "195")
    assert sorted(shells["event_id"].to_pylist()) == sorted(r[0] for r in ROWS if r[8] == "195")
    assert inp.read(["event_id"], filter=pc.field("shard") == "news-b").num_rows == 4


@pytest.mark.parametrize("name, columns, kind", [
    ("events", EVENT_COLUMNS, "events"),
    ("dataset events", ["event_id", "event_code", "num_mentions", "first_doc_id"], "dataset"),
    ("mentions", ["event_id", "mention_id", "doc_id", "sentence_id", "event_code"], "mentions"),
    ("aggregate", ["source", "target", "period", "events", "mentions", "quad1"], "aggregate"),
    ("diagnostics", ["kind", "text", "count"], "diagnostics"),
    ("no doc_id", ["event_id", "sentence_id", "event_code"], "other"),
])
def test_table_kind_by_schema(name, columns, kind):
    assert table_kind(columns)[0] == kind
    if kind == "other":
        assert table_kind(columns)[1] == "not an eventcoder event table (no column doc_id)"


def test_a_dataset_directory_holds_no_event_table(tmp_path, caplog):
    ds = write_dataset_dir(tmp_path, tmp_path / "raw.parquet")
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        with pytest.raises(InputError) as err:
            find_event_tables(ds)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{ds}: no event table found")
    for name in ("events.parquet", "mentions.parquet", "aggregates/country-month.parquet"):
        assert name in message
    assert "written by dedupe" in message and "read by export and aggregate" in message
    # the error says it all: no warnings before it
    assert caplog.records == []
    # its events table is what the readers of a dataset take
    (inp,) = find_event_tables(ds / "events.parquet", kinds=("dataset", "events"))
    assert inp.kind == "dataset" and inp.count_rows() == 8


def test_files_that_are_not_event_tables_are_left_out_with_a_warning(tmp_path, caplog):
    events = write_shards(tmp_path / "events", corpus_table())
    write_dataset_dir(events, tmp_path / "raw.parquet")  # a dataset inside the event directory: events/ds/...
    (events / "notes.parquet").write_text("doc_id,event_code\n")
    pq.write_table(pa.table({"kind": ["uncoded_verb"], "text": ["bombard"], "count": [3]}),
                   events / "events.diagnostics.parquet")
    with caplog.at_level(logging.DEBUG, logger="eventcoder"):
        (inp,) = find_event_tables(events)
    records = list(caplog.records)
    assert len(inp.files) == 3 and inp.count_rows() == len(ROWS)
    assert by_id(read_events(events)) == by_id(corpus_table())
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert sorted(warnings) == sorted([
        f"{events / 'ds' / 'aggregates' / 'country-month.parquet'}: skipped: an aggregate table written by "
        "aggregate, not an event table",
        f"{events / 'ds' / 'events.parquet'}: skipped: the events table of a dataset written by dedupe, "
        "not an event table",
        f"{events / 'ds' / 'mentions.parquet'}: skipped: the mentions table of a dataset written by dedupe, "
        "not an event table",
        f"{events / 'notes.parquet'}: skipped: not a readable Parquet file (Parquet magic bytes not found "
        "in footer. Either the file is corrupted or this is not a parquet file.)",
    ])
    # the diagnostics side file is no surprise: noted at debug level only
    debug = [r.getMessage() for r in records if r.levelno == logging.DEBUG]
    assert any("events.diagnostics.parquet: skipped: a diagnostics table" in m for m in debug)


def test_an_input_with_nothing_readable_is_left_out_when_others_have_events(tmp_path, caplog):
    pq.write_table(corpus_table(), tmp_path / "events.parquet")
    (tmp_path / "empty").mkdir()
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        inputs = find_event_tables([tmp_path / "empty", tmp_path / "events.parquet"])
    assert [i.path for i in inputs] == [tmp_path / "events.parquet"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'empty'}: skipped: no Parquet files in this directory"]


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(InputError, match=r"nowhere\.parquet: no such file or directory"):
        read_events(tmp_path / "nowhere.parquet")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"empty: no Parquet files in this directory"):
        read_events(tmp_path / "empty")
    with pytest.raises(InputError, match="no event tables given"):
        find_event_tables([])
    pq.write_table(pa.table({"x": [1]}), tmp_path / "x.parquet")
    with pytest.raises(InputError, match=r"x\.parquet: not an eventcoder event table \(no column event_id, doc_id"):
        read_events(tmp_path / "x.parquet")


_STREAM = """
import sys
from eventcoder.io.events import find_event_tables, read_events
path, how = sys.argv[1:]
if how == "batches":
    (inp,) = find_event_tables(path)
    n = sum(b.num_rows for b in inp.batches(["event_id", "doc_id", "sentence"]))
else:
    n = read_events(path, columns=["event_id", "doc_id", "sentence"]).num_rows
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(n, int(hwm) // 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads peak memory from /proc")
def test_a_million_events_stream_in_bounded_memory(tmp_path):
    """Batches of a million-row table (in the row groups eventcoder writes) hold a few row groups,
    not the table: the peak memory of streaming stays far below that of reading it whole."""
    n = 1_000_000
    ids = pa.array([f"event-{i:09d}" for i in range(n)])
    docs = pa.array([f"story-{i // 7:08d}" for i in range(n)])
    sentence = pa.array([f"Sentence {i} of a story about troops shelling positions near a town." for i in range(n)])
    table = pa.table({"event_id": ids, "doc_id": docs, "sentence_id": pa.array([1] * n, pa.int32()),
                      "event_code": pa.array(["190"] * n), "sentence": sentence})
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=50_000)
    del table, ids, docs, sentence
    peaks = {}
    for how in ("batches", "whole"):
        r = subprocess.run([sys.executable, "-c", _STREAM, str(tmp_path / "big.parquet"), how], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        rows, peaks[how] = map(int, r.stdout.split())
        assert rows == n
    print(f"peak RSS streaming {peaks['batches']} MiB, whole table {peaks['whole']} MiB")
    assert peaks["whole"] - peaks["batches"] > 60, peaks
