"""The make-driven batch workflow (mk/batch.mk), run for real with make in a temporary copy.

Raw shards come from `make batch-demo` (the sample corpus split in three).  The parse cache is
filled beforehand by the session's stanza pipeline, so the real `eventcoder parse` steps that
make runs read every document from the cache and no test process loads stanza again.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, ROOT

SHARDS = ["news-000", "news-001", "news-002"]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


class Batch:
    """A temporary project copy: Makefile, mk/batch.mk, a dictionary snapshot, raw shards."""

    def __init__(self, root: Path, stanza_dir: str):
        self.root = root
        self.stanza_dir = stanza_dir
        (root / "mk").mkdir(parents=True)
        shutil.copy(ROOT / "Makefile", root / "Makefile")
        shutil.copy(ROOT / "mk" / "batch.mk", root / "mk" / "batch.mk")
        shutil.copytree(ROOT / "eventcoder" / "data" / "dictionaries", root / "dict")
        self.out = root / "out" / "batch"

    def make(self, *targets: str, jobs: int = 2, popen: bool = False, check: bool = True):
        cmd = ["make", "--no-print-directory", f"-j{jobs}", "-C", str(self.root), *targets,
               f"PY={sys.executable}", f"EVENTCODER={sys.executable} -m eventcoder", "BATCH_SETUP=",
               f"STANZA_DIR={self.stanza_dir}", "RAW=raw", "OUT=out", "DICTIONARIES=dict",
               f"DEMO_SOURCE={EXAMPLES / 'sample.jsonl'}", "DEMO_SHARDS=3"]
        if popen:
            return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    start_new_session=True)
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if check:
            assert r.returncode == 0, r.stdout + r.stderr
        return r

    def event_shard(self, name: str) -> Path:
        return self.out / "events" / f"shard={name}" / "part-0.parquet"

    def parse_shard(self, name: str) -> Path:
        return self.out / "parsed" / f"{name}.conllu"

    def mtimes(self) -> dict[str, int]:
        return {str(p.relative_to(self.root)): p.stat().st_mtime_ns
                for p in list((self.out / "parsed").glob("*.conllu")) + list((self.out / "events").rglob("*.parquet"))}


def steps(output: str, verb: str) -> list[str]:
    """The shard names make ran ``verb`` (parse or code) on, from its output."""
    if verb == "parse":
        return sorted(re.findall(r"eventcoder parse raw/(\S+)\.jsonl", output))
    return sorted(re.findall(r"^code out/batch/parsed/(\S+)\.conllu", output, re.M))


def touch(path: Path) -> None:
    """Give a file the current time, a little after the outputs made from it."""
    time.sleep(0.05)
    os.utime(path, None)


@pytest.fixture(scope="module")
def batch(tmp_path_factory, parser) -> Batch:
    from eventcoder.io.documents import Problems, read_documents
    from eventcoder.parsing import ParseCache, parse_documents

    b = Batch(tmp_path_factory.mktemp("batch"), str(parser.spec.directory))
    r = b.make("batch-demo")
    assert "3 shards" in r.stdout
    raw = sorted((b.root / "raw").glob("*.jsonl"))
    assert [p.stem for p in raw] == SHARDS
    # the demo shards are the sample, line for line
    assert "".join(p.read_text() for p in raw) == (EXAMPLES / "sample.jsonl").read_text()
    cache = ParseCache(b.root / "out" / "cache" / "parses.sqlite")
    try:
        for _ in parse_documents(read_documents(raw, Problems()), parser.spec, parser=parser, cache=cache):
            pass
    finally:
        cache.close()
    r = b.make("batch-events", "out/batch/events.summary.json")
    assert steps(r.stdout, "parse") == SHARDS and steps(r.stdout, "code") == SHARDS
    return b


def test_shards_read_as_one_dataset(batch):
    import duckdb
    import pandas as pd
    import pyarrow.dataset as ds

    events = batch.out / "events"
    table = ds.dataset(str(events), format="parquet", partitioning="hive").to_table()
    frame = pd.read_parquet(events)
    con = duckdb.connect()
    n_duck = con.execute(f"SELECT count(*) FROM read_parquet('{events}/*/*.parquet', hive_partitioning=true)").fetchone()[0]
    shards_duck = {r[0] for r in con.execute(
        f"SELECT DISTINCT shard FROM read_parquet('{events}/*/*.parquet', hive_partitioning=true)").fetchall()}
    assert table.num_rows == len(frame) == n_duck > 0
    assert shards_duck <= set(SHARDS) and set(frame["shard"].astype(str)) == shards_duck
    # the same rows as one `eventcoder code` run over all the parses
    single = batch.root / "single.parquet"
    r = subprocess.run([sys.executable, "-m", "eventcoder", "code", *[str(batch.parse_shard(n)) for n in SHARDS],
                        "-o", str(single), "--dictionaries", str(batch.root / "dict"), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    key = [("doc_id", "ascending"), ("sentence_id", "ascending"), ("event_id", "ascending")]
    assert table.drop_columns(["shard"]).sort_by(key).to_pylist() == pq.read_table(single).sort_by(key).to_pylist()
    # summaries: one per shard beside its Parquet file, and the run's beside the dataset
    total = json.loads((batch.out / "events.summary.json").read_text())
    assert total["events"] == table.num_rows and total["documents"] == 21
    assert sorted(s["shard"] for s in total["shards"]) == SHARDS
    for name in SHARDS:
        shard = json.loads((batch.event_shard(name).parent / "_summary.json").read_text())
        assert shard["events"] == pq.read_metadata(batch.event_shard(name)).num_rows
    # the shards' diagnostics (what could not be coded) added up beside the dataset
    per_shard = [json.loads((batch.event_shard(n).parent / "_diagnostics.json").read_text())["diagnostics"]
                 for n in SHARDS]
    merged = json.loads((batch.out / "events.diagnostics.json").read_text())["diagnostics"]
    assert sum(r["count"] for r in merged) == sum(r["count"] for d in per_shard for r in d)


def test_make_redoes_only_what_changed(batch):
    before = batch.mtimes()
    # a second make does nothing
    r = batch.make("batch-events")
    assert steps(r.stdout, "parse") == [] and steps(r.stdout, "code") == []
    assert batch.mtimes() == before
    # touching one input redoes that shard only (its parse comes from the cache)
    touch(batch.root / "raw" / "news-001.jsonl")
    r = batch.make("batch-events")
    assert steps(r.stdout, "parse") == ["news-001"] and steps(r.stdout, "code") == ["news-001"]
    after = batch.mtimes()
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"out/batch/parsed/news-001.conllu", "out/batch/events/shard=news-001/part-0.parquet"}
    # a dictionary change re-codes every shard and re-parses none
    before = after
    verbs = batch.root / "dict" / "verbs.txt"
    verbs.write_text(verbs.read_text() + "\n# an edit\n")
    touch(verbs)
    r = batch.make("batch-events")
    assert steps(r.stdout, "parse") == [] and steps(r.stdout, "code") == SHARDS
    after = batch.mtimes()
    assert all(after[f"out/batch/parsed/{n}.conllu"] == before[f"out/batch/parsed/{n}.conllu"] for n in SHARDS)
    assert all(after[k] != before[k] for k in after if k.endswith(".parquet"))


def test_interrupted_make_resumes(batch):
    countries = batch.root / "dict" / "countries.txt"
    countries.write_text(countries.read_text() + "\n# another edit\n")
    touch(countries)
    changed_at = countries.stat().st_mtime_ns
    proc = batch.make("batch-events", jobs=1, popen=True)
    # make echoes "code ..." as it starts a shard: interrupt it as it starts the second one
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith(f"code out/batch/parsed/{SHARDS[1]}"):
            os.killpg(proc.pid, signal.SIGINT)
            break
    rest, _ = proc.communicate(timeout=120)
    out = "".join(lines) + rest

    def fresh(name: str) -> bool:
        p = batch.event_shard(name)
        return p.exists() and p.stat().st_mtime_ns >= changed_at

    done = {n for n in SHARDS if fresh(n)}
    assert SHARDS[0] in done, out
    # make removed the shard it was making when interrupted; no half-written file is left for a reader
    for p in (batch.out / "events").rglob("*.parquet"):
        assert pq.read_metadata(p).num_rows >= 0
    visible = [p for p in (batch.out / "events").rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
    assert all(p.name == "part-0.parquet" for p in visible)
    # the next make codes only the shards the interrupted one did not finish
    r = batch.make("batch-events")
    assert steps(r.stdout, "code") == sorted(set(SHARDS) - done)
    assert steps(r.stdout, "parse") == []
    assert all(batch.event_shard(n).stat().st_mtime_ns >= changed_at for n in SHARDS)


def test_demo_split_keeps_unchanged_shards(batch):
    before = {p.name: p.stat().st_mtime_ns for p in (batch.root / "raw").glob("*.jsonl")}
    batch.make("batch-demo")
    assert {p.name: p.stat().st_mtime_ns for p in (batch.root / "raw").glob("*.jsonl")} == before
    r = batch.make("batch-status")
    assert "input shards: 3" in r.stdout and "coded:        3" in r.stdout


def test_batch_without_inputs_says_what_to_do(tmp_path):
    b = Batch(tmp_path / "empty", "")
    r = b.make("batch-events", check=False)
    assert r.returncode != 0
    assert "no input shards in raw/" in r.stdout + r.stderr and "make batch-demo" in r.stdout + r.stderr


def test_parse_inputs_streams_the_same_conllu_as_the_shards(batch, tmp_path):
    """The library's streaming parse writes what `eventcoder parse` wrote per shard (all from the cache)."""
    from eventcoder.run.options import Options
    from eventcoder.run.pipeline import parse_inputs

    raw = sorted((batch.root / "raw").glob("*.jsonl"))
    out = tmp_path / "all.conllu"
    stats = parse_inputs(raw, out, Options(stanza_dir=batch.stanza_dir, cache=batch.root / "out" / "cache" / "parses.sqlite"),
                         summary_path=tmp_path / "all.summary.json")
    assert out.read_text() == "".join(batch.parse_shard(n).read_text() for n in SHARDS)
    assert stats.documents == 21 and stats.parse_cache_hits == 21 and stats.parsed_documents == 0
    assert json.loads((tmp_path / "all.summary.json").read_text())["sentences"] == stats.sentences > 0


def test_parse_inputs_failure_leaves_no_file(batch, tmp_path):
    from eventcoder.errors import InputError
    from eventcoder.run.pipeline import parse_inputs

    out = tmp_path / "x.conllu"
    with pytest.raises(InputError):
        parse_inputs([batch.parse_shard(SHARDS[0]), tmp_path / "missing.conllu"], out)
    assert list(tmp_path.iterdir()) == []
