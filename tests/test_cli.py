"""The command line as a user runs it: real files in, Parquet out, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventcoder.io.events import EVENT_SCHEMA

FIXTURE_DICTS = Path(__file__).parent / "fixtures" / "dictionaries"

from conftest import EXAMPLES, ROOT


def run(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "eventcoder", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=600)


def test_help_for_every_command_has_examples():
    top = run("--help")
    assert top.returncode == 0
    commands = [c for c in ("parse", "code", "models", "validate", "report", "dict", "dedupe", "export", "aggregate")
                if f"    {c} " in top.stdout]
    assert {"parse", "code"} <= set(commands)
    for c in commands:
        out = run(c, "--help")
        assert out.returncode == 0, out.stderr
        assert "example" in out.stdout.lower(), f"{c} --help has no example"


def test_code_the_shipped_sample_parse(tmp_path):
    out = tmp_path / "events.parquet"
    r = run("code", EXAMPLES / "sample.conllu", "-o", out, "--cache", "none")
    assert r.returncode == 0, r.stderr
    assert "documents: 21" in r.stdout and "events by CAMEO root" in r.stdout
    table = pq.read_table(out)
    assert table.schema.equals(EVENT_SCHEMA, check_metadata=False)
    assert table.num_rows > 10
    rows = table.to_pylist()
    assert {r["event_root"] for r in rows} >= {"11", "19"}
    for r in rows:
        assert r["event_code"].startswith(r["event_root"]) and r["quad_class"] in (1, 2, 3, 4)
        assert r["source_code"] != r["target_code"] or r["source_text"] != r["target_text"]
        assert r["one_sided"] == (not r["source_code"] or not r["target_code"])
        # every actor is in the sentence it was coded from (a one-sided event has one side empty)
        for side in ("source", "target"):
            if r[f"{side}_code"]:
                assert r[f"{side}_text"].split()[-1].strip(".,") in r["sentence"]
            else:
                assert not r[f"{side}_text"] and r[f"{side}_basis"] is None
    summary = json.loads((tmp_path / "events.summary.json").read_text())
    assert summary["documents"] == 21 and summary["events"] == table.num_rows
    # same input and dictionaries: the same rows in the same order
    out2 = tmp_path / "again.parquet"
    assert run("code", EXAMPLES / "sample.conllu", "-o", out2, "--cache", "none").returncode == 0
    assert pq.read_table(out2).column("event_id").to_pylist() == table.column("event_id").to_pylist()


def test_no_model_is_a_one_line_error_saying_how_to_get_one(tmp_path):
    doc = tmp_path / "a.jsonl"
    doc.write_text('{"id": "a", "date": "2020-10-08", "text": "Russia criticized Turkey."}\n')
    r = run("code", doc, "-o", tmp_path / "e.parquet", "--stanza-dir", tmp_path / "nothing-here")
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("eventcoder: error:")]
    assert len(errors) == 1 and "no stanza English model found" in errors[0] and "--stanza-dir" in errors[0]
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "e.parquet").exists()


def test_bad_records_are_reported_and_the_batch_is_coded(tmp_path, model_spec):
    doc = tmp_path / "news.jsonl"
    doc.write_text("\n".join([
        '{"id": "a", "date": "2020-10-08", "text": "Russia criticized Turkey on Tuesday."}',
        '{"id": "b", "date": "2020-13-01", "text": "Armenia accused Azerbaijan."}',
        '{"id": "c", "date": ',
        '{"id": "d", "date": "2020-09-30", "text": "Armenia accused Azerbaijan of shelling Stepanakert."}',
    ]) + "\n")
    cache = tmp_path / "cache.sqlite"
    r = run("code", doc, "-o", tmp_path / "e.parquet", "--stanza-dir", model_spec.directory, "--cache", cache,
            "--dictionaries", FIXTURE_DICTS)
    assert r.returncode == 0, r.stderr
    assert f"{doc}:2: document 'b' has an impossible date" in r.stderr
    assert f"{doc}:3: malformed JSON" in r.stderr
    assert "skipped records: 2" in r.stdout and "documents: 2" in r.stdout
    ids = set(pq.read_table(tmp_path / "e.parquet").column("doc_id").to_pylist())
    assert ids == {"a", "d"}
    # re-coding reads the parse cache and never re-parses
    r2 = run("code", doc, "-o", tmp_path / "e2.parquet", "--stanza-dir", model_spec.directory, "--cache", cache)
    summary = json.loads((tmp_path / "e2.summary.json").read_text())
    assert summary["parse_cache_hits"] == 2 and summary["parsed_documents"] == 0
    # --strict makes the first bad record fatal, with file and line
    r3 = run("code", doc, "-o", tmp_path / "e3.parquet", "--stanza-dir", model_spec.directory, "--strict")
    assert r3.returncode == 2 and f"{doc}:2:" in r3.stderr and "Traceback" not in r3.stderr


def test_parse_writes_conllu_that_codes_like_raw_text(tmp_path, model_spec):
    doc = tmp_path / "story.txt"
    doc.write_text("Syrian President Bashar Assad accused Turkey on Tuesday of sending fighters to Azerbaijan.")
    conllu = tmp_path / "story.conllu"
    r = run("parse", doc, "--date", "2020-10-08", "-o", conllu, "--stanza-dir", model_spec.directory, "--cache", "none")
    assert r.returncode == 0, r.stderr
    text = conllu.read_text()
    assert "# doc_id = story" in text and "# date = 2020-10-08" in text and "\taccuse\t" in text
    a = run("code", conllu, "-o", tmp_path / "a.parquet", "--cache", "none", "--dictionaries", FIXTURE_DICTS)
    b = run("code", doc, "--date", "2020-10-08", "-o", tmp_path / "b.parquet", "--stanza-dir", model_spec.directory,
            "--cache", "none", "--dictionaries", FIXTURE_DICTS)
    assert a.returncode == 0 and b.returncode == 0
    ta, tb = pq.read_table(tmp_path / "a.parquet"), pq.read_table(tmp_path / "b.parquet")
    cols = ["source_code", "event_code", "target_code", "event_date"]
    assert ta.select(cols).to_pylist() == tb.select(cols).to_pylist()
    assert ("SYRGOV", "112", "TUR") in {(r["source_code"], r["event_code"], r["target_code"]) for r in ta.to_pylist()}


def test_seed_article_main_accusations(tmp_path, model_spec, shared_dir):
    """The real article: the accusations between states come out with the right actors."""
    article = shared_dir / "corpus" / "seed-article.txt"
    r = run("code", article, "--date", "2020-10-08", "-o", tmp_path / "seed.parquet", "--stanza-dir",
            model_spec.directory, "--cache", "none")
    assert r.returncode == 0, r.stderr
    rows = pq.read_table(tmp_path / "seed.parquet").to_pylist()
    got = {(r["source_code"], r["event_root"], r["target_code"]) for r in rows}
    assert ("SYRGOV", "11", "TURGOV") in got  # Assad accused Erdogan
    assert any(s == "FRAGOV" and root == "11" and t.startswith("TUR") for s, root, t in got)  # Macron blamed Turkey
    text = article.read_text()
    for r in rows:  # no event carries an actor that is not in the text
        for side in ("source_text", "target_text"):
            if r[side]:
                assert r[side].split()[-1] in text


def test_unwritable_output_is_a_one_line_error(tmp_path):
    (tmp_path / "adir").mkdir()
    r = run("code", EXAMPLES / "sample.conllu", "-o", tmp_path / "adir", "--cache", "none", "-q")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"eventcoder: error: {tmp_path / 'adir'}: Is a directory" in r.stderr
