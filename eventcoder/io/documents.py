"""Reading input documents: JSONL, CSV, Parquet and plain text, streamed one document at a time.

Every record needs ``id``, ``date`` and ``text``; ``source``, ``url`` and ``title`` are optional.
The same checks hold in every format:

* ``id``: a string or an integer, without control characters;
* ``text``: a string; control characters in it (NUL, escape codes, form feeds...) are replaced by
  spaces with a warning, and a text that is mostly control characters is skipped as binary data;
  line ends (CRLF, CR) are read as ``\\n``;
* ``date``: see :func:`parse_date` (``--date`` gives one to records without any);
* ``source``, ``url``, ``title``: strings (numbers are taken as their text), kept on one line.

A record that breaks a rule (bad JSON, bytes that are not UTF-8, a wrong type, an impossible
date, an unterminated CSV quote...) is reported through a :class:`Problems` collector with its
file and line and skipped; the rest of the file is read.  A skipped record is never yielded, and
every yielded document is coded.  With ``strict`` the first bad record raises
:class:`eventcoder.errors.InputError`.  A UTF-8 byte order mark and CRLF line ends are normal.

:class:`Problems` also keeps a tally per input file; :meth:`Problems.failed_inputs` names the
files that gave no document at all (with the reason), so a caller can exit non-zero.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Document

log = logging.getLogger("eventcoder")

#: documents longer than this are skipped with a warning (``--max-chars`` changes it)
DEFAULT_MAX_CHARS = 200_000
#: warnings logged per input file; the rest are counted and summed up in one line at its end
LOG_LIMIT_PER_INPUT = 1000
#: a text with more control characters than this share of its visible ones is binary data, not a story
MAX_CONTROL_SHARE = 0.2

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CONLLU_SUFFIXES = {".conllu", ".conll"}
OPTIONAL_FIELDS = ("source", "url", "title")
BOM = "\ufeff"


@dataclass
class InputTally:
    """What one input file gave: documents yielded, problems reported (the first one kept)."""

    path: str
    documents: int = 0
    problems: int = 0
    first_problem: str = ""
    logged: int = 0
    unlogged: int = 0

    def why(self) -> str:
        """One line saying why the file gave nothing (meaningful when ``documents`` is 0)."""
        more = f" and {self.problems - 1} more problem{'s' if self.problems > 2 else ''}" if self.problems > 1 else ""
        return f"{self.path}: no document could be read ({self.first_problem}{more})"


class Problems:
    """Collects skipped records with their reasons, and repairs made to records that were kept.

    Each skipped record is logged as a warning and counted in :attr:`reasons`; each repair
    (control characters replaced) is logged and counted in :attr:`repairs`.  Readers call
    :meth:`begin_input`, :meth:`document_read` and :meth:`end_input` around each file, which
    keeps :attr:`inputs`, the tally per file.
    """

    def __init__(self, strict: bool = False, logger: logging.Logger = log):
        self.strict = strict
        self.reasons: Counter[str] = Counter()
        self.repairs: Counter[str] = Counter()
        self.messages: list[str] = []
        self.inputs: dict[str, InputTally] = {}
        self.log = logger
        self._current: InputTally | None = None

    def report(self, where: str, message: str, reason: str) -> None:
        """A record (or a whole file) skipped: logged, counted under ``reason``."""
        text = f"{where}: {message}"
        if self.strict:
            raise InputError(text + " (--strict: stopping at the first bad record)")
        self.reasons[reason] += 1
        if len(self.messages) < 1000:
            self.messages.append(text)
        tally = self._current
        if tally is not None:
            tally.problems += 1
            tally.first_problem = tally.first_problem or text
        self._log("skipped %s", text)

    def note(self, where: str, message: str, reason: str) -> None:
        """A record kept after a repair: logged, counted under ``reason`` in :attr:`repairs`."""
        self.repairs[reason] += 1
        self._log("repaired %s", f"{where}: {message}")

    def _log(self, form: str, text: str) -> None:
        tally = self._current
        if tally is not None:
            if tally.logged >= LOG_LIMIT_PER_INPUT:
                tally.unlogged += 1
                return
            tally.logged += 1
        self.log.warning(form, text)

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())

    def begin_input(self, path: str | Path) -> None:
        """Problems reported from now on belong to input ``path``."""
        self._current = self.inputs.setdefault(str(path), InputTally(str(path)))

    def document_read(self) -> None:
        """The current input yielded one more document."""
        if self._current is not None:
            self._current.documents += 1

    def end_input(self) -> None:
        """The current input is exhausted: a file that gave nothing and said nothing is reported."""
        tally = self._current
        if tally is None:
            return
        if tally.documents == 0 and tally.problems == 0:
            self.report(tally.path, "no documents in the file", "no documents")
        if tally.unlogged:
            self.log.warning("%s: %d more warnings about this file not shown (all are counted)", tally.path, tally.unlogged)
        self._current = None

    def failed_inputs(self) -> list[InputTally]:
        """The input files read to their end that gave no document; :meth:`InputTally.why` says why."""
        return [t for t in self.inputs.values() if t.documents == 0 and t is not self._current]


class _Skip(Exception):
    """A record that cannot be read: the message for the user and the reason it is counted under."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


