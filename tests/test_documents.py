"""Input documents: every format, and bad input reported with file and line, never lost batches.

What is skipped is never yielded and what is yielded is a document to code: each test counts both.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventcoder.errors import InputError
from eventcoder.io import documents
from eventcoder.io.documents import Problems, parse_date, read_documents


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
    assert f"{path}:5: malformed JSON" in text and f"{path}:7: not UTF-8" in text and "byte 0xE9" in text
    assert problems.failed_inputs() == [] and problems.inputs[str(path)].documents == 2


def test_strict_stops_at_the_first_bad_record(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [GOOD, {"id": "x", "date": "nope", "text": "t"}])
    with pytest.raises(InputError, match=r"x.jsonl:2: document 'x' has an impossible date 'nope'"):
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
    with pytest.raises(InputError, match="is a directory"):
        list(read_documents([tmp_path]))


def test_csv_without_the_needed_columns(tmp_path):
    c = tmp_path / "bad.csv"
    c.write_text("name,body\nx,y\n")
    problems = Problems()
    assert list(read_documents([c], problems)) == []
    assert problems.messages == [f"{c}:1: CSV header lacks the column 'id', 'text', 'date': "
                                 "it needs id, date, text (found ['name', 'body'])"]


# -- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("1997-04-01", dt.date(1997, 4, 1)),
    ("1997-4-1", dt.date(1997, 4, 1)),  # year first: never ambiguous
    (" 19970401 ", dt.date(1997, 4, 1)),
    (19970401, dt.date(1997, 4, 1)),
    ("1997-04-01T12:30:05Z", dt.date(1997, 4, 1)),
    ("1997-04-01T12:30:05.123+02:00", dt.date(1997, 4, 1)),
    ("1997-04-01 23:59", dt.date(1997, 4, 1)),
    (dt.datetime(1997, 4, 1, 23, 59), dt.date(1997, 4, 1)),
])
def test_dates_that_are_read(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text, why", [
    ("1997-04-01garbage", "impossible date '1997-04-01garbage' \\(expected YYYY-MM-DD\\)"),
    ("1997-04-01T", "expected YYYY-MM-DD"),
    ("1997-04-01T25:00", "expected YYYY-MM-DD"),
    ("01/04/1997", "expected YYYY-MM-DD"),  # day or month first? never guessed
    ("April 1, 1997", "expected YYYY-MM-DD"),
    ("٢٠٢٠-٠١-٠١", "expected YYYY-MM-DD"),  # ISO digits only
    ("1997-13-01", "month must be in 1..12"),
    ("2020-02-30", "day is out of range"),
    ("2020-13-45", "month must be in 1..12"),
    (True, "as a string, got a boolean"),
    ({"y": 1997}, "as a string, got an object"),
    (1997.5, "as a string, got a number"),
])
def test_dates_that_are_refused(text, why):
    with pytest.raises(ValueError, match=why):
        parse_date(text)


# -- what is skipped is not yielded, in every format --------------------------------------------

def _bad_date_inputs(tmp_path):
    """The same three records (the middle one with a bad date) in each format."""
    records = [GOOD, {**GOOD, "id": "a2", "date": "1997-04-01garbage"}, {**GOOD, "id": "a3", "date": "2020-10-09"}]
    j = write_jsonl(tmp_path / "r.jsonl", records)
    c = tmp_path / "r.csv"
    c.write_text("id,date,text\n" + "".join(f"{r['id']},{r['date']},{r['text']}\n" for r in records), encoding="utf-8")
    p = tmp_path / "r.parquet"
    pq.write_table(pa.table({k: [r[k] for r in records] for k in ("id", "date", "text")}), p)
    return {"jsonl": (j, 2), "csv": (c, 3), "parquet": (p, "row 2")}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_a_bad_date_skips_its_document_and_is_counted_once(tmp_path, kind):
    path, line = _bad_date_inputs(tmp_path)[kind]
    problems = Problems()
    docs = list(read_documents([path], problems))
    assert [d.id for d in docs] == ["a1", "a3"]
    assert problems.reasons == {"bad date": 1}
    assert problems.messages == [f"{path}:{line}: document 'a2' has an impossible date '1997-04-01garbage' (expected YYYY-MM-DD)"]
    assert problems.inputs[str(path)].documents == 2


def test_text_file_of_random_bytes_is_skipped_not_coded(tmp_path):
    t = tmp_path / "noise.txt"
    t.write_bytes(b"Russia accused Turkey.\n" + bytes(random.Random(3).randrange(128, 256) for _ in range(500)))
    problems = Problems()
    assert list(read_documents([t], problems, default_date=dt.date(2020, 1, 1))) == []
    assert problems.reasons == {"not UTF-8": 1}
    assert problems.messages[0].startswith(f"{t}:2: not UTF-8")


# -- files that give nothing ---------------------------------------------------------------------

def test_every_file_that_gives_no_document_is_named_with_the_reason(tmp_path):
    rng = random.Random(12)
    noise = bytes(rng.randrange(256) for _ in range(4000))
    good = write_jsonl(tmp_path / "good.jsonl", [GOOD])
    files = {
        "noise.jsonl": noise, "noise.parquet": noise, "noise.csv": noise,
        "blank.jsonl": b"\n  \n\n",
        "empty.csv": b"",
        "columns.csv": b"name,body\nx,y\n",
        "dateless.txt": b"Russia accused Turkey of lying.",
        "all-bad.jsonl": b'{"id": 1}\n{"id": 2, "text": 5}\n',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    columns = tmp_path / "columns.parquet"
    pq.write_table(pa.table({"name": ["x"], "body": ["y"]}), columns)
    paths = [good, *(tmp_path / n for n in files), columns]
    problems = Problems()
    docs = list(read_documents(paths, problems))
    assert [d.id for d in docs] == ["a1"]
    failed = {t.path: t.why() for t in problems.failed_inputs()}
    assert set(failed) == {str(p) for p in paths[1:]}
    expect = {"noise.parquet": "not a readable Parquet file", "blank.jsonl": "no documents in the file",
              "empty.csv": "empty file", "columns.csv": "CSV header lacks the column",
              "dateless.txt": "has no date (a .txt input needs --date)", "all-bad.jsonl": "has no text",
              "columns.parquet": "Parquet file lacks the column 'id', 'text', 'date'"}
    for name, why in expect.items():
        line = failed[str(tmp_path / name)]
        assert line.startswith(f"{tmp_path / name}: no document could be read (") and why in line, line
    assert "and 1 more problem)" in failed[str(tmp_path / "all-bad.jsonl")]
    assert problems.inputs[str(good)].documents == 1


def test_warnings_stop_at_a_limit_per_file_and_the_rest_are_counted(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(documents, "LOG_LIMIT_PER_INPUT", 3)
    path = write_jsonl(tmp_path / "many.jsonl", [{"id": i} for i in range(10)])
    problems = Problems()
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        assert list(read_documents([path], problems)) == []
    lines = [r.getMessage() for r in caplog.records]
    assert lines[:3] == [f"skipped {path}:{i}: document '{i - 1}' has no text" for i in (1, 2, 3)]
    assert lines[3:] == [f"{path}: 7 more warnings about this file not shown (all are counted)"]
    assert problems.skipped == 10


# -- hostile JSON --------------------------------------------------------------------------------

def test_wrong_json_types_and_missing_fields_are_each_reported_at_their_line(tmp_path):
    bad = [
        {"id": "t-num", "date": "2020-10-08", "text": 42},
        {"id": ["l"], "date": "2020-10-08", "text": "Russia criticized Turkey."},
        {"id": True, "date": "2020-10-08", "text": "Russia criticized Turkey."},
        {"id": "d-obj", "date": {"year": 2020}, "text": "Russia criticized Turkey."},
        {"id": "d-null", "date": None, "text": "Russia criticized Turkey."},
        {"id": None, "date": "2020-10-08", "text": "Russia criticized Turkey."},
        {"date": "2020-10-08", "text": "Russia criticized Turkey."},
        {"id": "t-null", "date": "2020-10-08", "text": None},
        {"id": "s-list", "date": "2020-10-08", "text": "Russia criticized Turkey.", "source": ["AFP"]},
        {"id": "bad\nid", "date": "2020-10-08", "text": "Russia criticized Turkey."},
        ["a", "list"],
        "a string",
    ]
    path = write_jsonl(tmp_path / "types.jsonl", [GOOD, *bad, {**GOOD, "id": "last"}])
    problems = Problems()
    docs = list(read_documents([path], problems))
    assert [d.id for d in docs] == ["a1", "last"]
    assert problems.skipped == len(bad)
    wanted = ["'text' must be a string, got a number", "'id' must be a string or an integer, got a list",
              "'id' must be a string or an integer, got a boolean", "has an impossible date {'year': 2020} (expected YYYY-MM-DD as a string, got an object)",
              "document 'd-null' has no date", "record has no 'id'", "record has no 'id'",
              "document 't-null' has no text", "'source' must be a string, got a list",
              "'id' 'bad\\nid' holds control characters",
              "expected a JSON object, got a list", "expected a JSON object, got a string"]
    for lineno, (message, want) in enumerate(zip(problems.messages, wanted), 2):
        assert message.startswith(f"{path}:{lineno}: ") and want in message, message


def test_malformed_json_of_every_kind_is_reported_not_raised(tmp_path):
    lines = ["{", '{"id": "x", "text": }', "[" * 100_000 + "]" * 100_000, '{"id": 1' + "0" * 5000 + "}",
             "NaN", '{"id": "x" "text": "y"}', "\x00\x01\x02"]
    path = write_jsonl(tmp_path / "junk.jsonl", [GOOD], extra_lines=lines)
    problems = Problems()
    assert [d.id for d in read_documents([path], problems)] == ["a1"]
    assert problems.skipped == len(lines)
    assert [m.split(": ", 1)[0] for m in problems.messages] == [f"{path}:{i}" for i in range(2, 2 + len(lines))]


def test_ids_may_be_integers_and_optional_fields_are_one_line(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": 17, "date": "2020-10-08", "text": "Iran denied it.",
                                               "source": "Wire\nService\t B", "title": 1984, "url": None}])
    [doc] = read_documents([path])
    assert (doc.id, doc.source, doc.title, doc.url) == ("17", "Wire Service B", "1984", None)


def test_a_lone_surrogate_escape_is_not_text(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s", "date": "2020-10-08", "text": "Iran \\ud800 denied it."}\n' + json.dumps(GOOD) + "\n")
    problems = Problems()
    assert [d.id for d in read_documents([path], problems)] == ["a1"]
    assert problems.reasons == {"invalid Unicode": 1} and "U+D800" in problems.messages[0]


# -- control characters, BOM, line ends ----------------------------------------------------------

def test_control_characters_are_replaced_with_a_warning_and_binary_data_is_skipped(tmp_path, caplog):
    records = [
        {"id": "nul", "date": "2020-10-08", "text": "Russia\x00 accused\x07 Turkey\x1b[31m of lying.\ufeff"},
        {"id": "binary", "date": "2020-10-08", "text": "".join(chr(i % 32) for i in range(400)) + "Iran"},
        {"id": "crlf", "date": "2020-10-08", "text": "France condemned Iran.\r\nEgypt praised Israel.\rOK."},
        {"id": "skipped", "date": "2020-02-30", "text": "Iran\x07 denied it."},  # no repair counted for it
    ]
    path = write_jsonl(tmp_path / "c.jsonl", records)
    problems = Problems()
    with caplog.at_level(logging.WARNING, logger="eventcoder"):
        docs = list(read_documents([path], problems))
    assert [d.id for d in docs] == ["nul", "crlf"]
    assert docs[0].text == "Russia  accused  Turkey [31m of lying. "
    assert docs[1].text == "France condemned Iran.\nEgypt praised Israel.\nOK."
    assert problems.reasons == {"binary data": 1, "bad date": 1} and problems.repairs == {"control characters": 1}
    logged = [r.getMessage() for r in caplog.records]
    assert f"repaired {path}:1: document 'nul': 4 control characters replaced by spaces" in logged
    assert any(m.startswith(f"skipped {path}:2: document 'binary' looks like binary data") for m in logged)


def test_bom_crlf_and_no_final_newline_are_normal_files(tmp_path):
    bom = b"\xef\xbb\xbf"
    j = tmp_path / "bom.jsonl"
    j.write_bytes(bom + json.dumps(GOOD).encode() + b"\r\n" + json.dumps({**GOOD, "id": "a2"}).encode())
    c = tmp_path / "bom.csv"
    c.write_bytes(bom + b'id,date,text\r\nc1,2020-10-08,"Iran denied\r\nthe report."\r\nc2,2020-10-09,Egypt praised Israel.')
    t = tmp_path / "bom.txt"
    t.write_bytes(bom + b"Ankara denied the report.\r\nIt said so.")
    problems = Problems()
    docs = list(read_documents([j, c, t], problems, default_date=dt.date(2020, 1, 1)))
    assert [(d.id, d.text) for d in docs] == [
        ("a1", GOOD["text"]), ("a2", GOOD["text"]), ("c1", "Iran denied\nthe report."),
        ("c2", "Egypt praised Israel."), ("bom", "Ankara denied the report.\nIt said so.")]
    assert problems.skipped == 0 and not problems.repairs


# -- CSV -----------------------------------------------------------------------------------------

def test_an_unterminated_quote_costs_only_its_record(tmp_path):
    c = tmp_path / "quote.csv"
    c.write_text('id,date,text,source\n'
                 'b1,2020-01-01,"Russia accused Turkey.",AFP\n'
                 'b2,2020-01-01,"Russia accused Turkey.\n'
                 'b3,2020-01-02,"France condemned Iran.",AFP\n'
                 'b4,2020-01-02,"Egypt praised\nIsrael.",Xinhua\n'
                 'b5,2020-01-03,"never closed\n', encoding="utf-8")
    problems = Problems()
    docs = list(read_documents([c], problems))
    assert [(d.id, d.text, d.source) for d in docs] == [
        ("b1", "Russia accused Turkey.", "AFP"), ("b3", "France condemned Iran.", "AFP"),
        ("b4", "Egypt praised\nIsrael.", "Xinhua")]
    assert problems.reasons == {"malformed CSV": 2}
    assert [m.split(": ", 1)[0] for m in problems.messages] == [f"{c}:3", f"{c}:7"]
    assert "unterminated quote" in problems.messages[0]


def test_csv_bytes_not_utf8_extra_fields_and_nul_cost_one_record_each(tmp_path):
    c = tmp_path / "odd.csv"
    c.write_bytes(b"id,date,text\n"
                  b"c1,2020-01-01,Russia accused Turkey.\n"
                  b"c2,2020-01-01,Caf\xe9 owners protested.\n"
                  b"c3,2020-01-01,Russia, in a statement, accused Turkey.\n"
                  b"c4,2020-01-01,Iran\x00 denied it.\n"
                  b"c5,2020-01-01\n")
    problems = Problems()
    docs = list(read_documents([c], problems))
    assert [(d.id, d.text) for d in docs] == [("c1", "Russia accused Turkey."), ("c4", "Iran  denied it.")]
    assert problems.reasons == {"not UTF-8": 1, "malformed CSV": 1, "missing text": 1}
    assert problems.messages[0] == f"{c}:3: not UTF-8 (byte 0xE9 at column 4 of field 'text')"
    assert problems.messages[1].startswith(f"{c}:4: 5 fields but the header names 3")
    assert problems.repairs == {"control characters": 1}


# -- Parquet -------------------------------------------------------------------------------------

def test_parquet_with_wrong_types(tmp_path):
    numbers = tmp_path / "numbers.parquet"
    pq.write_table(pa.table({"id": ["n1"], "date": ["2020-10-08"], "text": [5]}), numbers)
    mixed = tmp_path / "mixed.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "date": [dt.date(2020, 10, 8), None, dt.date(2020, 10, 9)],
                             "text": ["Iran denied it.", "Egypt praised Israel.", None],
                             "source": [["x"], None, None]}), mixed)
    problems = Problems()
    assert list(read_documents([numbers, mixed], problems)) == []
    assert problems.messages == [
        f"{numbers}: Parquet column 'text' holds int64, not strings",
        f"{mixed}:row 1: document '1': 'source' must be a string, got a list",
        f"{mixed}:row 2: document '2' has no date (give 'date' or --date)",
        f"{mixed}:row 3: document '3' has no text",
    ]
    assert {t.path for t in problems.failed_inputs()} == {str(numbers), str(mixed)}


def test_random_bytes_behind_a_parquet_name(tmp_path):
    p = tmp_path / "x.parquet"
    p.write_bytes(os.urandom(2000))
    problems = Problems()
    assert list(read_documents([p], problems)) == []
    assert problems.reasons == {"bad file": 1} and problems.failed_inputs()[0].path == str(p)


def test_nan_is_a_missing_value_as_pandas_writes_it(tmp_path):
    p = tmp_path / "nan.parquet"
    pq.write_table(pa.table({"id": ["n1", "n2"], "date": [float("nan"), float("nan")],
                             "text": ["Iran denied it.", None], "source": [float("nan"), 1.0]}), p)
    problems = Problems()
    docs = list(read_documents([p], problems, default_date=dt.date(2020, 1, 2)))
    assert [(d.id, d.date, d.source) for d in docs] == [("n1", dt.date(2020, 1, 2), None)]
    assert problems.messages == [f"{p}:row 2: document 'n2' has no text"]
