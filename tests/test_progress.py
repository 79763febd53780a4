"""Progress (a bar on a terminal, log lines otherwise), document counts for the ETA, and the run
summary JSON that `eventcoder code` writes beside its output."""
from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

from conftest import ROOT
from eventcoder.run.progress import Progress, estimate_documents

# "Russia criticized Turkey." in CoNLL-U, written by hand (UD v2)
SENTENCE = """# sent_id = {doc}-1
# text = Russia criticized Turkey.
1	Russia	Russia	PROPN	NNP	Number=Sing	2	nsubj	_	_
2	criticized	criticize	VERB	VBD	Mood=Ind|Tense=Past|VerbForm=Fin	0	root	_	_
3	Turkey	Turkey	PROPN	NNP	Number=Sing	2	obj	_	_
4	.	.	PUNCT	.	_	2	punct	_	_

"""


def conllu(*docs: str) -> str:
    return "".join(f"# doc_id = {d}\n# date = 2020-10-08\n" + SENTENCE.format(doc=d) for d in docs)


def test_estimate_documents_counts_each_format(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}')  # no final newline
    (tmp_path / "b.conllu").write_text(conllu("d1", "d2"))
    (tmp_path / "c.conllu").write_text(SENTENCE.format(doc="x"))  # no doc_id: one document (the file)
    pq.write_table(pa.table({"id": ["a", "b", "c", "d"], "text": ["t"] * 4}), tmp_path / "d.parquet")
    (tmp_path / "e.txt").write_text("One story.")
    counts = {p.name: estimate_documents([p]) for p in sorted(tmp_path.iterdir())}
    assert counts == {"a.jsonl": 3, "b.conllu": 2, "c.conllu": 1, "d.parquet": 4, "e.txt": 1}
    assert estimate_documents(sorted(tmp_path.iterdir())) == 11
    assert estimate_documents([tmp_path / "missing.jsonl"]) is None


def test_estimate_documents_finds_markers_across_read_chunks(tmp_path, monkeypatch):
    import eventcoder.run.progress as progress

    monkeypatch.setattr(progress, "_CHUNK", 7)  # markers straddle chunk boundaries
    (tmp_path / "b.conllu").write_text(conllu(*[f"doc{i}" for i in range(25)]))
    assert estimate_documents([tmp_path / "b.conllu"]) == 25


def test_plain_lines_when_not_a_terminal(caplog):
    caplog.set_level(logging.INFO, logger="eventcoder")
    stream = io.StringIO()
    p = Progress("coding", total=10, every=0.0, stream=stream)  # StringIO is not a terminal
    p.update(documents=5, sentences=20, events=3)
    p.close()
    assert stream.getvalue() == ""  # no bar drawn
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("coding: 5 documents, 20 sentences, 3 events, ")
    assert "sentences/s" in lines[0] and "50% of 10 documents" in lines[0] and "ETA" in lines[0]
    assert lines[-1].startswith("coding: done: 5 documents")


def test_lines_are_periodic(caplog):
    caplog.set_level(logging.INFO, logger="eventcoder")
    p = Progress("coding", every=3600.0, tty=False)
    for _ in range(100):
        p.update(documents=1, sentences=2, events=1)
    p.close()
    assert caplog.records == []  # nothing within the interval (and no "done" line for a run that logged none)
    assert p.counts == {"documents": 100, "sentences": 200, "events": 100}


def test_bar_on_a_terminal():
    stream = io.StringIO()
    p = Progress("coding", total=4, stream=stream, tty=True)
    p.update(documents=1, sentences=7, events=2)
    p.update(documents=3, sentences=5, events=0)
    p.close()
    text = stream.getvalue()
    assert "coding" in text and "4/4" in text
    assert "sentences=12" in text and "events=2" in text and "sent/s" in text


def test_shard_units_for_the_dask_mode(caplog):
    caplog.set_level(logging.INFO, logger="eventcoder")
    p = Progress("coding shards", total=4, unit="shards", every=0.0, tty=False)
    p.update(shards=1, documents=10, sentences=50, events=5)
    line = caplog.records[0].getMessage()
    assert line.startswith("coding shards: 1 shards, 10 documents, 50 sentences, 5 events")
    assert "25% of 4 shards" in line


def test_disabled_progress_is_silent(caplog):
    caplog.set_level(logging.INFO, logger="eventcoder")
    stream = io.StringIO()
    p = Progress("coding", total=3, enabled=False, every=0.0, stream=stream, tty=True)
    p.update(documents=3, sentences=3)
    p.close()
    assert stream.getvalue() == "" and caplog.records == []


def test_code_writes_the_run_summary_beside_its_output(tmp_path):
    good = tmp_path / "good.conllu"
    good.write_text(conllu("d1", "d2", "d3"))
    bad = tmp_path / "bad.conllu"
    bad.write_text(conllu("e1") + "# doc_id = e2\n1\tbroken line\n\n")
    out = tmp_path / "events.parquet"
    r = subprocess.run([sys.executable, "-m", "eventcoder", "code", str(good), str(bad), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path / "events.summary.json").read_text())
    rows = pq.read_metadata(out).num_rows
    assert summary["events"] == rows >= 4  # "Russia criticized Turkey." in each of four documents
    assert summary["documents"] == 4 and summary["sentences"] == 4
    assert summary["skipped"] == 1 and summary["skipped_reasons"] == {"bad CoNLL-U": 1}
    assert summary["inputs"] == [str(good), str(bad)] and summary["output"] == str(out)
    assert summary["seconds"] > 0 and summary["events_by_root"].get("11", 0) >= 4
    # the bad record is named with its file and line, in one line, on stderr
    assert f"{bad}:" in r.stderr and "Traceback" not in r.stderr
    # the summary printed on stdout says the same
    assert "documents: 4" in r.stdout and "skipped records: 1" in r.stdout


def test_code_summary_goes_where_asked(tmp_path):
    (tmp_path / "a.conllu").write_text(conllu("d1"))
    r = subprocess.run([sys.executable, "-m", "eventcoder", "code", str(tmp_path / "a.conllu"), "-q",
                        "-o", str(tmp_path / "ev" / "part-0.parquet"), "--summary", str(tmp_path / "ev" / "_summary.json")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "ev" / "_summary.json").read_text())["documents"] == 1
    assert not (tmp_path / "ev" / "part-0.summary.json").exists()
