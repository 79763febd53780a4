"""Measure coded events against hand-coded stories (``eventcoder evaluate GOLD.jsonl EVENTS``).

A gold file has one story a line::

    {"id": "...", "date": "1997-04-15",
     "events": [{"sentence": 3, "quote": "...", "source": "RUS", "target": "IGOWSTNAT",
                 "code": "112", "optional": false}],
     "monadic": [{"sentence": 5, "quote": "...", "source": "TZACOP", "target": "", "code": "173"}]}

Scoring is per story: gold and coded events are multisets of (source key, target key, code key)
and are matched greedily.  At the main level the keys are the first three letters of each actor
code (the country, or ``IGO``/``NGO``/``---``) and the CAMEO root (the first two digits); with
``fine`` the full codes.  Optional gold events absorb a coded event without counting either way.
Precision = matched / (coded - absorbed); recall = matched / required.  One-sided events (an
empty source or target) are left out unless ``monadic`` is set, on both sides.  Only the gold
stories are scored; coded events of other documents are ignored.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

Key = tuple[str, str, str]


def event_key(source: str | None, target: str | None, code: str | None, fine: bool = False) -> Key:
    s, t, c = (source or "").strip(), (target or "").strip(), (code or "").strip()
    return (s, t, c) if fine else (s[:3], t[:3], c[:2])


@dataclass
class GoldEvent:
    sentence: int | None
    quote: str
    source: str
    target: str
    code: str
    optional: bool = False
    monadic: bool = False


@dataclass
class GoldStory:
    id: str
    events: list[GoldEvent]
    origin: str = ""


def read_gold(path: str | Path) -> list[GoldStory]:
    """Stories of a gold file; a malformed line is an error naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    stories = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not a JSON object ({exc.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), (str, int)):
            raise InputError(f"{where}: a gold story is a JSON object with an 'id'")
        sid = str(rec["id"])
        if sid in seen:
            raise InputError(f"{where}: story {sid!r} given twice")
        seen.add(sid)
        events = []
        for kind, monadic in (("events", False), ("monadic", True)):
            items = rec.get(kind) or []
            if not isinstance(items, list):
                raise InputError(f"{where}: '{kind}' must be a list")
            for n, e in enumerate(items, 1):
                if not isinstance(e, dict) or not isinstance(e.get("code"), str):
                    raise InputError(f"{where}: {kind}[{n}] needs a 'code' string")
                sentence = e.get("sentence")
                events.append(GoldEvent(sentence if isinstance(sentence, int) else None, str(e.get("quote") or ""),
                                        str(e.get("source") or ""), str(e.get("target") or ""), e["code"],
                                        bool(e.get("optional", False)), monadic))
        stories.append(GoldStory(sid, events, where))
    if not stories:
        raise InputError(f"{path}: no gold story in the file")
    return stories


@dataclass
class CodedEvent:
    doc_id: str
    sentence_id: int
    sentence: str
    source: str
    target: str
    code: str


def read_coded(paths) -> dict[str, list[CodedEvent]]:
    """The coded events of event tables (files or dataset directories), by document."""
    from .io.events import read_events

    table = read_events(paths, columns=["doc_id", "sentence_id", "sentence", "source_code", "target_code",
                                        "event_code"])
    out: dict[str, list[CodedEvent]] = {}
    for r in table.to_pylist():
        out.setdefault(str(r["doc_id"]), []).append(
            CodedEvent(str(r["doc_id"]), r["sentence_id"] or 0, r["sentence"] or "", r["source_code"] or "",
                       r["target_code"] or "", r["event_code"] or ""))
    return out


@dataclass
class StoryScore:
    id: str
    matched: int
    missed: list[GoldEvent]
    extra: list[CodedEvent]
    absorbed: int


@dataclass
class Evaluation:
    level: str
    monadic: bool
    stories: list[StoryScore] = field(default_factory=list)
    one_sided: int = 0  # coded events with an empty side in the whole run (left out unless monadic)
    coded_dyadic: int = 0  # coded events with both sides in the whole run
    sentences: int | None = None  # sentences coded, from the run summary when known

    @property
    def matched(self) -> int:
        return sum(s.matched for s in self.stories)

    @property
    def missed(self) -> int:
        return sum(len(s.missed) for s in self.stories)

    @property
    def extra(self) -> int:
        return sum(len(s.extra) for s in self.stories)

    @property
    def absorbed(self) -> int:
        return sum(s.absorbed for s in self.stories)

    @property
    def precision(self) -> float:
        d = self.matched + self.extra
        return self.matched / d if d else 0.0

    @property
    def recall(self) -> float:
        d = self.matched + self.missed
        return self.matched / d if d else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict:
        out = {"level": self.level, "monadic": self.monadic, "stories": len(self.stories),
               "gold_required": self.matched + self.missed, "coded": self.matched + self.extra + self.absorbed,
               "matched": self.matched, "absorbed_by_optional": self.absorbed, "extra": self.extra,
               "missed": self.missed, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
               "f1": round(self.f1, 3), "one_sided_coded": self.one_sided}
        if self.sentences:
            out["sentences"] = self.sentences
            out["events_per_100_sentences"] = round(100 * self.coded_dyadic / self.sentences, 1)
            out["one_sided_per_100_sentences"] = round(100 * self.one_sided / self.sentences, 1)
        return out


