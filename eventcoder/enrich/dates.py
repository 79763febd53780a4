"""Event dates: when did the event happen, by what the sentence says.

News copy dates events relative to the story ("on Tuesday", "yesterday", "last month") or
absolutely ("September 27", "27 September 2020", "in 2019").  This module finds such phrases in
a parsed :class:`~eventcoder.model.Sentence`, keeps the ones the event's word governs in the
dependency graph, and resolves them against the story date by news convention.  When nothing in
the sentence dates the event, the story date does.

Three stages, each a small pure function:

1. :func:`find_date_expressions` -- a lexical scan (month and weekday names, ``yesterday``,
   ``last``/``next`` + ``week``/``month``/``year``, years, ISO dates, ``N days ago``, and words
   that stanza's NER tagged ``DATE``) groups neighbouring date words into phrases.  A cheap
   prefilter runs first: a sentence without a date-like word costs one set lookup and never
   reaches the date library.
2. :func:`resolve_event_date` -- keeps the phrases whose syntactic governor is the event's word
   (through ``obl``, ``obl:tmod``/``obl:unmarked``, ``nmod:tmod``, ``advmod``, ``nmod`` ...), never
   a phrase in another clause (a relative clause, a ``ccomp`` with its own verb) nor one that
   modifies a noun ("a 2015 agreement", "the September 27 conflict").
3. :func:`resolve_phrase` -- turns a phrase into a date: absolute formats are parsed by
   ``dateparser``; the news conventions (a weekday is the most recent such day on or before the
   story date, a date without a year is the most recent one not after it, ...) are applied here.

The rules are documented in the README section "Event dates".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Sentence, Word, relation

__all__ = [
    "EventDate",
    "DateExpression",
    "resolve_event_date",
    "find_date_expressions",
    "resolve_phrase",
    "story_date_only",
]

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class EventDate:
    """When an event happened: the ``event_date``/``date_precision``/``date_source``/``date_text``
    columns of the event table."""

    date: dt.date | None
    precision: str  # 'day' | 'month' | 'year'
    source: str  # 'text' (a phrase of the sentence) | 'story' (the story date)
    text: str | None  # the phrase that dated the event; None when the story date did


@dataclass(frozen=True)
class DateExpression:
    """A date phrase found in a sentence: its word ids (1-based, contiguous) and surface text."""

    ids: tuple[int, ...]
    text: str

    @property
    def start(self) -> int:
        return self.ids[0]

    @property
    def end(self) -> int:
        return self.ids[-1]


def story_date_only(story_date: dt.date | None) -> EventDate:
    """The fallback: the story date, day precision, no phrase."""
    return EventDate(_as_date(story_date), "day", "story", None)


def _as_date(value) -> dt.date | None:
    """A story date as a plain date (datetimes and pandas Timestamps lose their time)."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime) or hasattr(value, "date"):
        return value.date()
    return value


# --------------------------------------------------------------------------------------------
# Lexicon (data, not code): word -> class and value
# --------------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: abbreviations and words with another reading ("may", "march") count as months only next to a
#: number, after "in"/"since"/"last"..., before "last/next/this year", or inside a DATE entity
_WEAK_MONTHS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "may", "march"})
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_DEICTIC = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
#: calendar units: week/month/year need a modifier (``last week``); parts of a day attach to a day
_UNITS = frozenset({"week", "weekend", "month", "year", "morning", "afternoon", "evening", "night",
                    "day", "days", "weeks", "months", "years"})  # fmt: skip
_PAST_MODS = frozenset({"last", "past", "previous"})
_FUTURE_MODS = frozenset({"next", "coming"})
_THIS_MODS = frozenset({"this", "earlier", "later"})
_EDGE_MODS = frozenset({"early", "late", "mid", "end"})  # "early March", "late on Tuesday"
_MODS = _PAST_MODS | _FUTURE_MODS | _THIS_MODS | _EDGE_MODS
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "several": 3, "few": 3}  # fmt: skip
#: a phrase introduced by one of these does not say when the event happened ("since 2015")
_NON_DATING_PREPOSITIONS = frozenset({
    "since", "until", "till", "til", "before", "after", "by", "from", "to", "through", "throughout",
    "for", "within", "ahead", "prior", "between", "around", "than", "as",
})  # fmt: skip
#: words of a future-time construction: "is to meet", "agreed to meet", "will meet"
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would"})  # "said he would meet ... on Friday"
_FUTURE_GOVERNORS = frozenset({
    "be", "go", "plan", "expect", "schedule", "due", "set", "intend", "agree", "decide", "promise",
    "pledge", "vow", "threaten", "prepare", "aim", "hope", "want", "seek",
})  # fmt: skip
#: relations through which a date phrase can modify the event's word (``obl:tmod``, ``obl:unmarked``,
#: ``nmod:tmod`` ... by their base; ``xcomp``/``advcl`` for parses of "earlier this month")
_DATING_RELATIONS = frozenset({"obl", "advmod", "nmod", "xcomp", "dep", "npadvmod", "tmod", "advcl"})
#: a weekday or "last month" the parser took for an object or subject still dates the verb
_RELATIVE_ONLY_RELATIONS = frozenset({"obj", "iobj", "nsubj"})
_CLAUSE_LINKS_UP = frozenset({"xcomp", "conj"})  # an event word shares the date of its governor
#: a clause introduced by these is at the time of the phrase it hangs on ("since 1974, when Turkey
#: intervened", "was arrested on Monday when police raided ...")
_SAME_TIME_MARKS = frozenset({"when"})
_NOMINAL_CHAIN = frozenset({"nmod", "appos", "flat", "compound", "conj", "advmod"})
_ARGUMENT_RELATIONS = frozenset({"obj", "obl", "iobj", "nsubj", "advmod"})

