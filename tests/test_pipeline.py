"""The run as a whole: one document the parser or the coder fails on costs only that document, and
an input file that gives no document fails the run (after the others are coded) and says why."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from eventcoder.coding.coder import Coder
from eventcoder.errors import InputError
from eventcoder.run.options import Options
from eventcoder.run.pipeline import code_inputs

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "sample.conllu"


class FailsOn:
    """A coder that breaks on one story (as an engine bug on an odd document would), the real one
    otherwise (a wrapper: a compiled Coder cannot be subclassed here)."""

    def __init__(self, dictionaries, doc_id: str):
        self.coder = Coder(dictionaries)
        self.doc_id = doc_id

    def read_story(self, sentences):
        if sentences and sentences[0].doc_id == self.doc_id:
            raise RuntimeError("boom in the coder")
        return self.coder.read_story(sentences)

    def __getattr__(self, name):
        return getattr(self.coder, name)


def _doc_ids(path) -> set[str]:
    return set(pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist())


def test_a_story_the_coder_fails_on_is_skipped_and_counted(tmp_path, dictionaries, caplog):
    whole = code_inputs([SAMPLE], tmp_path / "all.parquet", dictionaries, diagnostics=False)
    assert "sample-001" in _doc_ids(tmp_path / "all.parquet")

    out = tmp_path / "e.parquet"
    stats = code_inputs([SAMPLE], out, dictionaries, coder=FailsOn(dictionaries, "sample-001"), diagnostics=False)
    assert stats.documents == whole.documents
    assert stats.skipped_reasons == {"coding failed": 1}
    assert _doc_ids(out) == _doc_ids(tmp_path / "all.parquet") - {"sample-001"}
    assert stats.events < whole.events
    assert "'sample-001' could not be coded (RuntimeError: boom in the coder)" in caplog.text
    summary = json.loads((tmp_path / "e.summary.json").read_text())
    assert summary["skipped_reasons"] == {"coding failed": 1} and summary["failed_inputs"] == []


def test_strict_stops_at_a_story_the_coder_fails_on(tmp_path, dictionaries):
    with pytest.raises(InputError, match="sample-001.*could not be coded.*--strict"):
        code_inputs([SAMPLE], tmp_path / "e.parquet", dictionaries, Options(strict=True),
                    coder=FailsOn(dictionaries, "sample-001"), diagnostics=False)


def test_a_document_the_parser_fails_on_is_skipped_and_the_rest_coded(tmp_path, dictionaries, parser):
    class Flaky:
        """The real parser, except that it fails on texts that say 'unparseable'."""
        spec, max_tokens = parser.spec, parser.max_tokens

        def parse_texts(self, texts):
            if any("unparseable" in t for t in texts):
                raise RuntimeError("stanza fell over")
            return parser.parse_texts(texts)

    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "date": "2020-10-08", "text": "Russia criticized Turkey."},
        {"id": "b", "date": "2020-10-08", "text": "An unparseable text."},
        {"id": "c", "date": "2020-10-08", "text": "France condemned Iran."},
    ]) + "\n")
    out = tmp_path / "e.parquet"
    stats = code_inputs([docs], out, dictionaries, Options(cache=None), parser=Flaky(), diagnostics=False)
    assert stats.documents == 2
    assert stats.skipped_reasons == {"parse failed": 1}
    assert _doc_ids(out) == {"a", "c"}
    assert stats.failed_inputs == []


def test_an_input_that_gives_no_document_is_named_with_why(tmp_path, dictionaries):
    empty = tmp_path / "empty.conllu"
    empty.write_text("")
    broken = tmp_path / "broken.conllu"
    broken.write_text("# doc_id = x\n1\tRussia\n\n")
    stats = code_inputs([SAMPLE, empty, broken], tmp_path / "e.parquet", dictionaries, diagnostics=False)
    assert stats.events > 0
    assert len(stats.failed_inputs) == 2
    assert stats.failed_inputs[0].startswith(f"{empty}: no document could be read (")
    assert stats.failed_inputs[1].startswith(f"{broken}: no document could be read (")
    assert "broken.conllu:2" in stats.failed_inputs[1]