def evaluate(gold: list[GoldStory], coded: dict[str, list[CodedEvent]], *, fine: bool = False,
             monadic: bool = False, sentences: int | None = None) -> Evaluation:
    """Score ``coded`` events against ``gold`` stories (see the module docstring)."""
    ev = Evaluation("fine" if fine else "country+root", monadic, sentences=sentences)
    for events in coded.values():  # the rates are of the whole run
        for c in events:
            if c.source and c.target:
                ev.coded_dyadic += 1
            else:
                ev.one_sided += 1
    for story in gold:
        required: Counter[Key] = Counter()
        optional: Counter[Key] = Counter()
        by_key: dict[Key, list[GoldEvent]] = {}
        for e in story.events:
            if e.monadic and not monadic:
                continue
            k = event_key(e.source, e.target, e.code, fine)
            (optional if e.optional else required)[k] += 1
            if not e.optional:
                by_key.setdefault(k, []).append(e)
        got: Counter[Key] = Counter()
        coded_by_key: dict[Key, list[CodedEvent]] = {}
        for c in coded.get(story.id, []):
            if not (c.source and c.target) and not monadic:
                continue
            k = event_key(c.source, c.target, c.code, fine)
            got[k] += 1
            coded_by_key.setdefault(k, []).append(c)
        matched = required & got
        rest = got - matched
        absorbed = rest & optional
        extra_keys = rest - absorbed
        missed_keys = required - matched
        missed = [e for k, n in missed_keys.items() for e in by_key[k][-n:]]
        extra = [c for k, n in extra_keys.items() for c in coded_by_key[k][-n:]]
        ev.stories.append(StoryScore(story.id, sum(matched.values()), missed, extra, sum(absorbed.values())))
    return ev


def run_sentences(events_path: str | Path) -> int | None:
    """The number of sentences coded, from the run summary beside an event table, when present."""
    p = Path(events_path)
    summary = p.with_name(p.stem + ".summary.json") if p.suffix == ".parquet" else p.with_name(p.name + ".summary.json")
    try:
        return int(json.loads(summary.read_text(encoding="utf-8"))["sentences"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def evaluate_files(gold_path: str | Path, events_path: str | Path, *, fine: bool = False,
                   monadic: bool = False) -> Evaluation:
    return evaluate(read_gold(gold_path), read_coded(events_path), fine=fine, monadic=monadic,
                    sentences=run_sentences(events_path))


def format_evaluation(ev: Evaluation, diff: bool = False, worst: int = 8) -> str:
    s = ev.summary()
    lines = [f"{s['stories']} stories, level {s['level']}{' (one-sided events included)' if ev.monadic else ''}: "
             f"precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}",
             f"  gold required {s['gold_required']}, coded {s['coded']}, matched {s['matched']}, "
             f"absorbed by optional {s['absorbed_by_optional']}, extra {s['extra']}, missed {s['missed']}"]
    if "sentences" in s:
        lines.append(f"  {s['sentences']} sentences: {s['events_per_100_sentences']} events and "
                     f"{s['one_sided_per_100_sentences']} one-sided events per 100 sentences")
    elif ev.one_sided:
        lines.append(f"  one-sided events coded: {ev.one_sided}")
    if diff:
        for st in ev.stories:
            if not st.missed and not st.extra:
                continue
            lines.append(f"\n== {st.id}: matched {st.matched}, missed {len(st.missed)}, extra {len(st.extra)}")
            for e in sorted(st.missed, key=lambda e: e.sentence or 0):
                lines.append(f"  missed  #{e.sentence} {e.source or '-'} {e.code} {e.target or '-'}   {e.quote[:160]}")
            for c in sorted(st.extra, key=lambda c: c.sentence_id):
                lines.append(f"  extra   #{c.sentence_id} {c.source or '-'} {c.code} {c.target or '-'}   {c.sentence[:160]}")
    else:
        ranked = sorted(ev.stories, key=lambda st: -(len(st.missed) + len(st.extra)))[:worst]
        ranked = [st for st in ranked if st.missed or st.extra]
        if ranked:
            lines.append("  most errors: " + ", ".join(f"{st.id} ({len(st.missed)} missed, {len(st.extra)} extra)"
                                                        for st in ranked))
    return "\n".join(lines)