_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUM_RE = re.compile(r"^(\d{1,4})(?:st|nd|rd|th)?$")
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
_EDGE_PREFIX_RE = re.compile(r"^(mid|early|late)-(.+)$")

#: the prefilter: a sentence with none of these words and no year-like number has no date
#: phrase (NER tags aside), and costs one set test
_PREFILTER_WORDS = frozenset(set(_MONTHS) | set(_WEEKDAYS) | set(_DEICTIC) | _UNITS | {"weekends", "ago"})
_LETTERS_RE = re.compile(r"[a-z]+")
_YEARISH_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _may_have_dates(text: str) -> bool:
    return not _PREFILTER_WORDS.isdisjoint(_LETTERS_RE.findall(text.lower())) or bool(_YEARISH_RE.search(text))


# --------------------------------------------------------------------------------------------
# Stage 1: finding date phrases
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    """One word as the date lexicon sees it."""

    cls: str | None  # MONTH WEEKDAY DEICTIC UNIT MOD NUM ISO AGO CONN NER or None
    norm: str  # lower-cased, without a trailing period, possessive or mid-/early-/late- prefix
    value: int = 0
    edge: str | None = None  # "mid" for "mid-March"
    possessive: bool = False


@lru_cache(maxsize=65536)
def _token(text: str, upos: str | None = None, ner: str = "O") -> _Tok:
    raw = text
    possessive = False
    if _POSSESSIVE_RE.search(raw) and len(raw) > 2 and raw[0].isalpha():
        stripped = _POSSESSIVE_RE.sub("", raw)
        if stripped.lower() in _WEEKDAYS or stripped.lower() in _DEICTIC:
            raw, possessive = stripped, True
    low = raw.lower()
    edge = None
    m = _EDGE_PREFIX_RE.match(low)
    if m:
        edge, low = m.group(1), m.group(2)
        raw = raw[len(edge) + 1 :]
    norm = low[:-1] if low.endswith(".") and len(low) > 1 else low
    is_date_ner = ner[2:] == "DATE" if len(ner) > 2 else False
    if norm in _MONTHS and raw[:1].isupper() and upos not in ("AUX", "VERB"):
        return _Tok("MONTH", norm, _MONTHS[norm], edge, possessive)
    if norm in _WEEKDAYS and raw[:1].isupper():
        return _Tok("WEEKDAY", norm, _WEEKDAYS[norm], edge, possessive)
    if norm in _DEICTIC:
        return _Tok("DEICTIC", norm, _DEICTIC[norm], edge, possessive)
    if norm in _UNITS:
        return _Tok("UNIT", norm, 0, edge)
    if norm in _MODS:
        return _Tok("MOD", norm)
    if norm == "ago":
        return _Tok("AGO", norm)
    if norm in _NUMBER_WORDS:
        return _Tok("NUM", norm, _NUMBER_WORDS[norm], edge)
    if _ISO_RE.match(norm):
        return _Tok("ISO", norm, 0, edge)
    m = _NUM_RE.match(norm)
    if m:
        return _Tok("NUM", norm, int(m.group(1)), edge)
    if norm in (",", "of", "the", "on", "-") or low == ".":
        return _Tok("CONN", norm)
    if is_date_ner:
        return _Tok("NER", norm)
    return _Tok(None, norm)


def _is_year(tok: _Tok) -> bool:
    return tok.cls == "NUM" and len(tok.norm) == 4 and 1500 <= tok.value <= 2100


def _is_day(tok: _Tok) -> bool:
    return tok.cls == "NUM" and tok.norm[:1].isdigit() and 1 <= tok.value <= 31 and len(tok.norm) <= 4


