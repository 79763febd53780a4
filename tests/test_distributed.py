"""The dataset mode and the Dask mode of `code`: one shard per input file, same rows as one process.

The shards are CoNLL-U files of the sample corpus parsed once by the session's stanza pipeline
(or the shipped examples/sample.conllu where no model is found), so no test here parses."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, ROOT

SORT = ["doc_id", "sentence_id", "event_id"]


def sample_sentences(request) -> list:
    """The sample corpus as parsed Sentences: from the session parser, else the shipped parse."""
    from eventcoder.io.conllu import read_conllu
    from eventcoder.io.documents import Problems, read_documents
    from eventcoder.parsing import parse_documents

    try:
        parser = request.getfixturevalue("parser")
    except pytest.skip.Exception:
        shipped = EXAMPLES / "sample.conllu"
        if not shipped.is_file():
            pytest.skip("needs a stanza model or examples/sample.conllu")
        return list(read_conllu(shipped))
    docs = list(read_documents([EXAMPLES / "sample.jsonl"], Problems()))
    return [s for _, sents in parse_documents(docs, parser.spec, parser=parser) for s in sents]


def write_shards(sentences: list, directory: Path, n: int) -> list[Path]:
    """Split the sentences by document, round robin, into ``n`` CoNLL-U shards."""
    from eventcoder.io.conllu import write_conllu

    directory.mkdir(parents=True, exist_ok=True)
    doc_ids = list(dict.fromkeys(s.doc_id for s in sentences))
    paths = []
    for i in range(n):
        mine = set(doc_ids[i::n])
        path = directory / f"part-{i:02d}.conllu"
        with open(path, "w", encoding="utf-8") as fh:
            write_conllu([s for s in sentences if s.doc_id in mine], fh)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def shards(request, tmp_path_factory) -> list[Path]:
    sentences = sample_sentences(request)
    return write_shards(sentences, tmp_path_factory.mktemp("shards"), 3)


@pytest.fixture(scope="module")
def dict_dir(tmp_path_factory) -> Path:
    """A snapshot of the project's dictionaries: every run of this module codes with the same files."""
    import shutil

    target = tmp_path_factory.mktemp("dict") / "dictionaries"
    shutil.copytree(ROOT / "eventcoder" / "data" / "dictionaries", target)
    return target


@pytest.fixture(scope="module")
def single_run(shards, dict_dir, tmp_path_factory):
    """The reference: every shard coded in one process into one Parquet file."""
    from eventcoder.dictionaries import load_dictionaries
    from eventcoder.run.pipeline import code_inputs

    out = tmp_path_factory.mktemp("single") / "events.parquet"
    stats = code_inputs(shards, out, load_dictionaries(dict_dir))
    table = pq.read_table(out)
    assert stats.events == table.num_rows
    return table


@pytest.fixture(scope="module")
def client():
    """One local Dask cluster of 2 worker processes for the module."""
    from eventcoder.run.distributed import dask_client

    with dask_client(workers=2) as c:
        yield c


def sorted_rows(table) -> list[dict]:
    if "shard" in table.column_names:
        table = table.drop_columns(["shard"])
    return table.sort_by([(c, "ascending") for c in SORT]).to_pylist()


def test_single_run_codes_events(single_run):
    # the comparisons below mean something only if there are events to compare
    assert single_run.num_rows > 0


def test_dask_two_workers_give_the_same_rows(shards, dict_dir, single_run, client, tmp_path):
    from eventcoder.run.distributed import code_dataset, read_dataset

    out = tmp_path / "events"
    summary = code_dataset(shards, out, client=client, dictionaries=str(dict_dir))
    # one Parquet file per input file, in the hive layout
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert files == [f"shard=part-{i:02d}/part-0.parquet" for i in range(3)]
    table = read_dataset(out)
    assert sorted_rows(table) == sorted_rows(single_run)
    assert set(table.column("shard").to_pylist()) <= {f"part-{i:02d}" for i in range(3)}
    # the run's summary beside the directory adds up the shards
    on_disk = json.loads((tmp_path / "events.summary.json").read_text())
    assert on_disk["events"] == summary["events"] == single_run.num_rows
    assert on_disk["sentences"] == sum(s["sentences"] for s in on_disk["shards"]) > 0
    assert on_disk["dask"].startswith("tcp://127.0.0.1:")
    # each shard's own summary sits beside its Parquet file (readers skip files starting with '_')
    for i in range(3):
        shard = json.loads((out / f"shard=part-{i:02d}" / "_summary.json").read_text())
        assert shard["events"] == pq.read_metadata(out / f"shard=part-{i:02d}" / "part-0.parquet").num_rows
    # shards really ran in worker processes, not here
    import os

    assert os.getpid() not in {s["worker_pid"] for s in summary["shards"]}


