"""Reading input documents: JSONL, CSV, Parquet and plain text, streamed one document at a time.

Every record needs ``id``, ``date`` (ISO ``YYYY-MM-DD``) and ``text``; ``source``, ``url`` and
``title`` are optional.  A bad record is reported (file and line, or document id) through a
:class:`Problems` collector and skipped; the rest of the batch goes on.  With ``strict`` the
first bad record raises :class:`eventcoder.errors.InputError`.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Document

log = logging.getLogger("eventcoder")

#: documents longer than this are skipped with a warning (``--max-chars`` changes it)
DEFAULT_MAX_CHARS = 200_000

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CONLLU_SUFFIXES = {".conllu", ".conll"}


class Problems:
    """Collects skipped records with their reasons; logs each as a warning."""

    def __init__(self, strict: bool = False, logger: logging.Logger = log):
        self.strict = strict
        self.reasons: Counter[str] = Counter()
        self.messages: list[str] = []
        self.log = logger

    def report(self, where: str, message: str, reason: str) -> None:
        text = f"{where}: {message}"
        if self.strict:
            raise InputError(text + " (--strict: stopping at the first bad record)")
        self.log.warning("skipped %s", text)
        self.reasons[reason] += 1
        if len(self.messages) < 1000:
            self.messages.append(text)

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())


def parse_iso_date(value: object) -> dt.date:
    """A document date: ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or (isinstance(value, float) and value != value):
        raise ValueError("no date")
    text = str(value).strip()
    if not text:
        raise ValueError("no date")
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return dt.date.fromisoformat(text[:10])


def _document(record: dict, where: str, problems: Problems, max_chars: int, default_date: dt.date | None) -> Document | None:
    if not isinstance(record, dict):
        problems.report(where, f"expected a JSON object, got {type(record).__name__}", "not an object")
        return None
    doc_id = record.get("id")
    if doc_id is None or (isinstance(doc_id, float) and doc_id != doc_id) or str(doc_id).strip() == "":
        problems.report(where, "record has no 'id'", "missing id")
        return None
    doc_id = str(doc_id).strip()
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.report(where, f"document {doc_id!r} has no text", "missing text")
        return None
    raw_date = record.get("date")
    try:
        date = parse_iso_date(raw_date) if raw_date not in (None, "") else default_date
    except ValueError:
        problems.report(where, f"document {doc_id!r} has an impossible date {raw_date!r} (expected YYYY-MM-DD)", "bad date")
        return None
    if date is None:
        problems.report(where, f"document {doc_id!r} has no date (give 'date' or --date)", "missing date")
        return None
    if len(text) > max_chars:
        problems.report(where, f"document {doc_id!r} has {len(text):,} characters, over the limit of {max_chars:,} "
                               "(raise it with --max-chars)", "too long")
        return None

    def opt(key: str) -> str | None:
        v = record.get(key)
        if v is None or (isinstance(v, float) and v != v):
            return None
        return str(v)

    return Document(doc_id, date, text, opt("source"), opt("url"), opt("title"), where)


def _read_jsonl(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.report(where, f"not UTF-8 ({exc.reason} at byte {exc.start})", "not UTF-8")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.report(where, f"malformed JSON ({exc.msg} at column {exc.colno})", "malformed JSON")
                continue
            doc = _document(record, where, problems, max_chars, default_date)
            if doc is not None:
                yield doc


def _decode(path: Path, problems: Problems, encoding: str = "utf-8") -> str:
    """The file's text; bytes that are not UTF-8 are reported (file and line) and replaced."""
    data = path.read_bytes()
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.report(f"{path}:{line}", f"not UTF-8 ({exc.reason}); bad bytes replaced", "not UTF-8")
        return data.decode(encoding, errors="replace")


def _read_csv(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    csv.field_size_limit(sys.maxsize)
    text = _decode(path, problems, "utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "text" not in reader.fieldnames or "id" not in reader.fieldnames:
        problems.report(f"{path}:1", f"CSV header must name the columns id, date, text (found {reader.fieldnames})", "bad header")
        return
    for record in reader:
        where = f"{path}:{reader.line_num}"
        doc = _document(record, where, problems, max_chars, default_date)
        if doc is not None:
            yield doc


def _read_parquet(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        problems.report(str(path), f"not a readable Parquet file ({exc})", "bad file")
        return
    names = pf.schema_arrow.names
    if "text" not in names or "id" not in names:
        problems.report(str(path), f"Parquet columns must include id, date, text (found {names})", "bad header")
        return
    wanted = [c for c in ("id", "date", "text", "source", "url", "title") if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=1000, columns=wanted):
        for record in batch.to_pylist():
            row += 1
            doc = _document(record, f"{path}:row {row}", problems, max_chars, default_date)
            if doc is not None:
                yield doc


def _read_text(path: Path, problems: Problems, max_chars: int, default_date) -> Iterator[Document]:
    text = _decode(path, problems)
    doc = _document({"id": path.stem, "date": None, "text": text}, str(path), problems, max_chars, default_date)
    if doc is not None:
        yield doc


READERS = {
    **{s: _read_jsonl for s in JSONL_SUFFIXES},
    ".csv": _read_csv,
    ".parquet": _read_parquet,
    ".pq": _read_parquet,
    **{s: _read_text for s in TEXT_SUFFIXES},
}


def read_documents(paths: Iterable[str | Path], problems: Problems | None = None, *,
                   max_chars: int = DEFAULT_MAX_CHARS, default_date: dt.date | None = None) -> Iterator[Document]:
    """Stream documents from input files of any supported format, in the order given."""
    problems = problems or Problems()
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give the input files (e.g. {path}/*.jsonl)")
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise InputError(f"{path}: unknown input format '{path.suffix}' "
                             f"(use .jsonl, .csv, .parquet, .txt, or .conllu for parsed input)")
        if path.stat().st_size == 0:
            problems.report(str(path), "empty file", "empty file")
            continue
        for doc in reader(path, problems, max_chars, default_date):
            if doc.id in seen:
                problems.report(doc.origin, f"duplicate document id {doc.id!r}", "duplicate id")
                continue
            seen.add(doc.id)
            yield doc