def _valid_span(toks: list[_Tok], before: list[str | None], ner: list[bool]) -> tuple[int, int] | None:
    """Trim a run of date-class tokens to a phrase, or None when it is not one.

    ``before[k]`` is the lower-cased word before ``toks[k]`` and ``ner[k]`` whether stanza tagged it
    DATE.  Returns (first, last) offsets into ``toks``.
    """
    lo, hi = 0, len(toks) - 1
    has_month = any(t.cls == "MONTH" for t in toks)

    def keep_num(i: int) -> bool:
        t = toks[i]
        if _is_year(t):
            return True
        if has_month and _is_day(t):
            return True
        # "two days ago": a count before a unit before "ago"
        return i + 2 <= hi and toks[i + 1].cls == "UNIT" and toks[i + 2].cls == "AGO"

    changed = True
    while changed and lo <= hi:
        changed = False
        first, last = toks[lo], toks[hi]
        if first.cls == "CONN" or (first.cls == "NUM" and not keep_num(lo)):
            lo += 1
            changed = True
        elif last.cls in ("CONN", "MOD") or (last.cls == "NUM" and not keep_num(hi)):
            hi -= 1
            changed = True
    if lo > hi:
        return None
    core = toks[lo : hi + 1]
    cls = {t.cls for t in core}
    mods = {t.norm for t in core if t.cls == "MOD"}
    if cls & {"MONTH", "WEEKDAY", "DEICTIC", "ISO"}:
        return lo, hi
    if "AGO" in cls and "UNIT" in cls:
        return lo, hi
    units = {t.norm for t in core if t.cls == "UNIT"}
    if "weekend" in units:
        return lo, hi
    if units and mods & (_PAST_MODS | _FUTURE_MODS | {"this"}) and units <= _MODIFIED_UNITS:
        return lo, hi
    if any(_is_year(t) for t in core) and cls <= {"NUM", "MOD", "NER", "CONN"}:
        # a year alone dates only after "in"/"during" ("in 2019"), or when NER says DATE
        if before[lo] in ("in", "during") or mods & _EDGE_MODS or any(ner[lo : hi + 1]):
            return lo, hi
    return None


_MODIFIED_UNITS = frozenset({"week", "month", "year", "morning", "afternoon", "evening", "night"})
#: words before a weak month name that make it a month: "in May", "since March"
_MONTH_CONTEXT = frozenset({"in", "since", "until", "last", "next", "early", "late", "mid", "of", "by", "during", "this"})


def find_date_expressions(sentence: Sentence) -> list[DateExpression]:
    """Date phrases of ``sentence`` in sentence order (empty when the prefilter finds nothing).
    The coder's per-sentence analysis keeps them, so the events of a sentence scan it once."""
    return _scan(sentence)


def _has_date_ner(sentence: Sentence) -> bool:
    return any(w.ner.endswith("DATE") for w in sentence.words if w.ner != "O")


def _scan(sentence: Sentence) -> list[DateExpression]:
    words = sentence.words
    text = sentence.text or " ".join(w.text for w in words)
    if not _may_have_dates(text) and not _has_date_ner(sentence):
        return []
    toks = [_token(w.text, w.upos, w.ner) for w in words]
    ner = [w.ner.endswith("DATE") for w in words]
    lower = [w.text.lower() for w in words]
    # weak month words ("May", "Mar.", "March") count only next to a number, after "in"/"since"...,
    # or when tagged DATE
    for i, t in enumerate(toks):
        if t.cls == "MONTH" and t.norm in _WEAK_MONTHS and not ner[i] and not t.edge:
            after = i + 2 if i + 1 < len(toks) and toks[i + 1].norm == "." else i + 1  # "Sept . 27"
            near = [toks[j] for j in (i - 1, after) if 0 <= j < len(toks)]
            context = lower[i - 2] if i > 1 and lower[i - 1] == "-" else lower[i - 1] if i > 0 else None
            following = lower[i + 1] if i + 1 < len(lower) else None
            if not any(x.cls == "NUM" for x in near) and context not in _MONTH_CONTEXT and following not in (
                "last", "next", "this",  # "May last year"
            ):
                toks[i] = _Tok(None, t.norm)
    out: list[DateExpression] = []
    i, n = 0, len(toks)
    while i < n:
        if toks[i].cls in (None, "CONN"):
            i += 1
            continue
        j = i
        while j + 1 < n:
            nxt = toks[j + 1]
            if nxt.cls == "CONN":
                if j + 2 < n and _joins(toks[j], nxt, toks[j + 2], toks[j + 3] if j + 3 < n else None):
                    j += 2
                    continue
                break
            if not _continues(nxt, toks[j + 2] if j + 2 < n else None):
                break
            j += 1
        before = [lower[k - 1] if k > 0 else None for k in range(i, j + 1)]
        span = _valid_span(toks[i : j + 1], before, ner[i : j + 1])
        if span is not None:
            lo, hi = i + span[0], i + span[1]
            ids = tuple(range(lo + 1, hi + 2))
            out.append(DateExpression(ids, _span_text(sentence, ids)))
        i = j + 1
    return out


