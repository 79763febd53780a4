"""Input documents: every format, and bad input reported with file and line, never lost batches."""
from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventcoder.io.conllu import format_sentence, parse_conllu_lines, read_conllu
from eventcoder.io.documents import Problems, read_documents
from eventcoder.errors import InputError


def write_jsonl(path, records, extra_lines=()):
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


GOOD = {"id": "a1", "date": "2020-10-08", "text": "Russia criticized Turkey.", "source": "AFP"}


def test_jsonl_csv_parquet_and_text_read_the_same_fields(tmp_path):
    j = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    c = tmp_path / "b.csv"
    c.write_text('id,date,text,source\nb1,2021-01-02,"Armenia, in a statement, accused Azerbaijan.",Xinhua\n', encoding="utf-8")
    p = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": ["c1"], "date": ["2019-05-12"], "text": ["Iran rejected the accusation."]}), p)
    t = tmp_path / "story-7.txt"
    t.write_text("Ankara denied the report.", encoding="utf-8")
    docs = list(read_documents([j, c, p, t], default_date=dt.date(2020, 1, 1)))
    assert [d.id for d in docs] == ["a1", "b1", "c1", "story-7"]
    assert docs[0].source == "AFP" and docs[1].text.startswith("Armenia, in a statement")
    assert docs[2].date == dt.date(2019, 5, 12) and docs[3].date == dt.date(2020, 1, 1)


def test_bad_records_are_skipped_with_file_and_line_and_the_rest_is_kept(tmp_path, caplog):
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        GOOD,
        {"id": "no-text", "date": "2020-10-08"},
        {"id": "bad-date", "date": "2020-02-31", "text": "Russia criticized Turkey."},
        {"id": "big", "date": "2020-10-08", "text": "Russia criticized Turkey. " * 200_000},
    ], extra_lines=['{"id": "broken", "date": ', json.dumps({**GOOD, "id": "last"})])
    with open(path, "ab") as fh:
        fh.write(b'{"id": "latin1", "date": "2020-10-08", "text": "caf\xe9"}\n')
    problems = Problems()
    docs = list(read_documents([path], problems))
    assert [d.id for d in docs] == ["a1", "last"]
    assert problems.skipped == 5
    assert problems.reasons == {"missing text": 1, "bad date": 1, "too long": 1, "malformed JSON": 1, "not UTF-8": 1}
    text = "\n".join(problems.messages)
    assert f"{path}:2: document 'no-text' has no text" in text
    assert f"{path}:3:" in text and "impossible date '2020-02-31'" in text
    assert f"{path}:5: malformed JSON" in text and f"{path}:7: not UTF-8" in text


def test_strict_stops_at_the_first_bad_record(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [GOOD, {"id": "x", "date": "nope", "text": "t"}])
    with pytest.raises(InputError, match=r"x.jsonl:2: .*impossible date"):
        list(read_documents([path], Problems(strict=True)))


def test_empty_file_missing_file_and_unknown_format(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    problems = Problems()
    assert list(read_documents([empty], problems)) == [] and problems.reasons == {"empty file": 1}
    with pytest.raises(InputError, match="no such file"):
        list(read_documents([tmp_path / "missing.jsonl"]))
    odd = tmp_path / "x.docx"
    odd.write_text("x")
    with pytest.raises(InputError, match="unknown input format"):
        list(read_documents([odd]))


def test_csv_without_the_needed_columns(tmp_path):
    c = tmp_path / "bad.csv"
    c.write_text("name,body\nx,y\n")
    problems = Problems()
    assert list(read_documents([c], problems)) == []
    assert "must name the columns id, date, text" in problems.messages[0]


def test_conllu_round_trip_keeps_document_metadata(tmp_path):
    text = "\n".join([
        "# doc_id = story-1", "# date = 2020-10-08", "# source = AFP", "# sent_id = story-1-1",
        "# text = Russia criticized Turkey .",
        "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_",
        "2\tcriticized\tcriticize\tVERB\tVBD\t_\t0\troot\t_\t_",
        "3\tTurkey\tTurkey\tPROPN\tNNP\t_\t2\tobj\t_\t_",
        "", ""])
    [s] = list(parse_conllu_lines(text.splitlines(), "x"))
    assert (s.doc_id, s.sentence_id, s.doc_date, s.doc_source) == ("story-1", 1, dt.date(2020, 10, 8), "AFP")
    p = tmp_path / "x.conllu"
    p.write_text(f"# doc_id = story-1\n# date = 2020-10-08\n{format_sentence(s)}\n\n")
    [again] = list(read_conllu(p))
    assert [(w.text, w.head, w.deprel) for w in again.words] == [(w.text, w.head, w.deprel) for w in s.words]


def test_conllu_errors_name_file_and_line(tmp_path):
    p = tmp_path / "bad.conllu"
    p.write_text("# doc_id = d\n1\tRussia\tRussia\tPROPN\n")
    with pytest.raises(InputError, match=r"bad.conllu:2: .*10 tab-separated columns"):
        list(read_conllu(p))


def test_a_bad_conllu_sentence_is_skipped_and_the_rest_is_read(tmp_path):
    p = tmp_path / "mixed.conllu"
    p.write_text("# doc_id = d\n# date = 2020-10-08\n1\tRussia\tRussia\tPROPN\n\n"
                 "1\tRussia\tRussia\tPROPN\t_\t_\t2\tnsubj\t_\t_\n"
                 "2\tcriticized\tcriticize\tVERB\t_\t_\t0\troot\t_\t_\n\n")
    errors = []
    sentences = list(read_conllu(p, on_error=errors.append))
    assert [s.text for s in sentences] == ["Russia criticized"]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{p}:3:")
