"""What coding, dating and placing one sentence share, computed once per sentence.

An :class:`Analysis` is made by the coder for each sentence it reads and travels with every event
of that sentence: the dictionary mentions found in it (actors and agents by word), the parts the
pattern pre-filter needs, and the date expressions that :mod:`eventcoder.enrich.dates` finds the
first time one of its events is dated (so two events of a sentence scan it once), with the date
each event word resolves to (the news filters and the output rows ask for it).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Sentence, Word
from .patterns import all_forms
from .phrases import Mention, Part, token_parts_both


@dataclass
class Analysis:
    sentence: Sentence
    #: the story date (dated actor codes are chosen for it)
    date: dt.date | None = None
    #: the named actor, and the agent (role), each word belongs to
    actor_at: dict[int, Mention] = field(default_factory=dict)
    agent_at: dict[int, Mention] = field(default_factory=dict)
    #: the date expressions of the sentence, found on first use by eventcoder.enrich.dates
    dates: list | None = None
    #: the sentence is read as part of a story (eventcoder.coding.story), not on its own
    in_story: bool = False
    #: the country of the story, for roles named without one (eventcoder.coding.story)
    story_country: str | None = None
    #: the actor and agent mentions have been looked up
    mentioned: bool = False
    #: words of proper names of people the dictionaries do not know ("Guan Jingquan"), by the story
    person_names: set[int] = field(default_factory=set)
    #: words the story reads as people (a surname or a pronoun standing for a person named before)
    people: set[int] = field(default_factory=set)
    #: the two actors a pair phrase stands for ("the two countries"), by its head word, from the story
    pairs: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    #: the authors (code, text) of documents the story named before ("the IAEA report"), by the
    #: document's word, for a later bare mention ("the report urged ...")
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the countries of roles named with one earlier in the story, by the role's word
    role_countries: dict[str, str] = field(default_factory=dict)
    #: the story's dateline (place, country) and where "here" is, by the story
    dateline: tuple[str, str | None] | None = None
    here: str | None = None
    #: the country of the first town the story names (where "the area", "the city" is), by the story
    story_place: str | None = None
    #: the actors of the sentence's noun phrases, by the head word and the reading asked for
    #: (eventcoder.coding.actors), once nothing the reading depends on can change: None (nothing
    #: kept) until :meth:`keep_actors` says so
    phrase_actors: dict | None = field(default=None, repr=False)
    #: the words whose phrase (their subtree) holds a word an actor can be read from, once the
    #: actors are kept (:meth:`eventcoder.coding.actors.Actors.names_no_one`); None until asked
    naming_words: set[int] | None = field(default=None, repr=False)
    #: the dates resolved for event words, by word (eventcoder.enrich.dates.EventDate)
    _event_dates: dict = field(default_factory=dict, repr=False)
    _surface: list[Part] | None = field(default=None, repr=False)
    _lemmas: list[Part] | None = field(default=None, repr=False)
    _starts: tuple[list, list] | None = field(default=None, repr=False)
    _parts: set[str] | None = field(default=None, repr=False)
    _candidates: dict = field(default_factory=dict, repr=False)

    @property
    def parts(self) -> set[str]:
        """Every word part and lemma part of the sentence (a pattern needing another word cannot
        match)."""
        if self._parts is None:
            self._parts = set().union(*[all_forms(x.text, x.lemma_lower) for x in self.sentence.words])
        return self._parts

    def candidates(self, verb) -> list:
        """The patterns of the compiled verb ``verb`` that can match in this sentence
        (:meth:`eventcoder.coding.patterns.CompiledVerb.candidates` of :attr:`parts`), found once
        per verb."""
        found = self._candidates.get(verb)
        if found is None:
            found = self._candidates[verb] = verb.candidates(self.parts)
        return found

    def actor_mentions(self) -> list[Mention]:
        """Each actor mention once (a mention of several words is under each of its words in
        ``actor_at``)."""
        return list({id(m): m for m in self.actor_at.values()}.values())

    def event_date(self, anchor: Word):
        """The date of the event on ``anchor``: a phrase the word governs, else the story date
        (:func:`eventcoder.enrich.dates.resolve_event_date`); the sentence's date phrases are found
        once, and each word's date resolved once."""
        found = self._event_dates.get(anchor.id)
        if found is None:
            from ..enrich.dates import find_date_expressions, resolve_event_date

            if self.dates is None:
                self.dates = find_date_expressions(self.sentence)
            found = self._event_dates[anchor.id] = resolve_event_date(self.sentence, anchor, self.sentence.doc_date,
                                                                     self.dates)
        return found

    def keep_actors(self) -> None:
        """From now on the mentions and story readings of the sentence are final (the story wrote
        its readings: :meth:`eventcoder.coding.story.Story.prepare`): an actor phrase read once is
        kept for the coder and the story to share (``phrase_actors``)."""
        if self.phrase_actors is None:
            self.phrase_actors = {}

    def token_parts(self, lemmas: bool) -> list[Part]:
        """The sentence's tokens as phrase parts, by surface form or by lemma (computed once)."""
        if self._surface is None:
            self._surface, self._lemmas, *starts = token_parts_both(self.sentence)
            self._starts = tuple(starts)  # type: ignore[assignment]
        return self._lemmas if lemmas else self._surface  # type: ignore[return-value]

    def token_starts(self, lemmas: bool) -> list[str | None]:
        """:func:`eventcoder.coding.phrases.starts` of :meth:`token_parts` (computed with them)."""
        self.token_parts(lemmas)
        return self._starts[1 if lemmas else 0]  # type: ignore[index]