def _continues(tok: _Tok, following: _Tok | None) -> bool:
    """Can ``tok`` continue a date phrase?  Number words only as the count of "two days ago"."""
    if tok.cls is None or tok.cls == "CONN":
        return False
    if tok.cls == "NUM" and not tok.norm[:1].isdigit():
        return following is not None and following.cls == "UNIT"
    return True


def _joins(prev: _Tok, conn: _Tok, nxt: _Tok, after: _Tok | None) -> bool:
    """Does connector ``conn`` join ``prev`` and ``nxt`` into one phrase?  "Tuesday, October 6",
    "October 6, 2020", "27th of September", "spring of 2019", "late on Tuesday", "Sept . 27"."""
    if not _continues(nxt, after):
        return False
    if conn.norm == ",":
        return nxt.cls in ("MONTH", "WEEKDAY") or _is_year(nxt) or (
            _is_day(nxt) and after is not None and after.cls == "MONTH"
        )
    if conn.norm == "of":
        return nxt.cls == "MONTH" or _is_year(nxt)
    if conn.norm == "on":
        return prev.norm in ("late", "early")
    if conn.norm == ".":
        return prev.cls == "MONTH"
    if conn.norm == "-":
        return prev.cls == "MOD" and prev.norm in _EDGE_MODS
    return False


def _span_text(sentence: Sentence, ids: tuple[int, ...]) -> str:
    parts: list[str] = []
    for k in ids:
        w = sentence.word(k)
        if w.text in (",", ".") and parts:
            parts[-1] += w.text
        else:
            parts.append(w.text)
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# Stage 2: which phrase dates this event?
# --------------------------------------------------------------------------------------------


def resolve_event_date(sentence: Sentence, anchor: Word, story_date: dt.date | None,
                       expressions: list[DateExpression] | None = None) -> EventDate:
    """The date of the event whose verb (or event noun) is ``anchor``.

    A date phrase counts when ``anchor`` governs it (or, when ``anchor`` has none of its own, the
    verb it is an ``xcomp``/``conj`` of); otherwise the story date, with precision ``day``.
    ``expressions``: the sentence's date phrases when already found (:func:`find_date_expressions`).
    """
    story_date = _as_date(story_date)
    if expressions is None:
        expressions = find_date_expressions(sentence)
    if expressions:
        found = _dating_expressions(sentence, anchor, expressions)
        best: tuple[tuple[int, int], EventDate] | None = None
        for governor, expr in found:
            direction = _direction(sentence, anchor)
            if direction == "past" and governor is not anchor:
                direction = _direction(sentence, governor)
            resolved = _resolve_expression(sentence, expr, story_date, direction)
            if resolved is None:
                continue
            rank = (PRECISIONS.index(resolved.precision), abs(expr.start - anchor.id))
            if best is None or rank < best[0]:
                best = (rank, resolved)
        if best is not None:
            return best[1]
    return story_date_only(story_date)


def _dating_expressions(
    sentence: Sentence, anchor: Word, expressions: list[DateExpression]
) -> list[tuple[Word, DateExpression]]:
    """The phrases that date ``anchor``'s event, each with the word that governs it."""
    current: Word | None = anchor
    for _ in range(4):
        if current is None:
            break
        hits = [(current, e) for e in expressions if _governs(sentence, current, e)]
        if hits:
            return hits
        rel = relation(sentence, current).partition(":")[0]
        when = rel in ("advcl", "acl") and any(c.lower in _SAME_TIME_MARKS and relation(sentence, c) in ("advmod", "mark")
                                              for c in sentence.children(current))
        if rel not in _CLAUSE_LINKS_UP and not when:
            break
        if not when and any(relation(sentence, c).partition(":")[0] in ("nsubj", "csubj") for c in sentence.children(current)):
            break  # a conjoined clause with its own subject is another event's clause
        head = sentence.head_of(current)
        if head is None or head.upos not in ("VERB", "AUX", "NOUN", "ADJ", "PROPN"):
            break
        current = head
    return []


def _depth(sentence: Sentence, word: Word) -> int:
    d, w = 0, word
    while w.head > 0 and d <= len(sentence.words):
        w = sentence.word(w.head)
        d += 1
    return d


