"""The coder's outputs stay what they were (see golden_support.py): the sample's event table, the
dev suite's coded records, and real wire stories coded with both dictionary sets."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, ROOT
from golden_support import (GOLDEN, VOLATILE, WIRE_COLUMNS, jsonable, parse_hash, read_jsonl, wire_story_ids,
                            write_jsonl)


def _check(request, path, got, compare=None):
    update = request.config.getoption("--update-golden")
    if update and (update == "all" or path.name.split(".")[0].replace("-events", "") in update.split(",")):
        if path.suffix == ".jsonl":
            write_jsonl(path, got)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(got, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {path.name}")
    if not path.exists():
        pytest.fail(f"no golden record {path}: run `make golden` once")
    want = read_jsonl(path) if path.suffix == ".jsonl" else json.loads(path.read_text(encoding="utf-8"))
    (compare or _equal)(want, got)


def _equal(want, got):
    assert got == want


def sample_rows(tmp_path) -> list[dict]:
    from eventcoder.api import code_to_file, load_dictionaries

    out = tmp_path / "sample.parquet"
    code_to_file([EXAMPLES / "sample.conllu"], out, dictionaries=load_dictionaries())
    rows = pq.read_table(out).to_pylist()
    return [{k: jsonable(v) for k, v in r.items() if k not in VOLATILE} for r in rows]


def test_sample_event_table_unchanged(request, tmp_path):
    _check(request, GOLDEN / "sample-events.jsonl", sample_rows(tmp_path))


def test_dev_suite_records_unchanged(request, shared_dir):
    from eventcoder.validate import dictionaries_for_suite, read_suite, report_json, run_suite

    suite = read_suite(shared_dir / "peers" / "petrarch" / "validation" / "unit-dev.ud.xml")
    dictionaries = dictionaries_for_suite(suite, shared_dir / "peers" / "petrarch" / "dictionaries")
    records = report_json(run_suite(suite, dictionaries))["records"]
    got = {r["id"]: [list(t) for t in r["got"]] for r in records}
    _check(request, GOLDEN / "unit-dev.json", got)


@pytest.fixture(scope="module")
def wire_sentences(shared_dir, parsed_stories):
    return parsed_stories(wire_story_ids(shared_dir))


def _wire_compare(want: list[dict], got: list[dict]):
    recorded = {(r["doc"], r["s"]): r for r in want}
    same_parse = [g for g in got if (g["doc"], g["s"]) in recorded and recorded[(g["doc"], g["s"])]["h"] == g["h"]]
    if len(same_parse) < 0.9 * len(want):
        pytest.skip(f"the parser here gives other parses ({len(same_parse)} of {len(want)} sentences as recorded)")
    changed = []
    for g in same_parse:
        r = recorded[(g["doc"], g["s"])]
        for key in ("own", "phoenix"):
            if sorted(map(json.dumps, g[key])) != sorted(map(json.dumps, r[key])):
                changed.append(f"{g['doc']}#{g['s']} {key}: recorded {r[key]} now {g[key]}")
    assert not changed, f"{len(changed)} sentences code differently:\n" + "\n".join(changed[:30])


def test_wire_stories_unchanged(request, shared_dir, wire_sentences):
    from eventcoder.api import code_sentences, load_dictionaries

    own = load_dictionaries()
    phoenix = load_dictionaries(petrarch=shared_dir / "peers" / "petrarch" / "dictionaries")
    coded = {name: code_sentences(wire_sentences, dictionaries=d) for name, d in (("own", own), ("phoenix", phoenix))}
    by_sentence: dict[tuple, dict] = {}
    for s in wire_sentences:
        by_sentence[(s.doc_id, s.sentence_id)] = {"doc": s.doc_id, "s": s.sentence_id, "h": parse_hash(s),
                                                  "own": [], "phoenix": []}
    for name, table in coded.items():
        for r in table.to_pylist():
            by_sentence[(r["doc_id"], r["sentence_id"])][name].append([jsonable(r[c]) for c in WIRE_COLUMNS])
    got = list(by_sentence.values())
    assert len(got) > 2000
    _check(request, GOLDEN / "wire.jsonl", got, _wire_compare)
