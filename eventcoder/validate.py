"""Run a PETRARCH validation suite (``<Validation>`` XML with CoNLL-U parses) through the coder.

The reader copes with the sloppy XML found in the wild: comments holding anything (``#``, ``<``,
tags), ``<Sentence .../>`` self-closed with its children after it (up to the next ``<Sentence``),
stray text between elements, unescaped ``&``, lines that are not UTF-8.  A record it cannot read
(a broken ``<Parse>``, a ``<Text>`` or ``<Parse>`` never closed, binary data, a file cut short)
is listed in :attr:`Suite.problems` with its file and line and skipped; the others are read.  A
file without any record is an :class:`~eventcoder.errors.InputError`.  Reading is one pass over
the file that holds one record at a time, so its time grows with the size of the file.

Semantics, following PETRARCH's validation runs:

* a record's expected events are its ``<EventCoding sourcecode targetcode eventcode>``;
  ``noevents="True"`` expects none; ``error="..."`` expects the record to be rejected (right
  when the coder produces no event);
* events without a source or a target (empty or ``---``) do not count, on either side;
* a record is exactly right when its set of (source, target, code) triples equals the expected set;
* records with ``sentence="false"`` or ``evaluate="false"`` (marked "not implemented" by the
  suite's authors) and records whose category is not in the ``<Include>`` list are skipped:
  listed, not scored.  ``--all`` scores them too.  ``<Include>`` selects on the record's
  ``category`` attribute (PETRARCH's files), or its ``source`` attribute where it has no
  category (the UD-PETRARCH dev suite), or else its id prefix;
* the category of a record, for the per-category figures, is its ``category`` attribute, or
  else its id prefix (``DEMO_02`` -> DEMO).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .io.conllu import parse_conllu_lines
from .model import Sentence

# ---------------------------------------------------------------------------------------------
# Reading the suite


@dataclass
class Record:
    id: str
    category: str  # the category attribute, or else the id prefix (the per-category figures)
    group: str  # the category attribute, or else the source attribute (what <Include> selects)
    date: dt.date | None
    text: str
    sentence: Sentence | None
    expected: list[tuple[str, str, str]]
    error: str | None = None
    noevents: bool = False
    enabled: bool = True  # neither sentence="false" nor evaluate="false"
    line: int = 0
    skip_reason: str | None = None
    disabled: str | None = None  # 'sentence="false"' or 'evaluate="false"'
    unreadable: str | None = None  # why the record cannot be coded, when it cannot


@dataclass
class Suite:
    path: str
    environment: dict[str, str] = field(default_factory=dict)
    include: set[str] | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>/]+))""")
