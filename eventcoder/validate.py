"""Run a PETRARCH validation suite (``<Validation>`` XML with CoNLL-U parses) through the coder.

The reader copes with the sloppy XML found in the wild: comments holding anything (``#``, ``<``,
tags), ``<Sentence .../>`` self-closed with its children after it, stray text between elements,
unescaped ``&``.  Whatever cannot be read is listed in :attr:`Suite.problems` with its line.

Semantics, following PETRARCH's validation runs:

* a record's expected events are its ``<EventCoding sourcecode targetcode eventcode>``;
  ``noevents="True"`` expects none; ``error="..."`` expects the record to be rejected (right
  when the coder produces no event);
* events without a source or a target (empty or ``---``) do not count, on either side;
* a record is exactly right when its set of (source, target, code) triples equals the expected set;
* records with ``sentence="false"`` (marked "not implemented" by the suite's authors) and records
  whose ``source`` category is not in the ``<Include>`` list are skipped: listed, not scored.
  ``--all`` scores them too;
* the category of a record, for the per-category figures, is its id prefix (``DEMO_02`` -> DEMO).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .io.conllu import parse_conllu_lines
from .errors import EventcoderError, InputError
from .model import Sentence

# ---------------------------------------------------------------------------------------------
# Reading the suite


@dataclass
class Record:
    id: str
    category: str  # id prefix
    group: str  # the 'source' attribute (what <Include> selects)
    date: dt.date | None
    text: str
    sentence: Sentence | None
    expected: list[tuple[str, str, str]]
    error: str | None = None
    noevents: bool = False
    enabled: bool = True  # sentence="true"
    line: int = 0
    skip_reason: str | None = None


@dataclass
class Suite:
    path: str
    environment: dict[str, str] = field(default_factory=dict)
    include: set[str] | None = None
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>/]+))""")


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


