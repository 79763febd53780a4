"""The event coder: source-action-target triples from the UD dependency graph of a sentence.

The engine knows no verb, no actor and no English word: the dictionaries are compiled once into
matchers (actor and agent phrases, discards, the verb index with its patterns), the words its
rules depend on come from the dictionaries' lexicon, code classes from their CAMEO ontology, and
every reading that differs between dictionary dialects is a named rule of
:class:`~eventcoder.coding.rules.ProjectRules` or :class:`~eventcoder.coding.rules.PetrarchRules`,
chosen once: ``Coder(dictionaries)`` picks the rules the set is written for, ``Coder(dictionaries,
rules=PetrarchRules())`` says which.

For every word that is a dictionary verb (or event noun, or predicate adjective) the coder

1. skips it where the rules say it is no event (hyphenated adjectives, actions not done) and
   when it is negated ("did not attack"; classic sets with an internal ontology code the negation);
2. builds its frame (:mod:`.frames`) and lets the rules choose the pattern (:mod:`.patterns`),
   else the verb's default code;
3. finds the sources and targets (rules, :mod:`.actors`) and pairs them into events.

Labels are UD v2 (UD v1 parses are mapped when read, :func:`eventcoder.model.to_v2`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..dictionaries.model import Dictionaries, Pattern, VerbEntry, fold, phrase_parts
from ..model import Sentence, Word
from .actors import ActorRef
from .analysis import Analysis
from .frames import Frame
from .lemmas import lemma_repairs
from .modality import ASSERTED, recode
from .patterns import CompiledVerb
from .phrases import PhraseMatcher
from .rules import PetrarchRules, ProjectRules, Rules, rules_for
from .story import Story

__all__ = ["Coder", "Event", "ActorRef", "Rules", "ProjectRules", "PetrarchRules"]


@dataclass
class Event:
    analysis: Analysis
    anchor: Word  # the verb (or event noun)
    source: ActorRef  # code "" when the event has no named source (a one-sided event)
    target: ActorRef  # code "" when it has no named target
    code: str
    verb: VerbEntry
    pattern: Pattern | None = None
    modality: str = ASSERTED  # asserted | future | conditional (eventcoder.coding.modality)

    @property
    def one_sided(self) -> bool:
        return not (self.source.code and self.target.code)

    @property
    def sentence(self) -> Sentence:
        return self.analysis.sentence

    @property
    def matched_pattern(self) -> str:
        if self.pattern is not None:
            return f"{self.verb.lemma}: {self.pattern.text}"
        return f"{self.verb.lemma} [{self.code}]"

    def explain(self) -> str:
        """Why this event: the verb, the pattern, the actor phrases and the entries behind them."""
        s = self.sentence
        lines = [f"{self.source.code} {self.code} {self.target.code}  (sentence {s.doc_id}#{s.sentence_id})",
                 f"  verb: '{self.anchor.text}' lemma '{self.verb.lemma}' ({self.verb.pos}, {self.verb.origin})"]
        if self.pattern is not None:
            lines.append(f"  pattern: {self.pattern.text} ({self.pattern.origin})")
        else:
            lines.append(f"  pattern: none matched; default code of the verb [{self.code}]")
        for role, ref in (("source", self.source), ("target", self.target)):
            lines.append(f"  {role}: '{ref.text}' -> {ref.code} via {'; '.join(ref.evidence) or 'no entry'}")
        return "\n".join(lines)


#: the tags of words that may have an entry (:meth:`Coder.entry_for`)
_EVENT_UPOS = frozenset({"VERB", "AUX", "ADJ", "NOUN", "PROPN"})
#: kinds of words whose entries a coder keeps (more are forgotten all at once)
_ENTRIES_KEPT = 200_000
_UNKNOWN = object()


@lru_cache(maxsize=100_000)
def _lemma_key(lemma: str) -> str:
    """A lemma as the verb index keys it (parts joined by spaces: "hand-over" -> "hand over")."""
    return " ".join(phrase_parts(lemma)) or lemma


class Coder:
    """Dictionaries compiled for fast matching, and the rules they are read by; :meth:`code` turns
    a sentence into events."""

    def __init__(self, dictionaries: Dictionaries, rules: Rules | None = None, *, one_sided: bool = True,
                 story_context: bool = True):
        from ..dictionaries.lexicon import DEFAULT_LEXICON, read_lexicon
        from ..dictionaries.ontology import load_ontology

        self.dictionaries = dictionaries
        self.rules = rules or rules_for(dictionaries)
        #: write events with one unnamed side (``--dyadic-only`` turns it off, as PETRARCH codes)
        self.one_sided = one_sided and self.rules.one_sided_events
        #: read a story's sentences together (names, pronouns, the story's country: code_story)
        self.story_context = story_context and self.rules.story_context
        self.lex = dictionaries.lexicon or read_lexicon(DEFAULT_LEXICON)
        self.ontology = dictionaries.ontology or load_ontology()
        self.actors = self.rules.actors(dictionaries, self.lex)
        self.actors.place_country = self.place_country
        self._places: Any = None  # the gazetteer's eventcoder.enrich.places.Places, made when first asked
        #: the countries of the place names asked so far (the gazetteer's answer never changes)
        self._place_countries: dict[str, str | None] = {}
        self.actor_names = PhraseMatcher()
        for entry in dictionaries.actors:
            for parts in entry.names:
                self.actor_names.add(parts, entry)
        self.actor_names.compile()
        self.agent_names = PhraseMatcher()
        for agent in dictionaries.agents:
            for parts in agent.names:
                self.agent_names.add(parts, agent)
        self.agent_names.compile()
        self.discards = PhraseMatcher()
        for parts in dictionaries.discards:
            self.discards.add(parts, "sentence")
        for parts in dictionaries.story_discards:
            self.discards.add(parts, "story")
        self.discards.compile()
        # the verb index: every entry compiled once (its patterns on first use)
        bonus = self.rules.governed_bonus
        compiled: dict[int, CompiledVerb] = {}

        def index(table: dict[str, VerbEntry]) -> dict[str, CompiledVerb]:
            out = {}
            for key, entry in table.items():
                cv = compiled.get(id(entry))
                if cv is None:
                    cv = compiled[id(entry)] = CompiledVerb(entry, bonus)
                out[key] = cv
            return out

        self.verbs = index(dictionaries.verbs)
        self.nouns = index(dictionaries.nouns)
        #: first words of multi-word entries ("hand over"): only they look for a particle
        self._particle_heads = {k.split(" ", 1)[0] for table in (self.verbs, self.nouns) for k in table if " " in k}
        #: the phrasal verbs of the dictionaries, "lemma particle" ("hand over")
        self.phrasal_verbs = frozenset(k for k in self.verbs if k.count(" ") == 1)
        #: the entry of each kind of word asked so far (:meth:`entry_for`)
        self._entries: dict[tuple, CompiledVerb | None] = {}
        # the negation of a code in the PETRARCH-2 internal ontology (value minus 0xFFFF)
        self._internal = dictionaries.internal_codes
        self._internal_codes: dict[int, str] = {}
        for c, v in dictionaries.internal_codes.items():
            if c != "---":
                self._internal_codes.setdefault(v, c)

    def __repr__(self) -> str:
        return f"<Coder {self.dictionaries.name} with {self.rules!r}>"

    def place_country(self, name: str) -> str | None:
        """The country of a town or region by the gazetteer (loaded when first asked), or None
        when the name is no place or an ambiguous one."""
        known = self._place_countries.get(name, False)
        if known is not False:
            return known  # type: ignore[return-value]
        if self._places is None:
            from ..enrich.places import Places

            self._places = Places(self.dictionaries)
        place = self._places.resolve(name)
        found = self._place_countries[name] = place.country if place is not None and place.kind != "country" else None
        return found

    # -- a sentence -------------------------------------------------------------------------------

    def discarded(self, sentence: Sentence, a: Analysis | None = None) -> str | None:
        """'sentence' or 'story' when a discard phrase occurs in the sentence, else None."""
        if not self.discards:
            return None
        a = a or Analysis(sentence, sentence.doc_date)
        for lemmas in (False, True):
            found = self.discards.find(a.token_parts(lemmas), a.token_starts(lemmas))
            if found:
                return found[0].entry
        return None

    def mentions(self, a: Analysis) -> None:
        """Find the actors and agents of the sentence (an agent never on a word of an actor)."""
        sentence = a.sentence
        keep = self.rules.keep_actor_mention
        for m in self.actor_names.find(a.token_parts(False), a.token_starts(False)):
            if not keep(self, sentence, m.words, m.entry):
                continue
            for wid in m.words:
                a.actor_at[wid] = m
        for lemmas in (True, False):
            for m in self.agent_names.find(a.token_parts(lemmas), a.token_starts(lemmas)):
                for wid in m.words:
                    if wid not in a.actor_at:
                        a.agent_at.setdefault(wid, m)

    def analyse(self, sentence: Sentence, in_story: bool = True) -> Analysis:
        """A sentence's analysis with its actor and agent mentions, its parse read as a sentence of
        a story is (:meth:`Rules.repaired_in_story`), or (``in_story`` false) as one read on its own."""
        repaired = self.rules.repaired_in_story if in_story else self.rules.repaired
        a = Analysis(repaired(self, sentence), sentence.doc_date)
        self.mentions(a)
        a.mentioned = True
        return a

    def code(self, sentence: Sentence) -> list[Event]:
        """All events in ``sentence``, read on its own."""
        return self.code_analysis(Analysis(self.rules.repaired(self, sentence), sentence.doc_date))

    def code_story(self, sentences: list[Sentence]) -> list[Event]:
        """All events of the sentences of one story, read in order: names given in full earlier,
        pronouns and the story's country complete what a sentence names (:mod:`.story`)."""
        return [e for _, events in self.read_story(sentences) for e in events]

    def read_story(self, sentences: list[Sentence]) -> list[tuple[Analysis, list[Event]]]:
        """Each sentence of one story with its analysis (mentions found, story context added) and
        its events, in order; what reports on a run (diagnostics) reads the analyses instead of
        analysing each sentence again.  Without story context each sentence is read on its own,
        as :meth:`code` reads it."""
        analyses = [self.analyse(s, in_story=self.story_context) for s in sentences]
        if not self.story_context:
            for a in analyses:
                a.keep_actors()  # (its mentions are found: nothing writes to it any more)
            return self._unless_discarded([(a, self.code_analysis(a)) for a in analyses])
        story = Story(self, analyses)
        coded: list[list[Event]] = []
        for i, a in enumerate(analyses, 1):
            story.prepare(a, i)
            a.keep_actors()  # the story wrote its readings: coding and learning share the actors read
            coded.append(self.code_analysis(a))
            story.learn(a, i)
        by_sentence: dict[int, list[Event]] = {id(a): [] for a in analyses}
        for e in self.rules.keep_story_events(self, [e for events in coded for e in events]):
            by_sentence[id(e.analysis)].append(e)
        return self._unless_discarded([(a, by_sentence[id(a)]) for a in analyses])

    def _unless_discarded(self, read: list[tuple[Analysis, list[Event]]]) -> list[tuple[Analysis, list[Event]]]:
        """``read`` with no events at all when a sentence holds a discard phrase of the whole
        story (a '+' line of discards.txt: "wickets" makes the story a cricket report)."""
        if self.discards and any(events for _, events in read) \
                and any(self.discarded(a.sentence, a) == "story" for a, _ in read):
            return [(a, []) for a, _ in read]
        return read

    def code_analysis(self, a: Analysis) -> list[Event]:
        """All events of an analysed sentence (its mentions are looked up when first needed)."""
        sentence = a.sentence
        if not self.verbs and not self.nouns:
            return []
        found = False
        events: list[Event] = []
        for w in sentence.words:
            if w.upos not in _EVENT_UPOS:
                continue  # (entry_for's answer for every other tag: no entry)
            verb = self.entry_for(sentence, w)
            if verb is None:
                continue
            if not found:
                found = True
                if not a.mentioned:
                    self.mentions(a)
                    a.mentioned = True
                if not a.actor_at and not a.pairs and not (a.agent_at and a.story_country):
                    return []
            entry = verb.entry
            if entry.code is None and entry.paired_code is None and not a.candidates(verb):
                continue  # no code of its own and no pattern that can match: no event (the rules
                # choose among the candidates: Rules.choose_pattern)
            if self.rules.skip_event_word(self, sentence, w, verb):
                continue
            negated = self.is_negated(sentence, w)
            if negated and not self._internal:
                continue
            events.extend(self.code_word(a, w, verb, negated))
        if events and self.discarded(sentence, a):  # a discard phrase: the sentence codes nothing
            return []
        if events:
            events = self.rules.keep_events(self, sentence, events)
            # one event per act, dyad and code ("agreed to meet" and its "meet" are one intent)
            first: dict[tuple, Event] = {}
            for e in events:
                first.setdefault(self._event_key(e), e)
            events = list(first.values())
        return events

    @staticmethod
    def _event_key(e: Event) -> tuple:
        """What makes two events of a sentence one: dyad and code; for two actors of one code
        (two people of one government) also who is who."""
        if e.source.code == e.target.code:
            return e.source.code, e.target.code, e.code, e.source.head.id, e.target.head.id
        return e.source.code, e.target.code, e.code

    def is_negated(self, sentence: Sentence, word: Word) -> bool:
        """True when ``word`` carries a negation ("not", "n't", "never": lexicon ``negation``; a
        word marked ``Polarity=Neg``)."""
        negation = self.lex.negation
        for c in sentence.children(word):
            if c.deprel == "advmod" and c.lemma_lower in negation:
                return True
            if c.feat("Polarity") == "Neg" and c.deprel in ("advmod", "det"):
                return True
        return False

    # -- an event word ----------------------------------------------------------------------------

    def entry_for(self, sentence: Sentence, w: Word) -> CompiledVerb | None:
        """The dictionary entry of an event word: a verb by its form (classic sets list forms) or
        lemma, a phrasal verb with its particle, a lemma the lemmatiser got wrong by its repaired
        spellings; a noun by lemma; a predicate adjective where the rules allow it.  The answer
        depends only on the word itself (tag, relation, text, lemma) except for a phrasal verb's
        particle, so it is looked up once per kind of word (:attr:`_entries`)."""
        key = (w.upos, w.xpos, w.deprel, w.text, w.lemma_lower)
        found = self._entries.get(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        found = self._entry_for(sentence, w)
        if _lemma_key(w.lemma_lower) not in self._particle_heads:  # (a particle is the sentence's)
            if len(self._entries) >= _ENTRIES_KEPT:
                self._entries.clear()  # bounded memory on a run of any length
            self._entries[key] = found
        return found

    def _entry_for(self, sentence: Sentence, w: Word) -> CompiledVerb | None:
        """:meth:`entry_for`, looked up."""
        d = self.dictionaries
        if w.upos in ("VERB", "AUX") or (w.upos == "ADJ" and w.xpos == "VBN"):
            table = self.verbs
        elif w.upos in ("NOUN", "PROPN"):
            table = self.nouns
        elif w.upos == "ADJ" and self.rules.predicate_adjectives:
            found = self.nouns.get(w.lemma_lower) or self.nouns.get(w.lower)
            if found is None or found.entry.pos != "adj" or w.deprel in ("amod", "compound"):
                return None
            return found
        else:
            return None
        if not table:
            return None
        if table is self.verbs and d.verb_forms:
            # classic dictionaries list each verb's forms: the surface form decides first ("left"
            # is LEFT [040:040], not LEAVE), then the lemma; this also survives lemmatiser slips
            key = d.verb_forms.get(fold(w.text))
            if key is not None and key in table:
                found = table[key]
                if found.entry.code is not None or found.entry.paired_code is not None:
                    return found
                # an entry made only by a multi-word verb ("+ATTACKED_AND_STABBED") does not hide
                # the verb itself ("attacked" is ATTACK)
                by_lemma = table.get(d.verb_forms.get(w.lemma_lower, w.lemma_lower))
                if by_lemma is not None and by_lemma is not found and by_lemma.entry.code is not None:
                    return by_lemma
                return found
        lemma = _lemma_key(w.lemma_lower)
        if lemma in self._particle_heads:
            for prt in sentence.children(w):
                if prt.deprel == "compound:prt":
                    entry = table.get(f"{lemma} {prt.lemma_lower}")
                    if entry is not None:
                        return entry
        found = table.get(lemma) or table.get(w.lower)  # plural-only nouns: "talks", "hostilities"
        if found is None and table is self.verbs and " " not in lemma:
            for key in lemma_repairs(lemma, w.lower):
                found = table.get(key)
                if found is not None:
                    break
        return found

    def is_event_word(self, sentence: Sentence):
        """A test for words that code an event of their own (a clause PETRARCH does not look into)."""
        def check(w: Word) -> bool:
            verb = self.entry_for(sentence, w)
            return verb is not None and verb.codes_something
        return check

    def negate(self, code: str | None) -> str | None:
        """The code of "not CODE" in the PETRARCH-2 internal ontology (value minus 0xFFFF: "did not
        criticize" is a cooperation, "will not wire-tap" a signed agreement), or None."""
        if code is None:
            return None
        value = self._internal.get(code)
        if value is None:
            return None
        return self._internal_codes.get(value - 0xFFFF)

    def code_word(self, a: Analysis, w: Word, verb: CompiledVerb, negated: bool = False) -> list[Event]:
        """The events of one event word: the pattern's code (or the verb's), recoded for the
        modality of the clause (planned acts are intents, conditional force a threat); both ways
        for a mutual act (a meeting, an agreement); with one side only where the other is not
        named and the act can be one-sided (unless the coder is dyadic only)."""
        rules = self.rules
        frame = rules.frame(self, a.sentence, w, verb)
        pattern, slots = rules.choose_pattern(self, a, frame, verb)
        entry = verb.entry
        act, paired_act = (pattern.code, pattern.paired_code) if pattern else (entry.code, entry.paired_code)
        if negated:
            act, paired_act = self.negate(act), None
        if act is None and paired_act is None:
            return []
        mode = rules.modality(self, a, w)
        if mode != ASSERTED and act is not None and paired_act not in (None, act):
            paired_act = None  # a planned visit is the visitor's intent, not yet the host's act
        code, paired = recode(act, mode, self.ontology), recode(paired_act, mode, self.ontology)
        if code is None and paired is None:
            return []
        slots = dict(slots, act=act or paired_act)
        sources, slots = rules.sources(self, a, frame, slots)
        if not sources and not self.one_sided:
            return []
        targets = [] if pattern is not None and pattern.compound else \
            rules.targets(self, a, frame, slots, act, paired_act, verb, pattern)
        if (not targets or rules.obligation_over_targets) and sources and code is not None and paired is None:
            told = rules.obligation(self, a, frame, code)  # "said Syria should ...": an appeal to Syria
            if told is not None:
                code, targets = told
        pairs = rules.pairs(self, a, frame, sources, targets, verb, pattern, slots) if sources else []
        if not pairs and self.one_sided and (sources or targets) and self.ontology.is_a(code or paired, "one_sided") \
                and not self._named_but_unknown(a, frame, slots, sources, targets):
            nobody = ActorRef("", "", w)
            pairs = [(s, nobody) for s in sources] if sources else [(nobody, t) for t in targets]
        pairs = rules.identified(self, pairs, code or paired)
        code = rules.recode_for_actors(self, code, pairs)
        mutual = rules.mutual(self, a, w, act, mode) or rules.fought_both_ways(self, verb, act, mode)
        events = []
        for s, t in pairs:
            if code is not None:
                events.append(Event(a, w, s, t, code, entry, pattern, mode))
                if mutual and s.code and t.code:
                    events.append(Event(a, w, t, s, code, entry, pattern, mode))
            if paired and not (mutual and paired == code):  # a paired code the same both ways: once
                events.append(Event(a, w, t, s, paired, entry, pattern, mode))
        return events

    @staticmethod
    def _named_but_unknown(a: Analysis, frame: Frame, slots: dict, sources, targets) -> bool:
        """The missing side has a name or a pronoun the dictionaries cannot code ("Kim warned ..."):
        the side is named, only not known, so no one-sided event is written."""
        if sources:
            words = [slots.get("target")] if slots.get("target") is not None else list(frame.objects)
        else:
            words = [slots.get("source") or frame.source]
        return any(w is not None and w.upos in ("PROPN", "PRON") for w in words)

    # -- patterns ---------------------------------------------------------------------------------

    def match(self, a: Analysis, frame: Frame, pattern: Pattern) -> dict | None:
        """The slots a pattern fills in this frame (``source``, ``target``: words), or None."""
        slots: dict = {}
        if pattern.compound and not self.rules.compound_match(self, a, frame):
            return None
        sentence = a.sentence
        for term in pattern.terms:
            if term.kind == "pre" and not term.alternatives:
                # '+' before the verb: the subject is the target (the source comes from a '$' term)
                subject = frame.subject or frame.source
                if subject is None:
                    return None
                slots["target" if term.target else "source"] = subject
                continue
            if term.kind == "any":
                anyone = self.any_actor(a, frame)
                if anyone is None:
                    return None
                slots["target" if term.target else "source"] = anyone
                continue
            hit = self.match_term(sentence, frame, term)
            if hit is None:
                return None
            if term.target and isinstance(hit, Word):
                slots["target"] = hit
            if term.source and isinstance(hit, Word):
                slots["source"] = hit
        return slots

    def match_term(self, sentence: Sentence, frame: Frame, term) -> Word | bool | None:
        matcher = self.rules.terms.get(term.kind)
        return matcher(self, sentence, frame, term) if matcher is not None else None

    def any_actor(self, a: Analysis, frame: Frame) -> Word | None:
        """'$' or '+' after the verb: the first phrase of the predicate that holds an actor."""
        for cand in list(frame.target_candidates) + frame.deep_candidates(a.sentence, self.is_event_word(a.sentence)):
            if self.actors.actors_of(a, cand):
                return cand
        return None