# -- dates ---------------------------------------------------------------------------------------

_DATE_FORMS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII), re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII))
_TIME = re.compile(r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?)?"
                   r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?", re.ASCII)
EXPECTED_DATE = "expected YYYY-MM-DD"


def parse_date(value: object) -> dt.date:
    """A document date; :class:`ValueError` (saying why) for anything else.

    Accepted: a :class:`datetime.date` or :class:`~datetime.datetime` (as Parquet gives them);
    ISO 8601 ``YYYY-MM-DD``, also without leading zeros (``1997-4-1``: year first is never
    ambiguous); the compact ``YYYYMMDD`` (also as an integer); either one followed by an ISO time
    (``T12:30``, ``T12:30:05.1+02:00``, ``Z``; a space may stand for the ``T``), which is dropped.
    Everything else is refused rather than guessed: ``01/04/1997`` (day or month first?),
    ``April 1, 1997``, ``1997-04-01garbage``, and days that do not exist (``2020-02-30``); the
    message starts ``impossible date``.  A missing date (None, NaN, blank) raises
    ``ValueError("no date")``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if _absent(value):
        raise ValueError("no date")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"impossible date {value!r} ({EXPECTED_DATE} as a string, got {_type_name(value)})")
    text = str(value).strip()
    if not text:
        raise ValueError("no date")
    for form in _DATE_FORMS:
        m = form.match(text)
        if m and _TIME.fullmatch(text, m.end()):
            year, month, day = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"impossible date {text!r} ({exc})") from None
    raise ValueError(f"impossible date {text!r} ({EXPECTED_DATE})")


def _absent(value: object) -> bool:
    """None, or the NaN that pandas-written files hold for a missing value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number",
            str: "a string", bytes: "bytes"}.get(type(value), type(value).__name__)


# -- text checks ---------------------------------------------------------------------------------

#: control characters (C0, DEL, C1) and a byte order mark inside a text; tabs and line ends apart
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
#: the same with tabs and line ends, for one-line fields (id, source, url, title)
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufeff]")


def lone_surrogate(text: str) -> str | None:
    """Where ``text`` is not valid Unicode, for a message: an undecodable byte kept by
    ``surrogateescape`` (``byte 0xE9 at column 5``) or an unpaired surrogate such as a JSON
    ``\\ud800`` escape (``U+D800 at column 5``); None when the text is valid."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        what = f"byte 0x{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        return f"{what} at column {exc.start + 1}"
    return None


def _clean_text(text: str, doc_id: str) -> tuple[str, int]:
    """(the text with line ends as ``\\n`` and control characters replaced by spaces, how many were
    replaced); the record is skipped when it is mostly control characters (binary data)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if not controls:
        return text, 0
    visible = sum(1 for ch in text if not ch.isspace())
    if controls > MAX_CONTROL_SHARE * max(visible, 1):
        raise _Skip(f"document {doc_id!r} looks like binary data ({controls:,} control characters "
                    f"in {len(text):,})", "binary data")
    return _CONTROL.sub(" ", text), controls


def _doc_id(record: dict) -> str:
    value = record.get("id")
    if _absent(value) or (isinstance(value, str) and not value.strip()):
        raise _Skip("record has no 'id'", "missing id")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Skip(f"'id' must be a string or an integer, got {_type_name(value)}", "wrong type")
    doc_id = str(value).strip()
    bad = lone_surrogate(doc_id)
    if bad:
        raise _Skip(f"'id' is not valid Unicode ({bad})", "invalid Unicode")
    if _ANY_CONTROL.search(doc_id):
        raise _Skip(f"'id' {doc_id!r} holds control characters", "bad id")
    return doc_id


