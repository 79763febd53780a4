"""CoNLL-U in and out for :class:`eventcoder.model.Sentence`.

Reading streams: :func:`read_conllu` yields one sentence at a time, so a file of any size
can be coded.  Document-level comments (``# doc_id``, ``# date``, ``# source``) carry over to
the following sentences until changed; ``# newdoc id = ...`` is read as ``doc_id`` too.
Multi-word token lines (``1-2``) and empty nodes (``1.1``) are skipped: the coder works on
syntactic words.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..model import Sentence, Word


def _parse_date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value or value == "_":
        return None
    try:
        if len(value) == 8 and value.isdigit():
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{where}: impossible date {value!r} (expected YYYY-MM-DD)") from None


def _word_from_columns(cols: list[str], where: str) -> Word:
    if len(cols) != 10:
        raise InputError(f"{where}: a CoNLL-U word line needs 10 tab-separated columns, found {len(cols)}")
    try:
        wid = int(cols[0])
        head = int(cols[6]) if cols[6] != "_" else 0
    except ValueError:
        raise InputError(f"{where}: ID and HEAD must be integers, got {cols[0]!r} and {cols[6]!r}") from None
    misc = cols[9]
    ner = "O"
    if misc and misc != "_":
        for item in misc.split("|"):
            if item.startswith("NER="):
                ner = item[4:]
    return Word(wid, cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7], misc, ner)


def parse_conllu_lines(lines: Iterable[str], name: str = "<conllu>", *, default_doc: str | None = None,
                       default_date: dt.date | None = None,
                       on_error: Callable[[InputError], None] | None = None) -> Iterator[Sentence]:
    """Yield sentences from CoNLL-U ``lines``; errors name ``name`` and the line number.

    Without ``on_error`` the first error is raised.  With it, each bad sentence (or bad document
    header) is handed to ``on_error`` and skipped, and reading goes on with the next one.
    """
    meta: dict[str, str] = {}
    broken = False
    doc = {"doc_id": default_doc, "date": default_date, "source": None}
    words: list[Word] = []
    counters: dict[str, int] = {}
    start_line = 0

    def finish() -> Sentence:
        doc_id = doc["doc_id"] or Path(name).stem
        counters[doc_id] = counters.get(doc_id, 0) + 1
        sid = meta.get("sent_id", "")
        sentence_id = counters[doc_id]
        tail = sid.rsplit("-", 1)[-1] if sid else ""
        if tail.isdigit():
            sentence_id = int(tail)
            counters[doc_id] = sentence_id
        text = meta.get("text") or " ".join(w.text for w in words)
        for w in words:
            if w.head > len(words) or w.head < 0:
                raise InputError(f"{name}:{start_line}: word {w.id} has head {w.head} outside the sentence")
        return Sentence(doc_id, sentence_id, text, list(words), doc["date"], doc["source"])

    def fail(exc: InputError) -> None:
        if on_error is None:
            raise exc
        on_error(exc)

    def finished() -> Iterator[Sentence]:
        """The sentence read so far, or nothing when it is bad (reported through ``fail``)."""
        try:
            sentence = finish()
        except InputError as exc:
            fail(exc)
        else:
            yield sentence

    lineno = 0
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            if words and not broken:
                yield from finished()
            words, meta, broken = [], {}, False
            continue
        if broken:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if not sep:
                continue
            if key in ("doc_id", "newdoc id"):
                doc["doc_id"] = value
                doc["date"] = default_date
                doc["source"] = None
            elif key in ("date", "doc_date"):
                try:
                    doc["date"] = _parse_date(value, f"{name}:{lineno}")
                except InputError as exc:
                    fail(exc)
                    doc["date"] = None
            elif key in ("source", "doc_source"):
                doc["source"] = value or None
            else:
                meta[key] = value
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        if not words:
            start_line = lineno
        try:
            words.append(_word_from_columns(cols, f"{name}:{lineno}"))
        except InputError as exc:
            fail(exc)
            broken = True
    if words and not broken:
        yield from finished()


def read_conllu(path: str | Path, **kwargs) -> Iterator[Sentence]:
    """Stream sentences from a CoNLL-U file."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            yield from parse_conllu_lines(fh, str(path), **kwargs)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def format_sentence(sentence: Sentence) -> str:
    """One sentence as CoNLL-U (with ``sent_id`` and ``text`` comments, no trailing blank line)."""
    out = [f"# sent_id = {sentence.doc_id}-{sentence.sentence_id}", f"# text = {sentence.text}"]
    for w in sentence.words:
        misc = w.misc
        if w.ner and w.ner != "O" and "NER=" not in (misc or ""):
            misc = f"NER={w.ner}" if misc in ("", "_") else f"{misc}|NER={w.ner}"
        cols = [str(w.id), w.text, w.lemma or "_", w.upos or "_", w.xpos or "_", w.feats or "_",
                str(w.head), w.deprel or "_", "_", misc or "_"]
        out.append("\t".join(c.replace("\t", " ") for c in cols))
    return "\n".join(out)


def write_document(fh: TextIO, doc_id: str, date: dt.date | None, source: str | None,
                   sentences: Iterable[Sentence]) -> int:
    """One document: its ``# doc_id``/``# date``/``# source`` header, then its sentences."""
    fh.write(f"# doc_id = {doc_id}\n")
    if date:
        fh.write(f"# date = {date.isoformat()}\n")
    if source:
        fh.write(f"# source = {source}\n")
    n = 0
    for s in sentences:
        fh.write(format_sentence(s))
        fh.write("\n\n")
        n += 1
    return n


def write_conllu(sentences: Iterable[Sentence], fh: TextIO) -> int:
    """Write sentences grouped by document, each document with its header."""
    n = 0
    group: list[Sentence] = []
    for s in sentences:
        if group and s.doc_id != group[0].doc_id:
            n += write_document(fh, group[0].doc_id, group[0].doc_date, group[0].doc_source, group)
            group = []
        group.append(s)
    if group:
        n += write_document(fh, group[0].doc_id, group[0].doc_date, group[0].doc_source, group)
    return n