_START = re.compile(r"<Sentence\b")
_OPEN = re.compile(r"<Sentence\b([^<>]*?)(/?)>")
_STOP = re.compile(r"<Stop\b")
_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_ENVIRONMENT = re.compile(r"<Environment\b[^>]*>(.*?)</Environment\s*>", re.DOTALL)
_ENVIRONMENT_ITEM = re.compile(r"<(\w+)\b([^>]*?)(?:/>|>(.*?)</\1\s*>)", re.DOTALL)
_EVENT_CODING = re.compile(r"<EventCoding\b([^>]*?)(/?)>(?:\s*</EventCoding\s*>)?")
_CONTAINER = re.compile(r"</?(Validation|Sentences|Environment|Stop)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_STRAY = re.compile(r"[^\s<>][^<>]*")
#: per element: the whole element (content in group 1), an opening tag, a closing tag
_ELEMENTS = {tag: (re.compile(rf"<{tag}\b[^>]*(?<!/)>(.*?)</{tag}\s*>", re.DOTALL), re.compile(rf"<{tag}\b[^>]*(?<!/)>"),
                   re.compile(rf"</{tag}\s*>"))
             for tag in ("Text", "Parse")}


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(text):
        value = m.group(3) if m.group(3) is not None else m.group(4) if m.group(4) is not None else m.group(5)
        out[m.group(1).lower()] = html.unescape(value)
    return out


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def category_of(record_id: str) -> str:
    """The id prefix: ``DEMO_02`` -> DEMO, ``AFP0808010569-6`` -> AFP, ``FINAL-RECORD`` -> FINAL."""
    m = re.match(r"[A-Za-z]+", record_id)
    return m.group(0).upper() if m else "OTHER"


def _missing(code: str) -> bool:
    return not code or code.strip() in ("", "---")


def _triple(attrs: dict[str, str]) -> tuple[str, str, str] | None:
    s, t, c = attrs.get("sourcecode", ""), attrs.get("targetcode", ""), attrs.get("eventcode", "")
    if _missing(s) or _missing(t) or _missing(c):
        return None
    return (s.strip(), t.strip(), c.strip())


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    if re.fullmatch(r"\d{6}", value):
        yy = int(value[:2])
        return dt.date(2000 + yy if yy < 30 else 1900 + yy, int(value[2:4]), int(value[4:]))
    return dt.date.fromisoformat(value[:10])


# -- one pass over the lines: decode, blank the comments, cut before each <Sentence -------------


def _decoded(lines: Iterable[bytes | str], path, problems: list[str]) -> Iterator[str]:
    """Each line as text: UTF-8, or Latin-1 for a line that is not UTF-8 (the first one is noted)."""
    noted = False
    for lineno, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw.decode("latin-1")
                if not noted:
                    problems.append(f"{path}:{lineno}: not UTF-8 (byte {exc.start + 1} of the line); "
                                    f"such lines are read as Latin-1")
                    noted = True
        else:
            line = raw
        yield line.removeprefix("\ufeff") if lineno == 1 else line


def _uncommented(lines: Iterable[str], path, problems: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) with ``<!-- comments -->`` and ``<?xml ...?>`` blanked.  A comment
    never closed blanks the rest of the file, with a problem naming the line that opened it."""
    opened = 0  # the line of the comment open at the end of the previous line; 0 for none
    for lineno, line in enumerate(lines, 1):
        if not opened and "<!--" not in line and "<?" not in line:
            yield lineno, line
            continue
        newline = "\n" if line.endswith("\n") else ""
        line = line[:-1] if newline else line
        kept: list[str] = []
        pos = 0
        while pos <= len(line):
            if opened:
                end = line.find("-->", pos)
                if end < 0:
                    break
                kept.append(" ")
                pos, opened = end + 3, 0
            start = line.find("<!--", pos)
            if start < 0:
                kept.append(line[pos:])
                break
            kept.append(line[pos:start])
            pos, opened = start + 4, lineno
        text = "".join(kept)
        if "<?" in text:
            text = _XML_DECLARATION.sub(_blank, text)
        yield lineno, text + newline
    if opened:
        problems.append(f"{path}:{opened}: comment never closed ('<!--' without '-->'); the rest of the file is ignored")


def _pieces(lines: Iterable[tuple[int, str]], path, problems: list[str]) -> Iterator[tuple[int, str]]:
    """(first line, text) cut before each ``<Sentence``: the first piece is what comes before the
    first record, each other one a record and what follows it.  Reading stops at ``<Stop>``."""
    first, kept = 1, []
    for lineno, line in lines:
        if "<S" not in line:
            kept.append(line)
            continue
        stop = _STOP.search(line)
        if stop:
            line = line[:stop.start()]
        pos = 0
        for m in _START.finditer(line):
            kept.append(line[pos:m.start()])
            yield first, "".join(kept)
            first, kept, pos = lineno, [], m.start()
        kept.append(line[pos:])
        if stop:
            problems.append(f"{path}:{lineno}: <Stop> record: the records after it are not read")
            break
    yield first, "".join(kept)


# -- one piece at a time -------------------------------------------------------------------------


def _read_environment(suite: Suite, body: str) -> None:
    for m in _ENVIRONMENT_ITEM.finditer(body):
        tag, attrs, content = m.group(1), m.group(2), m.group(3)
        if tag.lower() == "config":
            a = _attrs(attrs)
            if "option" in a:
                suite.environment["config:" + a["option"]] = a.get("value", "")
            continue
        suite.environment[tag.lower()] = " ".join((content or "").split())
    if suite.environment.get("include"):
        suite.include = {w.upper() for w in suite.environment["include"].split()}


def _read_outside(suite: Suite, first: int, text: str) -> None:
    """Text outside the records: the ``<Environment>``, container tags, and stray text (a problem)."""
    if "\x00" in text:
        line = first + text.count("\n", 0, text.index("\x00"))
        suite.problems.append(f"{suite.path}:{line}: binary data (NUL bytes) outside the records ignored")
        return
    env = _ENVIRONMENT.search(text)
    if env:
        if suite.environment:
            suite.problems.append(f"{suite.path}:{first + text.count(chr(10), 0, env.start())}: "
                                  f"a second <Environment> is ignored")
        else:
            _read_environment(suite, env.group(1))
        text = text[:env.start()] + _blank(env) + text[env.end():]
    text = _TAG.sub(_blank, _CONTAINER.sub(_blank, text))
    for m in _STRAY.finditer(text):
        snippet = " ".join(m.group(0).split())
        if snippet:
            line = first + text.count("\n", 0, m.start())
            suite.problems.append(f"{suite.path}:{line}: stray text outside the records ignored: {snippet[:60]!r}")


def _record_id(attrs: dict[str, str], where: str, line: int, seen: Counter, problems: list[str]) -> str:
    rid = attrs.get("id") or f"line{line}"
    if "id" not in attrs:
        problems.append(f"{where}: <Sentence> without an id; called {rid}")
    seen[rid] += 1
    if seen[rid] > 1:
        problems.append(f"{where}: duplicate record id {rid}; this one is reported as {rid}#{seen[rid]}")
        rid = f"{rid}#{seen[rid]}"
    return rid


def _record_date(attrs: dict[str, str], rid: str, where: str, problems: list[str]) -> dt.date | None:
    if not attrs.get("date"):
        problems.append(f"{where}: record {rid} has no date; coded without a date")
        return None
    try:
        return _parse_date(attrs["date"])
    except ValueError:
        problems.append(f"{where}: record {rid}: bad date {attrs['date']!r}; coded without a date")
        return None


def _event_codings(body: str, rid: str, line_at, path, problems: list[str]):
    """(expected triples, error, noevents) from the ``<EventCoding>`` elements of ``body``."""
    expected: list[tuple[str, str, str]] = []
    error = None
    noevents = False
    for em in _EVENT_CODING.finditer(body):
        a = _attrs(em.group(1))
        if a.get("error"):
            error = a["error"]
        elif a.get("noevents", "").lower() == "true":
            noevents = True
        else:
            t = _triple(a)
            if t is not None and t not in expected:
                expected.append(t)
            elif t is None and not all(k in a for k in ("sourcecode", "targetcode", "eventcode")):
                problems.append(f"{path}:{line_at(em.start())}: record {rid}: <EventCoding> without "
                                f"sourcecode, targetcode and eventcode: {em.group(0).strip()!r}")
    return expected, error, noevents


def _element(body: str, tag: str, rid: str, line_at, path, problems: list[str]) -> tuple[re.Match | None, str | None]:
    """The first ``<tag>...</tag>`` of ``body``, or the reason the record cannot be read when the
    tag is not balanced (a problem names its line)."""
    whole, opening, closing = _ELEMENTS[tag]
    opens, closes = list(opening.finditer(body)), list(closing.finditer(body))
    if len(opens) > len(closes):
        problems.append(f"{path}:{line_at(opens[-1].start())}: record {rid}: <{tag}> without </{tag}>; record skipped")
        return None, f"<{tag}> not closed"
    if len(closes) > len(opens):
        problems.append(f"{path}:{line_at(closes[0].start())}: record {rid}: </{tag}> without <{tag}>; record skipped")
        return None, f"</{tag}> without <{tag}>"
    return whole.search(body), None


def _shifted(message: str, path, lines: int) -> str:
    """``message`` from the CoNLL-U reader with its ``path:N:`` moved down by ``lines``."""
    return re.sub(rf"^{re.escape(str(path))}:(\d+):", lambda m: f"{path}:{int(m.group(1)) + lines}:", message, count=1)


def _parsed(content: str, first_line: int, rid: str, date: dt.date | None, path, where: str,
            problems: list[str]) -> Sentence | None:
    """The sentence of a ``<Parse>`` whose content starts on ``first_line``, or None (a problem)."""
    lines = []
    for ln in html.unescape(content).split("\n"):
        if ln.strip() and "\t" not in ln and len(ln.split()) == 10:
            ln = "\t".join(ln.split())  # columns separated by spaces instead of tabs
        lines.append(ln.strip("\r"))
    try:
        parsed = list(parse_conllu_lines(lines, str(path), default_doc=rid, default_date=date))
    except InputError as exc:
        problems.append(f"{where}: record {rid}: unreadable <Parse>: {_shifted(str(exc), path, first_line - 1)}")
        return None
    if not parsed:
        problems.append(f"{where}: record {rid}: <Parse> holds no words")
        return None
    if len(parsed) > 1:
        problems.append(f"{where}: record {rid}: <Parse> holds {len(parsed)} sentences; the first is used")
    return parsed[0]


def _content(body: str, rid: str, date: dt.date | None, line_at, where: str, path, problems: list[str]):
    """(text, sentence or None, why the record cannot be coded or None, what is left of ``body``)
    from the ``<Text>`` and ``<Parse>`` of a record's ``body``."""
    leftovers = _EVENT_CODING.sub(" ", body)
    unreadable = None
    if "\x00" in body:
        problems.append(f"{path}:{line_at(body.index(chr(0)))}: record {rid}: binary data (NUL bytes); record skipped")
        unreadable = "binary data"
    tm, text_problem = _element(body, "Text", rid, line_at, path, problems)
    pm, parse_problem = _element(body, "Parse", rid, line_at, path, problems)
    unreadable = unreadable or text_problem or parse_problem
    text = " ".join(html.unescape(tm.group(1)).split()) if tm else ""
    if tm:
        leftovers = leftovers.replace(tm.group(0), " ")
    elif not text_problem:
        problems.append(f"{where}: record {rid} has no <Text>")
    sentence = None
    if pm:
        leftovers = leftovers.replace(pm.group(0), " ")
        if not unreadable:
            sentence = _parsed(pm.group(1), line_at(pm.start(1)), rid, date, path, where, problems)
    elif not parse_problem:
        problems.append(f"{where}: record {rid} has no <Parse>; it cannot be coded")
    if sentence is not None:
        sentence.text = text or sentence.text
        sentence.doc_id = rid
        sentence.doc_date = date
    return text, sentence, unreadable or (None if sentence else "no readable parse"), leftovers


def _read_record(suite: Suite, first: int, text: str, m: re.Match, seen: Counter) -> tuple[Record, int]:
    """The record opened by ``m`` at the start of ``text`` (a piece starting on line ``first``),
    and where the text after its ``</Sentence>`` starts."""
    path, problems = suite.path, suite.problems
    close = text.find("</Sentence", m.end())
    body = text[m.end():close if close >= 0 else len(text)]
    after = len(text) if close < 0 else (text.find(">", close) + 1 or len(text))

    def line_at(pos: int) -> int:  # a position in body
        return first + text.count("\n", 0, m.end() + pos)

    where = f"{path}:{first}"
    attrs = _attrs(m.group(1))
    rid = _record_id(attrs, where, first, seen, problems)
    if close < 0 and not m.group(2):
        problems.append(f"{where}: <Sentence id={rid}> has no </Sentence>; it ends at the next record")
    date = _record_date(attrs, rid, where, problems)
    expected, error, noevents = _event_codings(body, rid, line_at, path, problems)
    sentence_text, sentence, unreadable, leftovers = _content(body, rid, date, line_at, where, path, problems)
    stray = _TAG.sub(" ", leftovers).strip()
    if stray and unreadable in (None, "no readable parse"):
        problems.append(f"{where}: record {rid}: stray text ignored: {' '.join(stray.split())[:60]!r}")
    category = attrs.get("category", "").strip().upper()
    disabled = next((f'{a}="false"' for a in ("sentence", "evaluate") if attrs.get(a, "").strip().lower() == "false"), None)
    rec = Record(rid, category or category_of(rid), category or attrs.get("source", "").strip().upper(), date,
                 sentence_text, sentence, expected, error, noevents, disabled is None, first,
                 disabled=disabled, unreadable=unreadable)
    return rec, after


def _skip_reason(rec: Record, include: set[str] | None) -> str | None:
    if rec.disabled:
        return rec.disabled
    key = rec.group or category_of(rec.id)
    if include is not None and key not in include:
        return f"category {key} not in <Include>"
    return rec.unreadable


def read_suite_lines(lines: Iterable[bytes | str], path: str | Path = "<suite>") -> Suite:
    """Read a validation file given as its lines (bytes or text, each with its newline), one
    pass, one record at a time.  Problems are listed in :attr:`Suite.problems`; a file with no
    record at all raises :class:`InputError`."""
    suite = Suite(str(path))
    seen: Counter = Counter()
    binary_line = 0
    text_lines = _uncommented(_decoded(lines, suite.path, suite.problems), suite.path, suite.problems)
    for first, text in _pieces(text_lines, suite.path, suite.problems):
        if "\x00" in text and not binary_line:
            binary_line = first + text.count("\n", 0, text.index("\x00"))
        m = _OPEN.match(text)
        if m is None and text.startswith("<Sentence"):
            suite.problems.append(f"{suite.path}:{first}: <Sentence tag without its '>' (a file cut short?); ignored")
        elif m is None:
            _read_outside(suite, first, text)
        else:
            rec, after = _read_record(suite, first, text, m, seen)
            suite.records.append(rec)
            _read_outside(suite, first + text.count("\n", 0, after), text[after:])
    for rec in suite.records:
        rec.skip_reason = _skip_reason(rec, suite.include)
    if not suite.records:
        why = (f"; it holds binary data (NUL bytes on line {binary_line})" if binary_line
               else f" ({suite.problems[0]})" if suite.problems else "")
        raise InputError(f"{suite.path}: no <Sentence> record found{why}")
    return suite


def read_suite(path: str | Path) -> Suite:
    """Read a validation file.  Bad content is listed in :attr:`Suite.problems` (file:line, the
    record skipped); raises :class:`InputError` only for a file that cannot be read or holds no
    record at all."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return read_suite_lines(fh, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the validation file ({exc.strerror or exc})") from None


# ---------------------------------------------------------------------------------------------
# Running


@dataclass
class RecordResult:
    record: Record
    got: list[tuple[str, str, str]]
    correct: bool
    events: list = field(default_factory=list)  # the coder's Event objects (all, counted or not)
    note: str = ""


@dataclass
class Report:
    suite: Suite
    results: list[RecordResult]
    dictionaries_name: str = ""
    dictionary_problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def scored(self) -> list[RecordResult]:
        return [r for r in self.results if r.record.skip_reason is None]

    def summary(self) -> dict:
        scored = self.scored()

        def figures(results: list[RecordResult]) -> dict:
            exp = sum(len(set(r.record.expected)) for r in results)
            got = sum(len(set(r.got)) for r in results)
            tp = sum(len(set(r.got) & set(r.record.expected)) for r in results)
            p = tp / got if got else (1.0 if not exp else 0.0)
            rc = tp / exp if exp else 1.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            right = sum(r.correct for r in results)
            extra = sum(bool(set(r.got) - set(r.record.expected)) for r in results)
            return {"records": len(results), "exactly_right": right,
                    "exactly_right_share": round(right / len(results), 4) if results else 0.0,
                    "expected_events": exp, "got_events": got, "correct_events": tp,
                    "precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4),
                    "records_with_extra_events": extra}

        out = figures(scored)
        out["skipped"] = [{"id": r.record.id, "reason": r.record.skip_reason} for r in self.results if r.record.skip_reason]
        cats: dict[str, list[RecordResult]] = {}
        for r in scored:
            cats.setdefault(r.record.category, []).append(r)
        out["categories"] = {c: figures(rs) for c, rs in sorted(cats.items())}
        out["suite"] = self.suite.path
        out["dictionaries"] = self.dictionaries_name
        out["suite_problems"] = list(self.suite.problems)
        out["dictionary_problems"] = len(self.dictionary_problems)
        out["seconds"] = round(self.seconds, 3)
        return out


def _counted(events) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for e in events:
        s = e.source.code if e.source is not None else ""
        t = e.target.code if e.target is not None else ""
        if _missing(s) or _missing(t) or _missing(e.code or ""):
            continue
        triple = (s, t, e.code)
        if triple not in out:
            out.append(triple)
    return out


def run_suite(suite: Suite, dictionaries, *, score_all: bool = False) -> Report:
    """Code every record of ``suite`` with ``dictionaries`` and compare with the expected events."""
    import time

    from .coding.coder import Coder

    coder = Coder(dictionaries)
    t0 = time.perf_counter()
    results = []
    for rec in suite.records:
        if score_all and rec.skip_reason and rec.sentence is not None:
            rec.skip_reason = None
        if rec.sentence is None:
            results.append(RecordResult(rec, [], False, [], "no parse"))
            continue
        events = coder.code(rec.sentence)
        got = _counted(events)
        expected = [] if rec.error else rec.expected
        correct = set(got) == set(expected)
        results.append(RecordResult(rec, got, correct, events))
    return Report(suite, results, getattr(dictionaries, "name", ""), list(getattr(dictionaries, "problems", [])),
                  time.perf_counter() - t0)


# ---------------------------------------------------------------------------------------------
# Output


def _fmt(triples) -> str:
    return "; ".join(f"{s} {c} {t}" for s, t, c in triples) or "(none)"


def explain_result(r: RecordResult, dictionaries=None) -> list[str]:
    """Why the coder produced what it did: each event's verb, pattern and actors; for a record
    without events, the dictionary verbs found in it."""
    lines = []
    for e in r.events:
        lines.extend("    " + ln for ln in e.explain().splitlines())
    if not r.events and r.record.sentence is not None and dictionaries is not None:
        verbs = []
        for w in r.record.sentence.words:
            key = dictionaries.verb_forms.get(w.lower) if getattr(dictionaries, "verb_forms", None) else None
            key = key or w.lemma_lower
            entry = dictionaries.verbs.get(key) if w.upos in ("VERB", "AUX", "ADJ") else dictionaries.nouns.get(key)
            if entry is not None:
                verbs.append(f"'{w.text}' ({entry.lemma} [{entry.code or '---'}], {entry.origin})")
        lines.append("    no event; dictionary verbs in the sentence: " + (", ".join(verbs) or "none"))
    return lines


def format_report(report: Report, *, dictionaries=None, explain_ids: set[str] | None = None, show_passing: bool = False) -> str:
    out: list[str] = []
    explain_ids = explain_ids or set()
    for r in report.results:
        rec = r.record
        if rec.skip_reason and rec.id not in explain_ids:
            continue
        if r.correct and not show_passing and rec.id not in explain_ids:
            continue
        status = "SKIP" if rec.skip_reason else ("ok" if r.correct else "FAIL")
        out.append(f"{status} {rec.id} [{rec.category}] {rec.date.isoformat() if rec.date else 'no date'}"
                   f"  ({report.suite.path}:{rec.line})" + (f"  skipped: {rec.skip_reason}" if rec.skip_reason else ""))
        out.append(f"  text:     {rec.text}")
        if rec.error:
            out.append(f"  expected: rejected ({rec.error})")
        else:
            out.append(f"  expected: {_fmt(rec.expected)}")
        out.append(f"  got:      {_fmt(r.got)}")
        out.append("  why:")
        out.extend(explain_result(r, dictionaries))
        out.append("")
    s = report.summary()
    out.append(f"Validation of {report.suite.path} with {report.dictionaries_name or 'the dictionaries'}")
    out.append(f"  records scored: {s['records']} (skipped: {len(s['skipped'])}), exactly right: {s['exactly_right']} "
               f"({100 * s['exactly_right_share']:.1f}%)")
    out.append(f"  events: expected {s['expected_events']}, got {s['got_events']}, correct {s['correct_events']}; "
               f"precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}; "
               f"records with extra events: {s['records_with_extra_events']}")
    out.append(f"  {'category':<12} {'records':>7} {'right':>6} {'share':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for c, f in s["categories"].items():
        out.append(f"  {c:<12} {f['records']:>7} {f['exactly_right']:>6} {100 * f['exactly_right_share']:>5.1f}% "
                   f"{f['precision']:>6.3f} {f['recall']:>6.3f} {f['f1']:>6.3f}")
    if s["skipped"]:
        out.append("  skipped: " + ", ".join(f"{k['id']} ({k['reason']})" for k in s["skipped"]))
    if report.suite.problems:
        out.append(f"  could not read ({len(report.suite.problems)}):")
        out.extend("    " + p for p in report.suite.problems)
    if report.dictionary_problems:
        out.append(f"  dictionary lines skipped ({len(report.dictionary_problems)}):")
        out.extend("    " + p for p in report.dictionary_problems[:50])
        if len(report.dictionary_problems) > 50:
            out.append(f"    ... and {len(report.dictionary_problems) - 50} more")
    out.append(f"  coded in {s['seconds']:.2f} s")
    # the headline once more as the last line, where a reader (or `tail`) looks first
    out.append(f"exactly right: {s['exactly_right']}/{s['records']} ({100 * s['exactly_right_share']:.1f}%), "
               f"event P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    return "\n".join(out)


def report_json(report: Report) -> dict:
    records = []
    for r in report.results:
        rec = r.record
        item = {"id": rec.id, "category": rec.category,
                "expected": [list(t) for t in ([] if rec.error else rec.expected)],
                "got": [list(t) for t in r.got], "correct": r.correct}
        if rec.error:
            item["error"] = rec.error
        if rec.skip_reason:
            item["skipped"] = rec.skip_reason
        records.append(item)
    return {"summary": report.summary(), "records": records}


# ---------------------------------------------------------------------------------------------
# Dictionaries for a suite


def dictionaries_for_suite(suite: Suite, petrarch_dir: str | Path | None, *, verbs=None, actors=None, agents=None,
                           discards=None):
    """The classic set named by the suite's ``<Environment>`` from ``petrarch_dir`` (options override
    the names), or the project's own dictionaries when ``petrarch_dir`` is None."""
    if petrarch_dir is None:
        from .dictionaries import load_dictionaries
        return load_dictionaries()
    from .dictionaries.petrarch import load_petrarch_dictionaries

    env = suite.environment
    directory = Path(petrarch_dir)

    def names(option, key):
        if option is not None:
            return option
        value = env.get(key)
        if value:
            return [v for v in re.split(r"[,\s]+", value) if v]
        return None  # Phoenix default

    ontology = "PETR.Internal.Coding.Ontology.txt"
    return load_petrarch_dictionaries(
        directory, verbs=names(verbs, "verbfile"), actors=names(actors, "actorfile"), agents=names(agents, "agentfile"),
        discards=names(discards, "discardfile"), issues=[] if env else None,
        ontology=[ontology] if (directory / ontology).is_file() else [])