def _preposition(sentence: Sentence, expr: DateExpression) -> str | None:
    """The preposition introducing the phrase ("on", "since"), if any.

    A case marker counts only when nothing but determiners stands between it and the phrase: in
    "rose to the 119 yen level Friday" a parser may hang "to" on "Friday", but "to" is not its.
    """
    ids = set(expr.ids)
    for k in expr.ids:
        for c in sentence.children(k):
            if c.id < expr.start and relation(sentence, c) in ("case", "mark") and c.id not in ids:
                between = sentence.words[c.id : expr.start - 1]
                if all(w.upos == "DET" for w in between):
                    return c.lower
    if expr.start > 1:
        prev = sentence.word(expr.start - 1)
        if prev.upos == "ADP" or prev.lower in _NON_DATING_PREPOSITIONS or prev.lower in ("on", "in", "during", "at", "over"):
            return prev.lower
    return None


def _is_relative(expr: DateExpression, sentence: Sentence) -> bool:
    """Phrases that in news practically always date a verb: weekdays, yesterday, last week."""
    toks = [_token(sentence.word(k).text) for k in expr.ids]
    classes = {t.cls for t in toks}
    return bool(classes & {"WEEKDAY", "DEICTIC", "AGO"}) or (
        "UNIT" in classes and "MONTH" not in classes and not any(_is_year(t) for t in toks)
    )


def _governs(sentence: Sentence, anchor: Word, expr: DateExpression) -> bool:
    ids = set(expr.ids)
    links = [w for w in (sentence.word(k) for k in expr.ids) if w.head not in ids and w.head > 0]
    if not links:
        return False
    link = min(links, key=lambda w: (_depth(sentence, w), w.id))
    parsed_governor = sentence.word(link.head)
    governor = _clause_of(sentence, expr, parsed_governor)
    base = relation(sentence, link).partition(":")[0] if governor is parsed_governor else "obl"
    prep = _preposition(sentence, expr)
    if prep in _NON_DATING_PREPOSITIONS:
        return False
    words = [sentence.word(k) for k in expr.ids]
    last = words[-1]
    possessive = _token(last.text).possessive or (
        expr.end < len(sentence.words) and sentence.word(expr.end + 1).lower in ("'s", "’s")
    )
    if governor.id == anchor.id and anchor.upos in ("NOUN", "PROPN"):
        # an event noun governs its own date modifiers: "Tuesday's attack", "the September 27
        # offensive", "a 2015 agreement", "the talks on Monday"
        return base not in ("acl", "advcl", "ccomp", "conj", "parataxis")
    if possessive:
        return False  # "Tuesday's attack killed five": dates the attack, not the killing
    if governor.id > expr.end and governor.upos not in ("VERB", "AUX"):
        between = sentence.words[expr.end : governor.id - 1]
        if not any(w.upos == "PUNCT" for w in between):
            return False  # a modifier of the noun after it: "the September 27 conflict", "a 2015 deal"
    relative = _is_relative(expr, sentence)
    if governor.id == anchor.id:
        if base not in _DATING_RELATIONS | _RELATIVE_ONLY_RELATIONS:
            return False
        if base in _RELATIVE_ONLY_RELATIONS:
            return relative  # "marked September 11" is a thing, not a time; "Thursday" is a time
        return True
    # Repair a common parse error: "accused X on Tuesday of ..." with "on Tuesday" attached to
    # X (or to a noun inside X) instead of the verb.  Only for phrases after that noun that are
    # weekday/relative phrases or "on <date>", and only through a chain of nominal (or "here")
    # modifiers that ends in an argument of the event's word: never through another verb.
    if anchor.upos not in ("VERB", "AUX") or governor.id > expr.start or base not in ("nmod", "obl"):
        return False
    # "killed by police in November": a month or year after "in" may hang on a direct argument
    month_or_year = prep in ("in", "during") and not relative and governor.head == anchor.id
    if not (relative and prep in (None, "on")) and prep != "on" and not month_or_year:
        return False
    current = governor
    for _ in range(6):
        if current.upos in ("VERB", "AUX"):
            return False
        rel_up = relation(sentence, current).partition(":")[0]
        if current.head == anchor.id:
            return rel_up in _ARGUMENT_RELATIONS
        if rel_up not in _NOMINAL_CHAIN or current.head == 0:
            return False
        current = sentence.word(current.head)
    return False


def _clause_of(sentence: Sentence, expr: DateExpression, governor: Word) -> Word:
    """Undo two common parse errors that hang a date on a verb *after* it, across the verb that
    comes right before it:

    - "the conflict that broke out on September 27 is attracting militants": the date belongs to
      the relative (adverbial, complement) clause's verb before it;
    - "Kwan said here Saturday she is improving": the date belongs to "said", whose complement
      clause the later verb heads;
    - "a spokesman said Wednesday airlines have the right ...": a weekday right after a verb,
      taken for a modifier of the noun after it, belongs to that verb.
    """
    if governor.id < expr.end:
        return governor
    if governor.upos not in ("VERB", "AUX"):
        before = sentence.word(expr.start - 1) if expr.start > 1 else None
        if before is not None and before.upos == "VERB" and _is_relative(expr, sentence):
            return before
        return governor
    k = expr.start - 1
    while k >= 1 and (
        sentence.word(k).upos in ("ADP", "DET", "PART")
        or relation(sentence, sentence.word(k)) == "compound:prt"
        or sentence.word(k).lower in ("here", "there")
    ):
        k -= 1
    if k < 1:
        return governor
    verb = sentence.word(k)
    if verb.upos != "VERB" or verb.id == governor.id:
        return governor
    if relation(sentence, verb).partition(":")[0] in _SUBORDINATE or _heads_clause_of(sentence, verb, governor):
        return verb
    return governor


