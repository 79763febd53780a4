"""The coder's in-memory dictionaries: what every dictionary format is loaded into.

Every dictionary source (the project's files, read by :mod:`eventcoder.dictionaries.project`, or
the classic TABARI/PETRARCH files read by :mod:`eventcoder.dictionaries.petrarch`) ends up as one
:class:`Dictionaries` object: actor entries with dated codes, agent entries with role codes,
verb and noun entries with their patterns, discard phrases, the lexicon of word classes the
rules ask about, and the CAMEO ontology.  The coder (:mod:`eventcoder.coding`) knows nothing
about any file format.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .lexicon import Lexicon
from .ontology import Ontology

# ---------------------------------------------------------------------------------------------
# Normalisation shared by dictionary phrases and sentence tokens


def fold(text: str) -> str:
    """Lower-case, accents removed, curly quotes straightened: the form names are matched in."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_SPLIT = re.compile(r"[\s_\-\u2013\u2014]+")


def phrase_parts(text: str) -> tuple[str, ...]:
    """A phrase as the sequence of parts it is matched by: words split at spaces, ``_`` and hyphens."""
    return tuple(p for p in _SPLIT.split(fold(text)) if p)


# ---------------------------------------------------------------------------------------------
# Data model


@dataclass(frozen=True)
class DatedCode:
    """A code that applies between ``start`` and ``end`` (inclusive; None is open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def applies(self, day: dt.date | None) -> bool:
        if not self.dated:
            return True
        if day is None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class ActorEntry:
    """A named actor: every phrase in ``names`` codes as ``codes`` (by date)."""

    name: str
    names: list[tuple[str, ...]]
    codes: list[DatedCode]
    kind: str = "actor"  # actor | person | country | adjective | capital (story readings: alias | pronoun)
    origin: str = ""  # file:line
    #: names written in capitals ("US", "WHO"): they match only a token written in capitals
    cased: frozenset = frozenset()

    def code_on(self, day: dt.date | None) -> str | None:
        """The code for a story of ``day``: the first dated code that applies, else the first undated one."""
        for c in self.codes:
            if c.dated and c.applies(day):
                return c.code
        for c in self.codes:
            if not c.dated:
                return c.code
        return None


@dataclass
class AgentEntry:
    """A role word or phrase (matched on lemmas) and its role code (``GOV``, ``MIL`` ...)."""

    name: str
    names: list[tuple[str, ...]]
    code: str
    origin: str = ""
    prefix: bool = False  # code goes before the actor's country code instead of after it


@dataclass(frozen=True)
class Term:
    """One condition of a verb pattern (see dictionaries/README.md).

    ``kind``: ``object`` (in the verb's object phrase), ``prep`` (a prepositional phrase with
    ``prep``), ``xcomp`` (an open clausal complement), ``pre`` (an auxiliary, adverb or
    particle of the verb, or the verb governing it); from classic PETRARCH dictionaries also
    ``particle`` (a word of a multi-word verb: a dependent of the verb or a word beside it) and
    ``any`` (the first actor phrase after the verb).  ``alternatives`` are word sequences, any of
    which may match; empty means any phrase.  ``target``: this phrase is the event's target;
    ``source``: it is the event's source.
    """

    kind: str
    alternatives: tuple[tuple[str, ...], ...] = ()
    prep: str | None = None
    target: bool = False
    source: bool = False

    @cached_property
    def index(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The alternatives by their first part (a synset of thousands is looked up, not scanned)."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for alt in self.alternatives:
            if alt:
                out.setdefault(alt[0], []).append(alt)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def first_parts(self) -> frozenset[str]:
        """The first parts of the alternatives (a synset's term is shared by many patterns: read once)."""
        return frozenset(self.index)

    @cached_property
    def longest(self) -> int:
        """The number of parts of the longest alternative (1 when there is none)."""
        return max((len(a) for a in self.alternatives), default=1)


@dataclass
class Pattern:
    code: str | None  # None: no event ("[---]")
    terms: tuple[Term, ...] = ()
    text: str = ""
    origin: str = ""
    paired_code: str | None = None  # "[042:043]": a second event with source and target swapped
    #: PETRARCH '%': the coordinated actors of the subject act on each other ("X and Y agreed")
    compound: bool = False

    @property
    def specificity(self) -> int:
        return sum(max(1, t.longest) for t in self.terms)


@dataclass
class VerbEntry:
    """An event verb or event noun, keyed by lemma, with its default code and patterns."""

    lemma: str
    code: str | None
    patterns: list[Pattern] = field(default_factory=list)
    pos: str = "verb"  # verb | noun | adj (a predicate adjective: "Russia is unhappy with Turkey")
    origin: str = ""
    #: PETRARCH verb-block name (``--- SAY [010] ---``), used by transformations
    block: str = ""
    #: the default event's swapped twin (``LEFT [040:040]``)
    paired_code: str | None = None


@dataclass
class IssueEntry:
    """A PETRARCH issue phrase (``Phoenix.IssueCoding.txt``): the sentence mentions ``code``'s issue.
    ``exclude``: the phrase (``~phrase``) keeps an issue phrase inside it from counting."""

    name: str
    names: list[tuple[str, ...]]
    code: str | None
    category: str = ""
    origin: str = ""
    exclude: bool = False


@dataclass(frozen=True)
class Transformation:
    """A PETRARCH-2 transformation ``~ a (a b ATTACK) SAY = a b 015``: when verb block ``outer``
    governs a clause coded by block ``inner`` (or by a code), the pair is recoded.  The letters
    name actors: ``a`` the outer subject, ``b`` the inner target, ``.`` the inner source being
    absent, ``_`` any."""

    outer: str
    inner: str
    outer_source: str
    inner_source: str
    inner_target: str
    source: str
    target: str
    code: str
    text: str = ""
    origin: str = ""


@dataclass
class Dictionaries:
    """Everything the coder matches against, from whatever source it was loaded."""

    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    verbs: dict[str, VerbEntry] = field(default_factory=dict)
    nouns: dict[str, VerbEntry] = field(default_factory=dict)
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    discards: list[tuple[str, ...]] = field(default_factory=list)
    story_discards: list[tuple[str, ...]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file:line: what is wrong" for skipped lines
    fingerprint: str = ""
    name: str = "eventcoder"
    #: codes whose first three letters are a country (so ``source_country`` can be filled)
    country_codes: set[str] = field(default_factory=set)
    #: role codes an agent can add (GOV, MIL, ...)
    agent_codes: set[str] = field(default_factory=set)
    #: surface word form -> key in ``verbs`` (classic dictionaries list the forms of each verb;
    #: empty for the project's own dictionaries, whose verbs are matched by lemma only)
    verb_forms: dict[str, str] = field(default_factory=dict)
    #: issue phrases (PETRARCH ``IssueCoding``)
    issues: list[IssueEntry] = field(default_factory=list)
    #: PETRARCH-2 transformations of embedded verbs
    transformations: list[Transformation] = field(default_factory=list)
    #: PETRARCH-2 internal coding ontology: CAMEO code -> internal value
    internal_codes: dict[str, int] = field(default_factory=dict)
    #: put before an agent code when its phrase names no country ("---" in PETRARCH: "---GOV")
    unknown_country: str = ""
    #: the word classes the coder's rules ask about (``lexicon.txt``)
    lexicon: Lexicon | None = None
    #: the CAMEO codes, their classes and weights (``cameo.txt``)
    ontology: Ontology | None = None

    def __repr__(self) -> str:
        return (f"<Dictionaries {self.name}: {len(self.actors)} actors, {len(self.agents)} agents, "
                f"{len(self.verbs)} verbs, {len(self.nouns)} nouns, {len(self.synsets)} synsets, "
                f"{len(self.discards) + len(self.story_discards)} discards, {len(self.problems)} problems, "
                f"fingerprint {self.fingerprint}>")