def _text(record: dict, doc_id: str) -> tuple[str, int]:
    """The record's text, cleaned, and how many control characters were replaced."""
    text = record.get("text")
    if _absent(text):
        raise _Skip(f"document {doc_id!r} has no text", "missing text")
    if not isinstance(text, str):
        raise _Skip(f"document {doc_id!r}: 'text' must be a string, got {_type_name(text)}", "wrong type")
    bad = lone_surrogate(text)
    if bad:
        raise _Skip(f"document {doc_id!r}: text is not valid Unicode ({bad})", "invalid Unicode")
    text, controls = _clean_text(text, doc_id)
    if not text.strip():
        raise _Skip(f"document {doc_id!r} has no text", "missing text")
    return text, controls


def _date(record: dict, doc_id: str, default_date: dt.date | None, hint: str) -> dt.date:
    try:
        return parse_date(record.get("date"))
    except ValueError as exc:
        if str(exc) != "no date":
            raise _Skip(f"document {doc_id!r} has an {exc}", "bad date") from None
    if default_date is None:
        raise _Skip(f"document {doc_id!r} has no date ({hint})", "missing date")
    return default_date


def _optional(record: dict, key: str, doc_id: str) -> str | None:
    """An optional field as one line of text (control characters and line ends become spaces)."""
    value = record.get(key)
    if _absent(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Skip(f"document {doc_id!r}: {key!r} must be a string, got {_type_name(value)}", "wrong type")
    text = str(value)
    bad = lone_surrogate(text)
    if bad:
        raise _Skip(f"document {doc_id!r}: {key!r} is not valid Unicode ({bad})", "invalid Unicode")
    text = " ".join(_ANY_CONTROL.sub(" ", text).split())
    return text or None


def _document(record: object, where: str, problems: Problems, max_chars: int, default_date: dt.date | None,
              date_hint: str = "give 'date' or --date") -> Document | None:
    """The record as a Document, or None when it breaks a rule (reported to ``problems``)."""
    try:
        if not isinstance(record, dict):
            raise _Skip(f"expected a JSON object, got {_type_name(record)}", "not an object")
        doc_id = _doc_id(record)
        text, controls = _text(record, doc_id)
        date = _date(record, doc_id, default_date, date_hint)
        if len(text) > max_chars:
            raise _Skip(f"document {doc_id!r} has {len(text):,} characters, over the limit of {max_chars:,} "
                        "(raise it with --max-chars)", "too long")
        source, url, title = (_optional(record, key, doc_id) for key in OPTIONAL_FIELDS)
    except _Skip as skip:
        problems.report(where, skip.message, skip.reason)
        return None
    if controls:
        problems.note(where, f"document {doc_id!r}: {controls} control character{'s' if controls > 1 else ''} "
                             "replaced by spaces", "control characters")
    return Document(doc_id, date, text, source, url, title, where)


# -- formats -------------------------------------------------------------------------------------

def _read_jsonl(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            raw = raw.removeprefix(BOM.encode("utf-8"))  # a BOM (also where files were concatenated)
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.report(where, f"not UTF-8 ({exc.reason}: byte 0x{raw[exc.start]:02X} at column {exc.start + 1})",
                                "not UTF-8")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.report(where, f"malformed JSON ({exc.msg} at column {exc.colno})", "malformed JSON")
                continue
            except (ValueError, RecursionError) as exc:  # too deeply nested, an integer of 5,000 digits
                problems.report(where, f"malformed JSON ({str(exc) or type(exc).__name__})", "malformed JSON")
                continue
            doc = _document(record, where, problems, max_chars, default_date)
            if doc is not None:
                yield doc


def _columns_problem(names: list[str], kind: str, default_date) -> str | None:
    """Why a header cannot give documents (None when it can)."""
    missing = [c for c in ("id", "text") if c not in names]
    if default_date is None and "date" not in names:
        missing.append("date")
    if not missing:
        return None
    hint = " (or give --date)" if missing == ["date"] else ""
    return f"{kind} lacks the column {', '.join(map(repr, missing))}{hint}: it needs id, date, text (found {names})"


def _read_csv(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    """Records of a CSV file with a header line.  A malformed record (an unterminated quote, text
    after a closing quote) is reported at the line where it starts, and reading goes on at the
    next line, so one broken quote never swallows the records after it.  Bytes that are not UTF-8
    skip the record that holds them."""
    csv.field_size_limit(sys.maxsize)
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").removeprefix(BOM)
    lines = io.StringIO(text, newline="").readlines()
    pos = 0

    def feed() -> Iterator[str]:
        nonlocal pos
        while pos < len(lines):
            pos += 1
            yield lines[pos - 1]

    reader = csv.reader(feed(), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as exc:
        header = [f"<malformed: {exc}>"]
    problem = _columns_problem(header, "CSV header", default_date)
    if problem:
        problems.report(f"{path}:1", problem, "bad header")
        return
    while True:
        start = pos + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.report(f"{path}:{start}", f"malformed CSV record ({exc}; an unterminated quote?); "
                                               "reading goes on at the next line", "malformed CSV")
            pos = start
            reader = csv.reader(feed(), strict=True)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        where = f"{path}:{start}"
        if len(row) > len(header):
            problems.report(where, f"{len(row)} fields but the header names {len(header)} (unquoted commas in the text?)",
                            "malformed CSV")
            continue
        record = dict(zip(header, row))
        bad = next((f"{lone_surrogate(v)} of field {k!r}" for k, v in record.items() if lone_surrogate(v)), None)
        if bad:
            problems.report(where, f"not UTF-8 ({bad})", "not UTF-8")
            continue
        doc = _document(record, where, problems, max_chars, default_date)
        if doc is not None:
            yield doc


def _read_parquet(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        problems.report(str(path), f"not a readable Parquet file ({exc})", "bad file")
        return
    problem = _columns_problem(names, "Parquet file", default_date)
    text_type = pf.schema_arrow.field("text").type if "text" in names else None
    if not problem and not (pa.types.is_string(text_type) or pa.types.is_large_string(text_type)
                            or pa.types.is_dictionary(text_type) or pa.types.is_null(text_type)):
        problem = f"Parquet column 'text' holds {text_type}, not strings"
    if problem:
        problems.report(str(path), problem, "bad header")
        return
    wanted = [c for c in ("id", "date", "text", *OPTIONAL_FIELDS) if c in names]
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=1000, columns=wanted):
            for record in batch.to_pylist():
                row += 1
                doc = _document(record, f"{path}:row {row}", problems, max_chars, default_date)
                if doc is not None:
                    yield doc
    except Exception as exc:  # a corrupt page: what was read stands, the rest of the file cannot be
        problems.report(f"{path}:row {row + 1}", f"unreadable from here on ({exc})", "bad file")


def _read_text(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    """A plain-text file is one document: id from the file name, date from ``--date``."""
    data = path.read_bytes().removeprefix(BOM.encode("utf-8"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.report(f"{path}:{line}", f"not UTF-8 ({exc.reason}: byte 0x{data[exc.start]:02X}); "
                                          "the file is skipped", "not UTF-8")
        return
    doc = _document({"id": path.stem, "text": text}, str(path), problems, max_chars, default_date,
                    date_hint="a .txt input needs --date")
    if doc is not None:
        yield doc


READERS = {
    **{s: _read_jsonl for s in JSONL_SUFFIXES},
    ".csv": _read_csv,
    ".parquet": _read_parquet,
    ".pq": _read_parquet,
    **{s: _read_text for s in TEXT_SUFFIXES},
}


def check_input(path: Path) -> None:
    """Raise :class:`InputError` for a path that is no readable file."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the input files (e.g. {path}/*.jsonl)")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def read_documents(paths: Iterable[str | Path], problems: Problems | None = None, *,
                   max_chars: int = DEFAULT_MAX_CHARS, default_date: dt.date | None = None) -> Iterator[Document]:
    """Stream documents from input files of any supported format, in the order given.

    Bad records are reported to ``problems`` and skipped; afterwards ``problems.failed_inputs()``
    lists the files that gave no document (empty, not the format their name says, wrong columns,
    every record bad), each with :meth:`InputTally.why`.  A missing file, a directory or an unknown
    format raises :class:`InputError` when the reader gets to it."""
    problems = problems or Problems()
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        check_input(path)
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise InputError(f"{path}: unknown input format '{path.suffix}' "
                             f"(use .jsonl, .csv, .parquet, .txt, or .conllu for parsed input)")
        problems.begin_input(path)
        if path.stat().st_size == 0:
            problems.report(str(path), "empty file", "empty file")
        else:
            for doc in reader(path, problems, max_chars, default_date):
                if doc.id in seen:
                    problems.report(doc.origin, f"duplicate document id {doc.id!r}", "duplicate id")
                    continue
                seen.add(doc.id)
                problems.document_read()
                yield doc
        problems.end_input()