def _heads_clause_of(sentence: Sentence, verb: Word, word: Word) -> bool:
    """True when ``word`` is in a clause that ``verb`` governs (ccomp, advcl, parataxis ...)."""
    current = word
    for _ in range(4):
        if current.head == 0 or relation(sentence, current).partition(":")[0] not in _SUBORDINATE | {"parataxis"}:
            return False
        if current.head == verb.id:
            return True
        current = sentence.word(current.head)
    return False


_SUBORDINATE = frozenset({"acl", "advcl", "ccomp", "xcomp", "csubj"})


def _direction(sentence: Sentence, word: Word) -> str:
    """Which way a weekday or a year-less date of ``word``'s clause points from the story date.

    ``future`` for "will meet", "would meet", "is to meet", "agreed to meet"; ``nearest`` for a
    present-tense verb ("talks begin on Monday", "leases expire in May": news uses the present for
    scheduled events; weekdays then count forward, dates and months go to the nearer side);
    ``past`` otherwise (past tense, perfect, or no tense to go by).
    """
    children = sentence.children(word)
    auxes = [c for c in children if relation(sentence, c).startswith("aux") or relation(sentence, c) == "cop"]
    for c in auxes:
        if c.lemma_lower in _FUTURE_AUX or c.lower in _FUTURE_AUX:
            return "future"
        if c.lower == "going":
            return "future"
    if any(c.lower == "to" and relation(sentence, c) == "mark" for c in children):
        if any(c.lemma_lower == "be" for c in auxes):
            return "future"  # "is to meet"
        head = sentence.head_of(word)
        if head is not None and relation(sentence, word) == "xcomp" and head.lemma_lower in _FUTURE_GOVERNORS:
            return "future"
    if any(c.lemma_lower == "have" or c.feat("Tense") == "Past" for c in auxes):
        return "past"
    if word.feat("VerbForm") == "Inf" and any(c.lower == "to" for c in children):
        return "nearest"  # "his term, to start on Dec. 1": an infinitive looks ahead of its clause
    if word.feat("Tense") == "Past" or word.xpos in ("VBD",):
        return "past"
    finite_present = word.feat("VerbForm") == "Fin" and word.feat("Tense") == "Pres"
    if finite_present or word.xpos in ("VBZ", "VBP") or any(c.feat("Tense") == "Pres" or c.xpos in ("VBZ", "VBP")
                                                            for c in auxes):
        return "nearest"
    return "past"


# --------------------------------------------------------------------------------------------
# Stage 3: from a phrase to a date
# --------------------------------------------------------------------------------------------


def _resolve_expression(
    sentence: Sentence, expr: DateExpression, story_date: dt.date | None, direction: str
) -> EventDate | None:
    words = [sentence.word(k) for k in expr.ids]
    key = tuple(w.text for w in words)
    ner = tuple(w.ner for w in words)
    hit = _resolve_tokens(key, ner, story_date, direction)
    if hit is None:
        return None
    return EventDate(hit[0], hit[1], "text", _clean_text(expr.text))


def _clean_text(text: str) -> str:
    text = text.strip(" ,")
    last = text.rsplit(" ", 1)[-1].lower()
    if last.endswith(".") and last[:-1] not in _MONTHS:
        text = text[:-1]  # a sentence's full stop, not an abbreviation's
    for lead in ("the ", "on "):
        if text.lower().startswith(lead):
            text = text[len(lead) :]
    return text


