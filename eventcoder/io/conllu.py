"""CoNLL-U in and out for :class:`eventcoder.model.Sentence`.

Reading streams: :func:`read_conllu` yields one sentence at a time, so a file of any size
can be coded.  Document-level comments (``# doc_id``, ``# date``, ``# source``) carry over to
the following sentences until changed; ``# newdoc id = ...`` is read as ``doc_id`` too.
Multi-word token lines (``1-2``) and empty nodes (``1.1``) are skipped: the coder works on
syntactic words.

What is wrong is reported with file and line and skipped, never guessed at:

* a sentence with a bad line (not 10 columns, IDs that do not count 1, 2, 3..., a head outside
  the sentence, heads that loop, bytes that are not UTF-8) is skipped; the next one is read;
* a document whose ``# date`` is not a date (see :func:`eventcoder.io.documents.parse_date`), or
  whose ``# doc_id``/``# date``/``# source`` line is not UTF-8, is skipped as a whole, up to the
  next ``# doc_id`` (one problem reported, as for a JSONL record with a bad date);
* a document without a ``# date`` is read with ``default_date`` (``--date``), else without one.

A UTF-8 byte order mark and CRLF line ends are normal.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError
from ..model import Sentence, Word
from .documents import BOM, Problems, check_input, lone_surrogate, parse_date

DOC_KEYS = {"doc_id": "doc_id", "newdoc id": "doc_id", "date": "date", "doc_date": "date",
            "source": "source", "doc_source": "source"}


def _parse_date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value or value == "_":
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError(f"{where}: {exc}; the document is skipped") from None


def _ner(misc: str) -> str:
    """The NER tag a MISC column carries (its last ``NER=`` item), else ``O``."""
    ner = "O"
    if misc and misc != "_":
        for item in misc.split("|"):
            if item.startswith("NER="):
                ner = item[4:]
    return ner


def _word_from_columns(cols: list[str], name: str, lineno: int) -> Word:
    if len(cols) != 10:
        raise InputError(f"{name}:{lineno}: a CoNLL-U word line needs 10 tab-separated columns, found {len(cols)}")
    try:
        wid = int(cols[0])
        head = int(cols[6]) if cols[6] != "_" else 0
    except ValueError:
        raise InputError(f"{name}:{lineno}: ID and HEAD must be integers, got {cols[0]!r} and {cols[6]!r}") from None
    misc = cols[9]
    return Word(wid, cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7], misc, _ner(misc))


#: The ID column of each word of a well-formed sentence (``"1"``, ``"2"``...): a word line whose
#: ID is the next of these is read by the fast path of :func:`parse_conllu_lines`.
_IDS = tuple(str(i) for i in range(1, 1025))


def _heads_form_tree(heads: list[int]) -> bool:
    """Whether ``heads`` (the head of words 1..n, at positions 1..n; 0 at position 0) make one
    tree over 1..n: every head in 0..n, and every word reaches the root 0 (none is on a loop).
    The quick test of a well-formed sentence; :func:`tree_problem` says what is wrong.

    Pointer jumping: after k rounds ``up[i]`` is the ancestor 2**k steps above word i (0 once the
    root is passed), so within log2(n) + 1 rounds every word of a tree is at 0."""
    n = len(heads) - 1
    if min(heads) < 0 or max(heads) > n:
        return False
    up = heads
    for _ in range(n.bit_length() + 1):
        if not any(up):
            return True
        up = list(map(up.__getitem__, up))
    return not any(up)


def tree_problem(words: list[Word]) -> tuple[int, str] | None:
    """Why ``words`` are not one dependency tree over IDs 1..n, as (position of the word at
    fault, message); None when they are."""
    n = len(words)
    for i, w in enumerate(words):
        if w.id != i + 1:
            return i, f"word IDs must count 1, 2, 3...; word {i + 1} has ID {w.id}"
        if w.head > n or w.head < 0:
            return i, f"word {w.id} has head {w.head} outside the sentence"
    reaches_root = [False] * (n + 1)
    reaches_root[0] = True
    walked_from = [0] * (n + 1)  # the word whose walk up towards the root last passed each word
    for w in words:
        chain: list[int] = []
        node = w.id
        while not reaches_root[node]:
            if walked_from[node] == w.id:
                loop = sorted(chain[chain.index(node):])
                return loop[0] - 1, f"the heads of words {', '.join(map(str, loop))} form a loop"
            chain.append(node)
            walked_from[node] = w.id
            node = words[node - 1].head
        for i in chain:
            reaches_root[i] = True
    return None


def parse_conllu_lines(lines: Iterable[str], name: str = "<conllu>", *, default_doc: str | None = None,
                       default_date: dt.date | None = None,
                       on_error: Callable[[InputError], None] | None = None) -> Iterator[Sentence]:
    """Yield sentences from CoNLL-U ``lines``; errors name ``name`` and the line number.

    Without ``on_error`` the first error is raised.  With it, each bad sentence (or bad document
    header) is handed to ``on_error`` and skipped, and reading goes on with the next one.  A line
    holding undecodable bytes (kept as lone surrogates, as :func:`read_conllu` does) is an error.

    A well-formed word line (ten columns, the next ID, an integer head) is read by a fast path;
    any other is read by :func:`_word_from_columns`, which says what is wrong with it.
    """
    meta: dict[str, str] = {}
    broken = False  # the sentence being read is bad (already reported): its lines are passed over
    doc: dict[str, Any] = {"doc_id": default_doc, "date": default_date, "source": None, "bad": False}
    words: list[Word] = []
    word_lines: list[int] = []  # the line of each word, for messages
    heads: list[int] = [0]  # the head of each word, at its position (1, 2...), for the tree test
    careful = False  # a word of the sentence was read by the careful path (its ID may be wrong)
    counters: dict[str, int] = {}
    file_stem = Path(name).stem

    def finish() -> Sentence:
        if careful or not _heads_form_tree(heads):
            problem = tree_problem(words)
            if problem:
                position, message = problem
                raise InputError(f"{name}:{word_lines[position]}: {message}")
        doc_id = doc["doc_id"] or file_stem
        counters[doc_id] = counters.get(doc_id, 0) + 1
        sid = meta.get("sent_id", "")
        sentence_id = counters[doc_id]
        tail = sid.rsplit("-", 1)[-1] if sid else ""
        if tail.isdigit():
            sentence_id = int(tail)
            counters[doc_id] = sentence_id
        text = meta.get("text") or " ".join(w.text for w in words)
        return Sentence(doc_id, sentence_id, text, words, doc["date"], doc["source"])

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

    def document_line(key: str, value: str, where: str, undecodable: str | None) -> None:
        """A ``# doc_id``/``# date``/``# source`` line; a bad one makes the whole document bad."""
        if key == "doc_id":
            doc.update(doc_id=value, date=default_date, source=None, bad=False)
        if undecodable and not doc["bad"]:
            doc["bad"] = True
            fail(InputError(f"{where}: not UTF-8 ({undecodable} in '# {key}'); the document is skipped"))
        elif key == "date" and not doc["bad"]:
            try:
                doc["date"] = _parse_date(value, where) or default_date
            except InputError as exc:
                doc["bad"] = True
                fail(exc)
        elif key == "source":
            doc["source"] = value or None

    def comment(line: str, lineno: int, undecodable: str | None) -> bool:
        """A comment line: a document line, or a sentence's ``key = value`` (``sent_id``, ``text``).
        False when it is not UTF-8 and not a document line: it makes its sentence bad."""
        key, sep, value = line[1:].partition("=")
        key, value = key.strip(), value.strip()
        if sep and key in DOC_KEYS:
            document_line(DOC_KEYS[key], value, f"{name}:{lineno}", undecodable)
            return True
        if sep:
            meta[key] = value
        return not undecodable

    lineno = 0
    ids, fast_limit = _IDS, len(_IDS)
    for lineno, raw in enumerate(_without_bom(lines), 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line or line.isspace():
            if words and not broken and not doc["bad"]:
                yield from finished()
            words, word_lines, heads, meta, broken, careful = [], [], [0], {}, False, False
            continue
        undecodable = None if line.isascii() else lone_surrogate(line)
        if line[0] == "#" and comment(line, lineno, undecodable) or broken or doc["bad"]:
            continue
        if undecodable:
            fail(InputError(f"{name}:{lineno}: not UTF-8 ({undecodable}); the sentence is skipped"))
            broken = True
            continue
        cols = line.split("\t")
        n = len(words)  # the fast path: the next ID, ten columns, an integer head
        if n < fast_limit and cols[0] == ids[n] and len(cols) == 10:
            try:
                head = int(cols[6])
            except ValueError:
                pass  # "_", or not a number: the careful path below
            else:
                misc = cols[9]
                words.append(Word(n + 1, cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7], misc,
                                  "O" if misc == "_" else _ner(misc)))
                word_lines.append(lineno)
                heads.append(head)
                continue
        if "-" in cols[0] or "." in cols[0]:
            continue
        try:
            word = _word_from_columns(cols, name, lineno)
        except InputError as exc:
            fail(exc)
            broken = True
        else:
            words.append(word)
            word_lines.append(lineno)
            heads.append(word.head)
            careful = True
    if words and not broken and not doc["bad"]:
        yield from finished()


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` with a byte order mark taken off the first one."""
    lines = iter(lines)
    first = next(lines, None)
    return iter(()) if first is None else chain((first.removeprefix(BOM),), lines)


def read_conllu(path: str | Path, **kwargs) -> Iterator[Sentence]:
    """Stream sentences from a CoNLL-U file (keyword arguments as :func:`parse_conllu_lines`).

    Bytes that are not UTF-8 become lone surrogates, which the parser reports, so they cost only
    the sentence (or the document header) that holds them; lines end at ``\\n`` alone (a ``\\r``
    before it is taken off by the parser).  :class:`InputError` when the file cannot be opened."""
    path = Path(path)
    check_input(path)
    with open(path, encoding="utf-8", errors="surrogateescape", newline="\n") as fh:
        yield from parse_conllu_lines(fh, str(path), **kwargs)


def read_conllu_documents(paths: Iterable[str | Path], problems: Problems, *,
                          default_date: dt.date | None = None) -> Iterator[list[Sentence]]:
    """The documents of CoNLL-U files, each as its list of sentences, in file order.

    Bad sentences and documents are reported to ``problems`` (reason ``bad CoNLL-U``) with file
    and line; ``problems.inputs`` keeps each file's tally, so ``problems.failed_inputs()`` names
    the files that gave no sentence."""

    def bad(exc: InputError) -> None:
        where, _, message = str(exc).partition(": ")
        problems.report(where, message, "bad CoNLL-U")

    for p in paths:
        path = Path(p)
        check_input(path)
        problems.begin_input(path)
        if path.stat().st_size == 0:
            problems.report(str(path), "empty file", "empty file")
        group: list[Sentence] = []
        for s in read_conllu(path, default_date=default_date, on_error=bad):
            if group and s.doc_id != group[0].doc_id:
                problems.document_read()
                yield group
                group = []
            group.append(s)
        if group:
            problems.document_read()
            yield group
        problems.end_input()


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