def test_each_worker_loads_the_dictionaries_once(shards, dict_dir, client, tmp_path):
    from eventcoder.run.distributed import code_dataset

    for d in "abc":
        code_dataset(shards, tmp_path / d, client=client, dictionaries=str(dict_dir))

    def state_keys(dask_worker):
        from eventcoder.run import parsers

        state = getattr(dask_worker, "eventcoder_state", None)
        return sorted(k[0] for k in (state.coders if state else ())) + ["parser"] * len(parsers._BUILT)

    per_worker = client.run(state_keys)
    assert len(per_worker) == 2
    for keys in per_worker.values():
        # one dictionary set per worker, however many shards it coded (9 here); no stanza
        # pipeline: CoNLL-U needs no parsing
        assert keys.count("project") <= 1 and "parser" not in keys
    assert sum(keys.count("project") for keys in per_worker.values()) >= 1


def test_dataset_mode_in_process_same_rows(shards, dict_dir, single_run, tmp_path):
    """`code --dataset` (no Dask) writes the same layout and rows."""
    out = tmp_path / "ds"
    r = subprocess.run([sys.executable, "-m", "eventcoder", "code", *map(str, shards), "--dataset", "-o", str(out), "-q",
                        "--dictionaries", str(dict_dir)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "3 shards" in r.stdout
    import pyarrow.dataset as ds

    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert sorted_rows(table) == sorted_rows(single_run)


def test_dataset_mode_refuses_two_inputs_with_one_name(shards, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    twin = other / shards[0].name
    twin.write_bytes(shards[0].read_bytes())
    r = subprocess.run([sys.executable, "-m", "eventcoder", "code", str(shards[0]), str(twin), "--dataset",
                        "-o", str(tmp_path / "out"), "-q"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert "same shard name 'part-00'" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()[-1]) < 400


def test_unreachable_scheduler_says_how_to_start_one():
    from eventcoder.run.distributed import dask_client
    from eventcoder.errors import InputError

    with pytest.raises(InputError) as err:
        with dask_client("tcp://127.0.0.1:9", timeout="1s"):
            pass
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in str(err.value)
    assert "dask worker tcp://" in str(err.value)


def test_raw_shards_on_workers_use_the_parse_cache(request, dict_dir, single_run, client, tmp_path):
    """JSONL shards whose parses are all cached: coded on the workers without loading stanza there,
    with the same rows as the CoNLL-U run."""
    from eventcoder.run.distributed import code_dataset, read_dataset
    from eventcoder.run.options import Options
    from eventcoder.io.documents import Problems, read_documents
    from eventcoder.parsing import ParseCache, parse_documents

    parser = request.getfixturevalue("parser")
    lines = (EXAMPLES / "sample.jsonl").read_text().splitlines(keepends=True)
    raw = []
    for i in range(3):
        path = tmp_path / f"raw-{i}.jsonl"
        path.write_text("".join(lines[i::3]))
        raw.append(path)
    cache_path = tmp_path / "parses.sqlite"
    cache = ParseCache(cache_path)
    try:
        for _ in parse_documents(read_documents(raw, Problems()), parser.spec, parser=parser, cache=cache):
            pass
    finally:
        cache.close()
    summary = code_dataset(raw, tmp_path / "events", Options(cache=cache_path, stanza_dir=str(parser.spec.directory)),
                           client=client, dictionaries=str(dict_dir))
    assert summary["parse_cache_hits"] == 21 and summary["parsed_documents"] == 0
    assert sorted_rows(read_dataset(tmp_path / "events")) == sorted_rows(single_run)

    def has_parser():
        from eventcoder.run import parsers

        return bool(parsers._BUILT)

    assert not any(client.run(has_parser).values())