_PHRASE_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|(?:mid|early|late)-\w+|[\w’']+\.?|[^\w\s]")


def resolve_phrase(text: str, story_date: dt.date | None, direction: str = "past") -> EventDate | None:
    """Resolve a date phrase on its own ("last Tuesday", "Sept. 27", "in March") against a story
    date; None when it is not a date phrase or cannot be resolved without a story date.

    ``direction`` reads weekdays and year-less dates backwards (``past``, the default: "met on
    Friday"), forwards (``future``: "will meet on Friday") or to the nearer side (``nearest``: "meet
    on Friday", present tense).
    """
    story_date = _as_date(story_date)
    words = _PHRASE_TOKEN_RE.findall(text)
    if not words:
        return None
    sentence = Sentence("phrase", 1, " ".join(words), [
        Word(i + 1, w, w, "PROPN" if w[:1].isupper() else "X") for i, w in enumerate(words)
    ])  # fmt: skip
    for expr in _scan(sentence):
        resolved = _resolve_expression(sentence, expr, story_date, direction)
        if resolved is not None:
            return resolved
    return None


@lru_cache(maxsize=8192)
def _resolve_tokens(
    texts: tuple[str, ...], ner: tuple[str, ...], story_date: dt.date | None, direction: str
) -> tuple[dt.date, str] | None:
    """(date, precision) for a phrase's words; cached per (phrase, story date, direction)."""
    toks = [_token(t, None, n) for t, n in zip(texts, ner)]
    cls = [t.cls for t in toks]
    mods = {t.norm for t in toks if t.cls == "MOD"}
    units = [t.norm for t in toks if t.cls == "UNIT"]
    # explicit modifiers outrank the verb's tense: "will meet" + "last week" is still last week
    if mods & _FUTURE_MODS:
        direction = "future"
    elif mods & _PAST_MODS:
        direction = "past"
    future = direction == "future"
    strictly = bool(mods & _PAST_MODS) or bool(mods & _FUTURE_MODS)
    d = story_date

    # absolute dates: ISO, or a month name (with a day and/or year), or a year
    if "ISO" in cls or "MONTH" in cls or (any(_is_year(t) for t in toks) and not units):
        return _resolve_absolute(toks, d, direction, strictly)

    if "AGO" in cls and d is not None:
        count = next((t.value for t in toks if t.cls == "NUM"), 1)
        unit = next((u for u in units), "day").rstrip("s")
        if unit == "day":
            return d - dt.timedelta(days=count), "day"
        if unit == "week":
            return d - dt.timedelta(days=7 * count), "month"
        if unit == "month":
            y, m = _add_months(d.year, d.month, -count)
            return dt.date(y, m, 1), "month"
        if unit == "year":
            return dt.date(d.year - count, 1, 1), "year"
        return None

    if d is None:
        return None
    weekday = next((t.value for t in toks if t.cls == "WEEKDAY"), None)
    if weekday is not None:
        if "week" in units and mods & (_PAST_MODS | _FUTURE_MODS):
            # "on Tuesday last week": that weekday of the previous (next) Monday-Sunday week
            monday = d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=7 if future else -7)
            return monday + dt.timedelta(days=weekday), "day"
        return _weekday(d, weekday, direction, strictly), "day"
    deictic = next((t.value for t in toks if t.cls == "DEICTIC"), None)
    if deictic is not None:
        return d + dt.timedelta(days=deictic), "day"
    if not units:
        return None
    unit = units[-1]
    past = bool(mods & _PAST_MODS)
    if unit in ("morning", "afternoon", "evening", "night"):
        if "this" in mods:
            return d, "day"  # "this morning"
        if past and unit == "night":
            return d - dt.timedelta(days=1), "day"
        return None
    if unit == "weekend":
        saturday = d - dt.timedelta(days=(d.weekday() - 5) % 7)  # most recent Saturday (or today)
        if future:
            saturday = d + dt.timedelta(days=(5 - d.weekday()) % 7)
            if "next" in mods and saturday == d:
                saturday += dt.timedelta(days=7)
        elif past and d.weekday() in (5, 6):
            saturday -= dt.timedelta(days=7)  # "last weekend" on a weekend: the one before
        return saturday, "month"
    this = bool(mods & _THIS_MODS) and not past
    if unit == "week":
        monday = d - dt.timedelta(days=d.weekday())
        if this:  # "this week", "earlier this week": the middle of the days before (after) the story date
            if future and "earlier" not in mods:
                return d + dt.timedelta(days=(6 - d.weekday() + 1) // 2), "month"
            return monday + dt.timedelta(days=d.weekday() // 2), "month"
        if future:
            return monday + dt.timedelta(days=7 + 3), "month"
        if past:
            if "past" in mods:
                return d - dt.timedelta(days=4), "month"  # "the past week": the seven days before
            return monday - dt.timedelta(days=7 - 3), "month"  # Thursday of the previous week
        return monday + dt.timedelta(days=d.weekday() // 2), "month"
    if unit == "month":
        step = 0 if this else 1 if future else -1 if past else 0
        y, m = _add_months(d.year, d.month, step)
        return dt.date(y, m, 1), "month"
    if unit == "year":
        step = 0 if this else 1 if future else -1 if past else 0
        return dt.date(d.year + step, 1, 1), "year"
    return None


def _resolve_absolute(
    toks: list[_Tok], d: dt.date | None, direction: str, strictly: bool
) -> tuple[dt.date, str] | None:
    """Dates with a month name, a year or ISO form: parsed by dateparser, then the news convention
    for a missing year (the most recent such date not after the story date; forward for future)."""
    has_year = any(_is_year(t) or t.cls == "ISO" for t in toks)
    has_day = any(t.cls == "ISO" for t in toks) or (
        any(t.cls == "MONTH" for t in toks) and any(_is_day(t) and not _is_year(t) for t in toks)
    )
    # the text dateparser sees: the date words only, without "early"/"last"/"mid-" modifiers
    parts: list[str] = []
    for t in toks:
        if t.cls in ("MONTH", "ISO") or (t.cls == "NUM" and (has_day or _is_year(t))):
            parts.append(t.norm.capitalize() if t.cls == "MONTH" else t.norm)
        elif t.cls == "CONN" and t.norm in (",", "of") and parts:
            parts.append(t.norm)
    while parts and parts[-1] in (",", "of"):
        parts.pop()
    text = " ".join(parts).replace(" ,", ",")
    parsed = _parse_absolute(text) if text else None
    if parsed is None:
        return None
    year, month, day, period = parsed
    if period == "year" or (not has_day and not any(t.cls == "MONTH" for t in toks)):
        return (dt.date(year, 1, 1), "year") if has_year else None
    if not has_day:
        day, period = 1, "month"
    if not has_year:
        if d is None:
            return None
        found = _year_for(d, month, day if period == "day" else None, direction, strictly, _year_shift(toks))
        if found is None:
            return None
        year = found
    try:
        return dt.date(year, month, day if period == "day" else 1), "day" if period == "day" else "month"
    except ValueError:
        return None


def _year_shift(toks: list[_Tok]) -> int | None:
    """-1/0/+1 for "May last year", "March this year", "Jan. 21 next year"; None otherwise."""
    if not any(t.cls == "UNIT" and t.norm == "year" for t in toks):
        return None
    mods = {t.norm for t in toks if t.cls == "MOD"}
    return -1 if mods & _PAST_MODS else 1 if mods & _FUTURE_MODS else 0 if "this" in mods else None


def _year_for(
    d: dt.date, month: int, day: int | None, direction: str, strictly: bool, shift: int | None = None
) -> int | None:
    """The year that puts (month, day) nearest the story date on the chosen side of it."""
    if shift is not None:
        return d.year + shift if _valid(d.year + shift, month, day) else None
    key_story = (d.month, d.day) if day is not None else (d.month,)
    key = (month, day) if day is not None else (month,)
    future = direction == "future"
    if direction == "nearest" and key != key_story:
        back = _year_for(d, month, day, "past", strictly)
        ahead = _year_for(d, month, day, "future", strictly)
        if back is None or ahead is None:
            return back if ahead is None else ahead
        if day is None:
            dist_back = (d.year - back) * 12 + d.month - month
            dist_ahead = (ahead - d.year) * 12 + month - d.month
        else:
            dist_back = (d - dt.date(back, month, day)).days
            dist_ahead = (dt.date(ahead, month, day) - d).days
        return ahead if dist_ahead < dist_back else back
    if future:
        year = d.year if (key > key_story or (key == key_story and not strictly)) else d.year + 1
    else:
        year = d.year if (key < key_story or (key == key_story and not strictly)) else d.year - 1
    step = 1 if future else -1
    for candidate in range(year, year + 9 * step, step):  # February 29 needs a leap year
        try:
            dt.date(candidate, month, day or 1)
            return candidate
        except ValueError:
            continue
    return None


#: dateparser's parser, built when a sentence first needs it
_DATEPARSER: Any = None


def _date_parser():
    global _DATEPARSER
    if _DATEPARSER is None:
        from dateparser.date import DateDataParser  # imported on first use: most sentences never need it

        _DATEPARSER = DateDataParser(
            languages=["en"],
            settings={
                # A fixed leap-year base: the year of a year-less date is chosen by _year_for.
                "RELATIVE_BASE": dt.datetime(2000, 6, 15),
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "DATE_ORDER": "MDY",
                "STRICT_PARSING": False,
            },
        )
    return _DATEPARSER


@lru_cache(maxsize=8192)
def _parse_absolute(text: str) -> tuple[int, int, int, str] | None:
    """(year, month, day, period) of an absolute date text, by dateparser; None if unparseable."""
    data = _date_parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    when = data.date_obj
    return when.year, when.month, when.day, data.period or "day"


def _valid(year: int, month: int, day: int | None) -> bool:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def _weekday(d: dt.date, weekday: int, direction: str, strictly: bool) -> dt.date:
    # a present-tense verb with a weekday is a scheduled event: "the parliament meets on Monday"
    if direction in ("future", "nearest"):
        ahead = (weekday - d.weekday()) % 7
        if ahead == 0 and strictly:
            ahead = 7
        return d + dt.timedelta(days=ahead)
    back = (d.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return d - dt.timedelta(days=back)


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1