def read_suite(path: str | Path) -> Suite:
    """Read a validation file; never raises for bad content (problems are listed), only for a
    missing or unreadable file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the validation file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    suite = Suite(str(path))

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    clean = re.sub(r"<!--.*?-->", _blank, text, flags=re.S)
    unclosed = clean.find("<!--")
    if unclosed >= 0:
        suite.problems.append(f"{path}:{line_of(unclosed)}: comment never closed ('<!--' without '-->'); the rest of the file is ignored")
        clean = clean[:unclosed]
    clean = re.sub(r"<\?xml[^>]*\?>", _blank, clean)

    env = re.search(r"<Environment\b[^>]*>(.*?)</Environment\s*>", clean, re.S)
    if env:
        for m in re.finditer(r"<(\w+)\b([^>]*?)(?:/>|>(.*?)</\1\s*>)", env.group(1), re.S):
            tag, attrs, body = m.group(1), m.group(2), m.group(3)
            if tag.lower() == "config":
                a = _attrs(attrs)
                if "option" in a:
                    suite.environment["config:" + a["option"]] = a.get("value", "")
                continue
            suite.environment[tag.lower()] = " ".join((body or "").split())
        if suite.environment.get("include"):
            suite.include = {w.upper() for w in suite.environment["include"].split()}
        clean = clean[:env.start()] + _blank(env) + clean[env.end():]

    stop = re.search(r"<Stop\b[^>]*>", clean)
    limit = stop.start() if stop else len(clean)
    if stop:
        suite.problems.append(f"{path}:{line_of(stop.start())}: <Stop> record: the records after it are not read")

    starts = [m for m in re.finditer(r"<Sentence\b([^>]*?)(/?)>", clean) if m.start() < limit]
    seen_ids: Counter = Counter()
    covered: list[tuple[int, int]] = []
    for i, m in enumerate(starts):
        next_start = starts[i + 1].start() if i + 1 < len(starts) else limit
        close = clean.find("</Sentence", m.end(), next_start)
        end = close if close >= 0 else next_start
        close_end = clean.find(">", close) + 1 if close >= 0 else end
        covered.append((m.start(), close_end))
        body = clean[m.end():end]
        lineno = line_of(m.start())
        where = f"{path}:{lineno}"
        attrs = _attrs(m.group(1))
        rid = attrs.get("id") or f"line{lineno}"
        if "id" not in attrs:
            suite.problems.append(f"{where}: <Sentence> without an id; called {rid}")
        seen_ids[rid] += 1
        if seen_ids[rid] > 1:
            suite.problems.append(f"{where}: duplicate record id {rid}; this one is reported as {rid}#{seen_ids[rid]}")
            rid = f"{rid}#{seen_ids[rid]}"
        if close < 0 and not m.group(2):
            suite.problems.append(f"{where}: <Sentence id={rid}> has no </Sentence>; it ends at the next record")
        date = None
        if attrs.get("date"):
            try:
                date = _parse_date(attrs["date"])
            except ValueError:
                suite.problems.append(f"{where}: record {rid}: bad date {attrs['date']!r}; coded without a date")
        else:
            suite.problems.append(f"{where}: record {rid} has no date; coded without a date")
        expected: list[tuple[str, str, str]] = []
        error = None
        noevents = False
        leftovers = body
        for em in re.finditer(r"<EventCoding\b([^>]*?)(/?)>(?:\s*</EventCoding\s*>)?", body):
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
                    suite.problems.append(f"{path}:{line_of(m.end() + em.start())}: record {rid}: <EventCoding> without "
                                          f"sourcecode, targetcode and eventcode: {em.group(0).strip()!r}")
        leftovers = re.sub(r"<EventCoding\b[^>]*?/?>(\s*</EventCoding\s*>)?", _blank, leftovers)
        tm = re.search(r"<Text\b[^>]*>(.*?)</Text\s*>", body, re.S)
        sentence_text = " ".join(html.unescape(tm.group(1)).split()) if tm else ""
        if tm:
            leftovers = leftovers.replace(tm.group(0), _blank(tm))
        else:
            suite.problems.append(f"{where}: record {rid} has no <Text>")
        pm = re.search(r"<Parse\b[^>]*>(.*?)</Parse\s*>", body, re.S)
        sentence = None
        if pm:
            leftovers = leftovers.replace(pm.group(0), _blank(pm))
            parse_line = line_of(m.end() + pm.start(1))
            lines = [""] * (parse_line - 1)  # blank lines keep the file's line numbers in messages
            for ln in html.unescape(pm.group(1)).split("\n"):
                if ln.strip() and "\t" not in ln and len(ln.split()) == 10:
                    ln = "\t".join(ln.split())  # columns separated by spaces instead of tabs
                lines.append(ln.strip("\r"))
            try:
                parsed = list(parse_conllu_lines(lines, str(path), default_doc=rid, default_date=date))
            except InputError as exc:
                suite.problems.append(f"{where}: record {rid}: unreadable <Parse>: {exc}")
                parsed = []
            if len(parsed) > 1:
                suite.problems.append(f"{where}: record {rid}: <Parse> holds {len(parsed)} sentences; the first is used")
            if parsed:
                sentence = parsed[0]
                sentence.text = sentence_text or sentence.text
                sentence.doc_id = rid
                sentence.doc_date = date
        else:
            suite.problems.append(f"{where}: record {rid} has no <Parse>; it cannot be coded")
        stray = re.sub(r"<[^>]*>", " ", leftovers).strip()
        if stray:
            suite.problems.append(f"{where}: record {rid}: stray text ignored: {' '.join(stray.split())[:60]!r}")
        rec = Record(rid, category_of(rid), attrs.get("source", "").upper(), date, sentence_text, sentence, expected,
                     error, noevents, attrs.get("sentence", "true").strip().lower() != "false", lineno)
        if not rec.enabled:
            rec.skip_reason = 'sentence="false"'
        elif suite.include is not None and rec.group not in suite.include:
            rec.skip_reason = f"category {rec.group or '(none)'} not in <Include>"
        if sentence is None and rec.skip_reason is None:
            rec.skip_reason = "no readable parse"
        suite.records.append(rec)
    # stray text outside the records
    rest = list(clean[:limit])
    for a, b in covered:
        rest[a:b] = " " * (b - a)
    outside = "".join(rest)
    outside = re.sub(r"</?(Validation|Sentences|Environment|Stop)\b[^>]*>", _blank, outside)
    for sm in re.finditer(r"[^\s<>][^<>]*", re.sub(r"<[^>]*>", _blank, outside)):
        snippet = " ".join(sm.group(0).split())
        if snippet:
            suite.problems.append(f"{path}:{line_of(sm.start())}: stray text outside the records ignored: {snippet[:60]!r}")
    if not suite.records:
        suite.problems.append(f"{path}: no <Sentence> records found")
    return suite


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
        from .dictionaries.model import load_dictionaries
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


# ---------------------------------------------------------------------------------------------
# Command line


def cmd_validate(args) -> int:
    suite = read_suite(args.suite)
    d = dictionaries_for_suite(suite, args.petrarch_dictionaries, verbs=args.verbs, actors=args.actors,
                               agents=args.agents, discards=args.discards)
    report = run_suite(suite, d, score_all=args.all)
    explain_ids = set(args.explain or [])
    unknown = explain_ids - {r.record.id for r in report.results}
    if unknown:
        raise EventcoderError(f"{args.suite}: no record with id {', '.join(sorted(unknown))} (ids are the 'id' attributes of <Sentence>)")
    if args.json:
        data = report_json(report)
        if explain_ids:
            data["explain"] = {r.record.id: explain_result(r, d) for r in report.results if r.record.id in explain_ids}
        json.dump(data, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        if explain_ids:
            results = [r for r in report.results if r.record.id in explain_ids]
            text = format_report(Report(suite, results, report.dictionaries_name, report.dictionary_problems, report.seconds),
                                 dictionaries=d, explain_ids=explain_ids)
            print("\n".join(text.split("\nValidation of ")[0:1]))
        else:
            print(format_report(report, dictionaries=d, show_passing=args.verbose))
    return 0 if suite.records else 1  # nothing could be read: the summary says why


def add_command(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="run a PETRARCH validation suite (XML with CoNLL-U parses) and score the coder",
        description="Code every <Sentence> of a PETRARCH validation file and compare with its <EventCoding> "
                    "elements. Prints each failing record (text, expected, got, why) and a summary: records "
                    "exactly right, event precision, recall and F1, per category (the id prefix).",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  eventcoder validate ../shared/peers/petrarch/validation/unit-dev.ud.xml \\\n"
               "      --petrarch-dictionaries ../shared/peers/petrarch/dictionaries\n"
               "  eventcoder validate SUITE.xml --petrarch-dictionaries DIR --json > report.json\n"
               "  eventcoder validate SUITE.xml --petrarch-dictionaries DIR --explain DEMO_02\n")
    p.add_argument("suite", metavar="SUITE.xml", help="validation file")
    p.add_argument("--petrarch-dictionaries", metavar="DIR",
                   help="code with the classic dictionaries in DIR named by the suite's <Environment> "
                        "(default: the project's own dictionaries)")
    p.add_argument("--verbs", metavar="FILE", help="verb file in DIR instead of the <Verbfile>")
    p.add_argument("--actors", metavar="FILE", help="actor file(s) in DIR, comma-separated, instead of the <Actorfile>")
    p.add_argument("--agents", metavar="FILE", help="agent file in DIR instead of the <Agentfile>")
    p.add_argument("--discards", metavar="FILE", help="discard file in DIR instead of the <Discardfile>")
    p.add_argument("--json", action="store_true", help='print one JSON object {"summary": ..., "records": [...]}')
    p.add_argument("--explain", metavar="ID", action="append", help="show why the coder coded record ID as it did (repeatable)")
    p.add_argument("--all", action="store_true", help='also score records with sentence="false" or outside <Include>')
    p.add_argument("-v", "--verbose", action="store_true", help="also print the records coded right")
    p.set_defaults(func=cmd_validate)
