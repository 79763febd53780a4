"""CoNLL-U input: a bad sentence or document costs only itself, reported with file and line."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from eventcoder.errors import InputError
from eventcoder.io.conllu import (
    format_sentence,
    parse_conllu_lines,
    read_conllu,
    read_conllu_documents,
)
from eventcoder.io.documents import Problems

WORDS = ["1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_",
         "2\tcriticized\tcriticize\tVERB\tVBD\t_\t0\troot\t_\t_",
         "3\tTurkey\tTurkey\tPROPN\tNNP\t_\t2\tobj\t_\t_"]


def document(doc_id: str, date: str | None = "2020-10-08", words=WORDS) -> str:
    head = f"# doc_id = {doc_id}\n" + (f"# date = {date}\n" if date is not None else "")
    return head + "\n".join(words) + "\n\n"


def read(path, **kwargs):
    errors: list[InputError] = []
    sentences = list(read_conllu(path, on_error=errors.append, **kwargs))
    return sentences, [str(e) for e in errors]


def line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def test_conllu_round_trip_keeps_document_metadata(tmp_path):
    text = "\n".join([
        "# doc_id = story-1", "# date = 2020-10-08", "# source = AFP", "# sent_id = story-1-1",
        "# text = Russia criticized Turkey .", *WORDS, "", ""])
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
    p.write_text("# doc_id = d\n# date = 2020-10-08\n1\tRussia\tRussia\tPROPN\n\n" + "\n".join(WORDS[:2]) + "\n\n")
    sentences, errors = read(p)
    assert [s.text for s in sentences] == ["Russia criticized"]
    assert len(errors) == 1 and errors[0].startswith(f"{p}:3:")


def test_one_byte_that_is_not_utf8_costs_only_its_sentence(tmp_path):
    docs = [document(f"d{i}").encode() for i in range(9)]
    docs[4] = docs[4].replace(b"1\tRussia\tRussia", b"1\tRussi\xe9\tRussia")
    data = b"".join(docs)
    p = tmp_path / "latin.conllu"
    p.write_bytes(data)
    sentences, errors = read(p)
    assert [s.doc_id for s in sentences] == [f"d{i}" for i in range(9) if i != 4]
    assert errors == [f"{p}:{line_of(data, b'Russi' + bytes([0xE9]))}: not UTF-8 (byte 0xE9 at column 8); "
                      "the sentence is skipped"]


def test_a_bad_byte_in_a_document_header_skips_that_document_only(tmp_path):
    data = (document("d1") + "# doc_id = caf").encode() + b"\xe9\n" + (
        "# date = 2020-10-08\n" + "\n".join(WORDS) + "\n\n" + "\n".join(WORDS) + "\n\n" + document("d3")).encode()
    p = tmp_path / "head.conllu"
    p.write_bytes(data)
    sentences, errors = read(p)
    assert [s.doc_id for s in sentences] == ["d1", "d3"]
    assert errors == [f"{p}:{line_of(data, b'# doc_id = caf')}: not UTF-8 (byte 0xE9 at column 15 in '# doc_id'); "
                      "the document is skipped"]


@pytest.mark.parametrize("date, why", [("2020-13-45", "month must be in 1..12"),
                                       ("1997-04-01garbage", "impossible date '1997-04-01garbage' (expected YYYY-MM-DD)")])
def test_a_bad_date_skips_the_whole_document_once(tmp_path, date, why):
    two_sentences = document("d2", date) + "\n".join(WORDS) + "\n\n"
    p = tmp_path / "dates.conllu"
    p.write_text(document("d1") + two_sentences + document("d3"), encoding="utf-8")
    sentences, errors = read(p)
    assert [(s.doc_id, s.doc_date) for s in sentences] == [("d1", dt.date(2020, 10, 8)), ("d3", dt.date(2020, 10, 8))]
    assert len(errors) == 1 and errors[0].startswith(f"{p}:8: ") and why in errors[0]
    assert errors[0].endswith("the document is skipped")


def test_a_document_without_a_date_takes_the_default(tmp_path):
    p = tmp_path / "nodate.conllu"
    p.write_text(document("d1", None) + document("d2", "_"), encoding="utf-8")
    sentences, errors = read(p, default_date=dt.date(1999, 1, 2))
    assert [(s.doc_id, s.doc_date) for s in sentences] == [("d1", dt.date(1999, 1, 2)), ("d2", dt.date(1999, 1, 2))]
    sentences, errors = read(p)
    assert [s.doc_date for s in sentences] == [None, None] and errors == []


def test_bom_crlf_and_no_final_newline_are_normal(tmp_path):
    p = tmp_path / "windows.conllu"
    text = document("d1") + document("d2").rstrip("\n")
    p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    sentences, errors = read(p)
    assert [(s.doc_id, [w.text for w in s.words]) for s in sentences] == [
        ("d1", ["Russia", "criticized", "Turkey"]), ("d2", ["Russia", "criticized", "Turkey"])]
    assert errors == [] and sentences[0].doc_date == dt.date(2020, 10, 8)


@pytest.mark.parametrize("words, line, why", [
    ([WORDS[0], WORDS[2]], 4, "word IDs must count 1, 2, 3...; word 2 has ID 3"),
    ([WORDS[0], WORDS[1].replace("\t0\troot", "\t3\troot"), WORDS[2]], 4, "the heads of words 2, 3 form a loop"),
    ([WORDS[0], WORDS[1], WORDS[2].replace("\t2\tobj", "\t3\tobj")], 5, "the heads of words 3 form a loop"),
    ([WORDS[0], WORDS[1], WORDS[2].replace("\t2\tobj", "\t9\tobj")], 5, "word 3 has head 9 outside the sentence"),
    ([WORDS[0], WORDS[1], WORDS[2].replace("\t2\tobj", "\t-1\tobj")], 5, "word 3 has head -1 outside the sentence"),
    ([WORDS[0], WORDS[1], WORDS[2].replace("3\tTurkey", "x\tTurkey")], 5, "ID and HEAD must be integers"),
])
def test_a_sentence_that_is_not_a_tree_is_skipped_at_the_line_of_the_word_at_fault(tmp_path, words, line, why):
    p = tmp_path / "tree.conllu"
    p.write_text(document("d1", words=words) + document("d2"), encoding="utf-8")
    sentences, errors = read(p)
    assert [s.doc_id for s in sentences] == ["d2"]
    assert len(errors) == 1 and errors[0].startswith(f"{p}:{line}: {why}"), errors


def test_conllu_documents_are_tallied_per_file(tmp_path):
    good = tmp_path / "good.conllu"
    good.write_text(document("d1") + document("d2") + "\n".join(WORDS) + "\n", encoding="utf-8")
    noise = tmp_path / "noise.conllu"
    noise.write_bytes(os.urandom(3000))
    empty = tmp_path / "empty.conllu"
    empty.write_bytes(b"")
    comments = tmp_path / "comments.conllu"
    comments.write_text("# doc_id = nothing\n# date = 2020-10-08\n\n")
    problems = Problems()
    groups = list(read_conllu_documents([good, noise, empty, comments], problems))
    assert [[s.doc_id for s in g] for g in groups] == [["d1"], ["d2", "d2"]]
    assert problems.inputs[str(good)].documents == 2
    failed = {t.path: t.why() for t in problems.failed_inputs()}
    assert set(failed) == {str(noise), str(empty), str(comments)}
    assert "empty file" in failed[str(empty)] and "no documents in the file" in failed[str(comments)]
    assert set(problems.reasons) <= {"bad CoNLL-U", "empty file", "no documents"}
    with pytest.raises(InputError, match="no such file"):
        list(read_conllu_documents([tmp_path / "missing.conllu"], problems))


def test_word_lines_off_the_fast_path_read_as_before():
    """Multi-word tokens, empty nodes, a "_" head, a leading-zero ID and a comment between word
    lines are read line by line; the sentence comes out as it would from plain lines."""
    lines = ["# doc_id = d", "1-2\tRussia's\t_\t_\t_\t_\t_\t_\t_\t_", WORDS[0],
             WORDS[1].replace("\t0\troot", "\t_\troot"), "# a note", "2.1\tx\t_\t_\t_\t_\t_\t_\t_\t_",
             "03\tTurkey\tTurkey\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No|NER=S-GPE", ""]
    [s] = list(parse_conllu_lines(lines, "x"))
    assert [(w.id, w.text, w.head, w.ner) for w in s.words] == [
        (1, "Russia", 2, "O"), (2, "criticized", 0, "O"), (3, "Turkey", 2, "S-GPE")]
    assert s.text == "Russia criticized Turkey"


def test_a_carriage_return_inside_a_line_is_not_a_line_end(tmp_path):
    p = tmp_path / "cr.conllu"
    p.write_bytes(("# doc_id = d\n# text = Russia\rcriticized Turkey\n" + "\n".join(WORDS) + "\n\n").encode())
    [s] = list(read_conllu(p))
    assert s.text == "Russia\rcriticized Turkey" and len(s.words) == 3


@pytest.mark.parametrize("heads, tree", [
    ([0], True), ([0, 0], True), ([0, 2, 0, 2], True), ([0, 2, 3, 1], False), ([0, 1], False),
    ([0, 0, 3], False), ([0, 2, 0, 4], False), ([0, -1, 0], False),
    ([0] + [i + 2 for i in range(39)] + [0], True), ([0] + [i + 2 for i in range(39)] + [1], False)])
def test_the_quick_tree_test_agrees_with_the_careful_one(heads, tree):
    from eventcoder.io.conllu import _heads_form_tree, tree_problem
    from eventcoder.model import Word

    words = [Word(i, "w", "w", "X", head=h) for i, h in enumerate(heads[1:], 1)]
    assert _heads_form_tree(heads) is tree
    assert (tree_problem(words) is None) is tree
