"""Fuzzing the input readers and the ``code`` command with hostile records (tests/fuzz_records.py).

Reader level (no stanza, thousands of records): no exception escapes, every document yielded is
well-formed, every record the generator made good comes out as it should, and every bad one is
reported once, at its line.  End to end (``python -m eventcoder code`` in a subprocess): no
traceback, the good stories code exactly as in a clean run of them alone, every bad record is
reported with file and line, the run summary counts what was read and skipped, exit status 0.

Sizes and seed come from the environment (see tests/fuzz_records.py): the defaults run in
seconds; the benchmark sets EVENTCODER_FUZZ_RECORDS / EVENTCODER_FUZZ_READER_RECORDS high.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import fuzz_records as fr
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, stanza_dir

from eventcoder.io.conllu import read_conllu, read_conllu_documents, tree_problem
from eventcoder.io.documents import DEFAULT_MAX_CHARS, Problems, read_documents

SEEDS = [fr.SEED, fr.SEED + 1]
KEPT = (fr.GOOD, fr.REPAIRED, fr.ODD)
#: what a document's text never holds once read (tabs and line feeds apart), and what one-line fields never hold
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff]")


class Recorder(Problems):
    """Problems that also keep every report (the messages list stops at 1000)."""

    def __init__(self):
        super().__init__()
        self.all: list[tuple[str, str, str]] = []

    def report(self, where: str, message: str, reason: str) -> None:
        self.all.append((where, message, reason))
        super().report(where, message, reason)

    def lines(self, path) -> dict[int, str]:
        """{line: reason} of the reports on records of ``path``; fails on two reports for one line."""
        out: dict[int, str] = {}
        for where, _, reason in self.all:
            file, _, line = where.rpartition(":")
            assert file == str(path) and line.isdigit(), where
            assert int(line) not in out, f"line {line} reported twice"
            out[int(line)] = reason
        return out


def assert_well_formed(doc, path, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    assert isinstance(doc.id, str) and doc.id and doc.id == doc.id.strip()
    assert not CONTROL_IN_LINE.search(doc.id), doc.id
    assert type(doc.date) is dt.date, doc.date
    assert isinstance(doc.text, str) and doc.text.strip() and len(doc.text) <= max_chars
    assert not CONTROL_IN_TEXT.search(doc.text) and "\r" not in doc.text, repr(doc.text[:80])
    for value in (doc.id, doc.text, doc.source or "", doc.url or "", doc.title or ""):
        value.encode("utf-8")  # valid Unicode: no lone surrogates
    for value in (doc.source, doc.url, doc.title):
        assert value is None or (isinstance(value, str) and value.strip() == value and value
                                 and not CONTROL_IN_LINE.search(value)), value
    assert doc.origin.startswith(str(path))


def as_read(doc) -> dict:
    return {"id": doc.id, "date": doc.date.isoformat(), "text": doc.text, "source": doc.source}


def expected(record) -> dict:
    rec = record.read_as
    return {"id": rec["id"], "date": rec["date"], "text": rec["text"], "source": rec.get("source")}


# -- JSONL ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_jsonl_reader_reads_every_good_record_and_reports_every_bad_one_at_its_line(tmp_path, seed):
    records = fr.generate(seed, fr.READER_RECORDS)
    path = tmp_path / "fuzz.jsonl"
    lines = fr.write_jsonl(records, path, bom=True, crlf=True, final_newline=False)
    problems = Recorder()
    docs = list(read_documents([path], problems))
    for doc in docs:
        assert_well_formed(doc, path)
    kept = {n: r for n, r in lines.items() if r.kind in KEPT}
    assert [as_read(d) for d in docs] == [expected(r) for r in kept.values()]
    assert [int(d.origin.rpartition(":")[2]) for d in docs] == list(kept)
    bad = {n: r.reason for n, r in lines.items() if r.kind == fr.BAD}
    assert problems.lines(path) == bad
    assert problems.reasons == Counter(bad.values()) and problems.skipped == len(bad)
    repaired = sum(1 for r in kept.values() if r.label == "control characters")
    assert problems.repairs == ({"control characters": repaired} if repaired else {})
    assert problems.inputs[str(path)].documents == len(kept) and problems.failed_inputs() == []


@pytest.mark.parametrize("seed", SEEDS)
def test_jsonl_reader_survives_random_damage_and_accounts_for_every_line(tmp_path, seed):
    rng = random.Random(seed)
    records = fr.generate(seed, fr.READER_RECORDS, parse_heavy=False)
    lines = [fr.mutate(rng, r.line) if rng.random() < 0.6 else r.line for r in records]
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    problems = Recorder()
    docs = list(read_documents([path], problems))  # no exception escapes
    for doc in docs:
        assert_well_formed(doc, path)
    read = [int(d.origin.rpartition(":")[2]) for d in docs]
    reported = problems.lines(path)
    records_at = {n for n, line in enumerate(lines, 1) if line.removeprefix(b"\xef\xbb\xbf").strip()}
    assert set(read).isdisjoint(reported) and set(read) | set(reported) == records_at
    assert len(docs) == len({d.id for d in docs})


# -- CSV -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_csv_reader_keeps_every_good_record_around_broken_quotes(tmp_path, seed):
    records = fr.csv_records(seed, max(200, fr.READER_RECORDS // 4))
    path = tmp_path / "fuzz.csv"
    starts = fr.write_csv(records, path, bom=True, crlf=seed % 2 == 0)
    problems = Recorder()
    docs = list(read_documents([path], problems))
    for doc in docs:
        assert_well_formed(doc, path)
    good = [r for r in starts.values() if r.kind == fr.GOOD]
    assert [as_read(d) for d in docs] == [expected(r) for r in good]
    assert problems.lines(path) == {n: r.reason for n, r in starts.items() if r.kind == fr.BAD}


@pytest.mark.parametrize("seed", SEEDS)
def test_csv_reader_survives_random_damage(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "clean.csv"
    fr.write_csv(fr.csv_records(seed, 300), path)
    data = path.read_bytes()
    for round_ in range(20):
        damaged = tmp_path / f"damaged-{round_}.csv"
        damaged.write_bytes(fr.mutate(rng, data, rounds=12).replace(b"\xff", b"\n") if round_ % 2 else
                            fr.mutate(rng, data, rounds=12))
        problems = Problems()
        for doc in read_documents([damaged], problems):
            assert_well_formed(doc, damaged)


# -- Parquet -------------------------------------------------------------------------------------

def _parquet_records(records):
    """The records a Parquet file with string columns can hold, as columns."""
    columns = ("id", "date", "text", "source")
    kept = [r for r in records if isinstance(r.value, dict) and set(r.value) <= set(columns)
            and all(v is None or isinstance(v, str) for v in r.value.values())
            and not any(invalid_unicode(v) for v in r.value.values())]
    table = pa.table({c: pa.array([r.value.get(c) for r in kept], pa.string()) for c in columns})
    return kept, table


def invalid_unicode(value: str | None) -> bool:
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@pytest.mark.parametrize("seed", SEEDS)
def test_parquet_reader_reads_good_rows_and_reports_bad_ones_by_row(tmp_path, seed):
    kept, table = _parquet_records(fr.generate(seed, fr.READER_RECORDS))
    path = tmp_path / "fuzz.parquet"
    pq.write_table(table, path, row_group_size=777)
    problems = Recorder()
    docs = list(read_documents([path], problems))
    for doc in docs:
        assert_well_formed(doc, path)
    assert [as_read(d) for d in docs] == [expected(r) for r in kept if r.kind != fr.BAD]
    reported = {int(w.rpartition("row ")[2]): reason for w, _, reason in problems.all}
    assert reported == {n: r.reason for n, r in enumerate(kept, 1) if r.kind == fr.BAD}


def test_parquet_reader_survives_damaged_files(tmp_path):
    rng = random.Random(fr.SEED)
    _, table = _parquet_records(fr.generate(fr.SEED, 300, parse_heavy=False))
    path = tmp_path / "clean.parquet"
    pq.write_table(table, path)
    data = path.read_bytes()
    for round_ in range(30):
        damaged = tmp_path / f"damaged-{round_}.parquet"
        damaged.write_bytes(fr.mutate(rng, data, rounds=4))
        problems = Problems()
        for doc in read_documents([damaged], problems):
            assert_well_formed(doc, damaged)


# -- plain text ----------------------------------------------------------------------------------

def test_text_files_read_their_text_or_are_skipped_with_a_reason(tmp_path):
    rng = random.Random(fr.SEED)
    records = [r for r in fr.generate(fr.SEED, 200) if r.kind != fr.BAD and r.kind != fr.BLANK]
    paths, want = [], []
    for i, r in enumerate(records):
        path = tmp_path / f"t{i:04d}.txt"
        text = r.value["text"].encode("utf-8")
        if rng.random() < 0.5:
            text = b"\xef\xbb\xbf" + text
        path.write_bytes(text)
        paths.append(path)
        want.append((path.stem, r.read_as["text"]))
    noise = [tmp_path / "noise.txt", tmp_path / "binary.txt", tmp_path / "blank.txt"]
    noise[0].write_bytes(fr._noise(fr.Generator(rng), 500))
    noise[1].write_text(fr._binary_text(fr.Generator(rng)))
    noise[2].write_bytes(b" \r\n\t\r\n")
    problems = Recorder()
    docs = list(read_documents(paths + noise, problems, default_date=dt.date(2020, 1, 2)))
    for doc in docs:
        assert doc.date == dt.date(2020, 1, 2)
    assert [(d.id, d.text) for d in docs] == want
    assert [reason for _, _, reason in problems.all] == ["not UTF-8", "binary data", "missing text"]
    assert [t.path for t in problems.failed_inputs()] == [str(p) for p in noise]


# -- CoNLL-U -------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_conllu_reader_keeps_every_good_sentence_and_reports_every_bad_one(tmp_path, seed):
    docs = fr.conllu_documents(seed, max(100, fr.READER_RECORDS // 10))
    path = tmp_path / "fuzz.conllu"
    bad_lines = fr.write_conllu(docs, path, bom=True, crlf=seed % 2 == 1)
    problems = Recorder()
    groups = list(read_conllu_documents([path], problems))
    for group in groups:
        for s in group:
            assert tree_problem(s.words) is None and isinstance(s.doc_date, dt.date)
    assert [(g[0].doc_id, g[0].doc_date, len(g)) for g in groups] == [
        (d.doc_id, d.date, d.kept) for d in docs if d.kept]
    assert problems.lines(path) == {line: "bad CoNLL-U" for line in bad_lines.values()}


@pytest.mark.parametrize("seed", SEEDS)
def test_conllu_reader_survives_random_damage(tmp_path, seed):
    rng = random.Random(seed)
    docs = fr.conllu_documents(seed, 150)
    lines = [fr.mutate(rng, line) if rng.random() < 0.2 else line for d in docs for line in d.lines]
    path = tmp_path / "damaged.conllu"
    path.write_bytes(b"\n".join(lines) + b"\n")
    errors = []
    for s in read_conllu(path, on_error=errors.append):
        assert tree_problem(s.words) is None
        assert s.doc_date is None or type(s.doc_date) is dt.date
        (s.doc_id + s.text).encode("utf-8", "surrogateescape")
    assert errors and all(str(e).startswith(f"{path}:") for e in errors)


# -- end to end ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stanza_model() -> str:
    from eventcoder.errors import ModelNotFoundError
    from eventcoder.parsing import find_models

    directory = stanza_dir()
    if directory is None:
        pytest.skip("needs the stanza model: set EVENTCODER_STANZA_DIR or put it in ../shared/models/stanza-en")
    try:
        return str(find_models(directory).directory)
    except ModelNotFoundError as exc:
        pytest.skip(f"needs the stanza model: {exc}")


def start_code(paths: list[Path], out: Path, model: str | None) -> subprocess.Popen:
    """``eventcoder code`` on ``paths`` (with the stanza model ``model``, when one is needed)."""
    model_args = ["--stanza-dir", model] if model else []
    return subprocess.Popen([sys.executable, "-m", "eventcoder", "code", *map(str, paths), "-o", str(out),
                             "--cache", "none", *model_args, "--threads", "1", "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 1800) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def events_by_doc(path: Path) -> dict[str, list[tuple]]:
    rows = pq.read_table(path, columns=["doc_id", "source_code", "event_code", "target_code", "event_date"]).to_pylist()
    out: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        out[r["doc_id"]].append((r["source_code"], r["event_code"], r["target_code"], r["event_date"]))
    return {k: sorted(v, key=repr) for k, v in out.items()}


def test_code_command_fuzz(tmp_path, stanza_model):
    records = fr.generate(fr.SEED, fr.RECORDS)
    fuzz, clean = tmp_path / "fuzz.jsonl", tmp_path / "clean.jsonl"
    lines = fr.write_jsonl(records, fuzz, bom=True, crlf=True, final_newline=False)
    clean_ids = fr.write_clean_jsonl(records, clean)
    runs = [start_code([fuzz], tmp_path / "fuzz.parquet", stanza_model),
            start_code([clean], tmp_path / "clean.parquet", stanza_model)]
    (rc, _, err), (clean_rc, _, clean_err) = [finish(p) for p in runs]
    assert "Traceback" not in err and "Traceback" not in clean_err, err[-3000:] + clean_err[-3000:]
    assert clean_rc == 0, clean_err[-3000:]
    assert rc == 0, err[-3000:]

    # the good (and repaired) stories code exactly as they do alone
    got, want = events_by_doc(tmp_path / "fuzz.parquet"), events_by_doc(tmp_path / "clean.parquet")
    assert {i: got.get(i, []) for i in clean_ids} == {i: want.get(i, []) for i in clean_ids}
    stories = [r.doc_id for r in records if r.kind == fr.GOOD]
    assert all(want.get(i) for i in stories), [i for i in stories if not want.get(i)]  # each has a clear event
    kept = {r.doc_id for r in records if r.kind in KEPT}
    assert set(got) <= kept  # nothing from a skipped record

    # every bad record named with file and line; the summary counts what was read and skipped
    bad = {n: r for n, r in lines.items() if r.kind == fr.BAD}
    unreported = {n: r.label for n, r in bad.items() if f"{fuzz}:{n}: " not in err}
    assert not unreported, unreported
    summary = json.loads((tmp_path / "fuzz.summary.json").read_text())
    assert summary["documents"] == len(kept)
    assert summary["skipped"] == len(bad) and summary["skipped_reasons"] == Counter(r.reason for r in bad.values())


def test_an_input_that_gives_no_document_fails_the_run_and_says_why(tmp_path, stanza_model):
    good = tmp_path / "good.conllu"
    good.write_text("# doc_id = d1\n# date = 2020-10-08\n1\tRussia\tRussia\tPROPN\t_\t_\t2\tnsubj\t_\t_\n"
                    "2\tcriticized\tcriticize\tVERB\t_\t_\t0\troot\t_\t_\n3\tTurkey\tTurkey\tPROPN\t_\t_\t2\tobj\t_\t_\n\n")
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(fr._noise(fr.Generator(random.Random(1)), 300) + b"\n")
    rc, _, err = finish(start_code([good, junk], tmp_path / "e.parquet", stanza_model))
    assert "Traceback" not in err
    assert rc != 0 and f"{junk}: no document could be read" in err


def test_code_command_on_damaged_parses_codes_the_rest_as_a_clean_run(tmp_path):
    """CoNLL-U input (no stanza needed): the shipped sample parses, some documents damaged."""
    from conftest import EXAMPLES

    clean = EXAMPLES / "sample.conllu"
    damaged = fr.damage_parses(clean.read_text(encoding="utf-8"), random.Random(fr.SEED))
    fuzz = tmp_path / "damaged.conllu"
    fuzz.write_bytes(damaged.data)
    runs = [start_code([fuzz], tmp_path / "fuzz.parquet", None), start_code([clean], tmp_path / "clean.parquet", None)]
    (rc, _, err), (clean_rc, _, clean_err) = [finish(p) for p in runs]
    assert "Traceback" not in err + clean_err and rc == 0 and clean_rc == 0, err[-3000:] + clean_err[-3000:]
    columns = ["doc_id", "sentence_id", "source_code", "event_code", "target_code", "event_date"]
    got, want = (defaultdict(list), defaultdict(list))
    for table, out in ((got, "fuzz"), (want, "clean")):
        for r in pq.read_table(tmp_path / f"{out}.parquet", columns=columns).to_pylist():
            table[(r["doc_id"], r["sentence_id"])].append(repr(r))
    # A story is read as a whole (pronouns, 'the two countries', the story's country), so a document
    # that lost a sentence may code its other sentences differently: compare the untouched documents
    # exactly.
    touched = damaged.lost_documents | {doc for doc, _ in damaged.lost_sentences}
    untouched = {k for k in want if k[0] not in touched}
    assert {k: sorted(v) for k, v in got.items() if k[0] not in touched} == {k: sorted(want[k]) for k in untouched}
    assert len(untouched) > len(want) / 3  # a real comparison
    assert [n for n in damaged.reported if f"{fuzz}:{n}: " not in err] == []
    summary = json.loads((tmp_path / "fuzz.summary.json").read_text())
    assert summary["skipped"] == len(damaged.reported) > 0
