"""The rules of each dictionary dialect, chosen once when a :class:`~eventcoder.coding.coder.Coder`
is made: :class:`ProjectRules` for the project's own dictionaries, :class:`PetrarchRules` for
classic TABARI/PETRARCH dictionaries (which keep PETRARCH's readings where they differ).

The coder runs the same steps for every event word and asks its rules at each step; every rule is
a named method here, with an example of what it decides, and no rule reads a flag of another
dialect.  Words come from the dictionaries' lexicon (``coder.lex``), code classes from their
CAMEO ontology (``coder.ontology.is_a(code, "force")``).

Steps: which actor mentions count (:meth:`Rules.keep_actor_mention`), which words are event words
(:meth:`Rules.skip_event_word`), the frame of the word (``finite_verbs_active``,
``comma_participles``, ``noun_places``), the pattern (:meth:`Rules.choose_pattern`, terms matched
by the ``terms`` table), the sources (:meth:`Rules.sources`), the targets (:meth:`Rules.targets`),
the pairs (:meth:`Rules.pairs`), and what is kept of a sentence's events (:meth:`Rules.keep_events`).
"""
from __future__ import annotations

from dataclasses import replace

from ..dictionaries.model import fold, phrase_parts
from ..model import Sentence, Word
from .actors import ActorRef, Actors, PetrarchActors, ProjectActors, path_to
from .analysis import Analysis
from .frames import SUBJECTS, Frame, noun_frame, verb_frame
from .modality import ASSERTED, FUTURE, condition_of, modality
from .patterns import GOVERNED, PETRARCH_TERMS, PROJECT_TERMS, CompiledVerb, contains, single
from .repairs import repair


class Rules:
    """What both dialects share; a dialect overrides the steps it reads differently."""

    name = "rules"
    #: how noun phrases become actors (a class of :mod:`eventcoder.coding.actors`)
    actors: type[Actors] = ProjectActors
    #: how each kind of pattern term matches (kind -> matcher of :mod:`eventcoder.coding.patterns`)
    terms = PROJECT_TERMS
    #: a finite verb without a passive auxiliary is active whatever its subject's label
    finite_verbs_active = False
    #: a participle after a comma hung on a prepositional phrase is an adverbial clause
    comma_participles = False
    #: an infinitive clause of a noun of aim is the aim of its verb's subject ("made efforts to ...")
    purpose_clauses = False
    #: an event noun's 'in' phrase is a place, not a target
    noun_places = False
    #: a verb's bare nominal after it, parsed as an oblique, is its object when it has none
    #: ("accused on Thursday a rebel group of ...")
    bare_obliques = False
    #: adjectives in the noun dictionary are events as predicates ("Russia is unhappy with Turkey")
    predicate_adjectives = False
    #: a pattern whose term before '*' matched the governing verb outranks the others
    governed_bonus = False
    #: events with one unnamed side are written (PETRARCH codes only dyads)
    one_sided_events = False
    #: a story's sentences are read together (names, pronouns, the story's country)
    story_context = False

    def modality(self, coder, a: Analysis, w: Word) -> str:
        """Whether the act is asserted, planned, conditional or only possible (:mod:`.modality`)."""
        return ASSERTED

    def mutual(self, coder, a: Analysis, w: Word, act: str | None, mode: str) -> bool:
        """Whether the act is coded both ways (a meeting between two parties)."""
        return False

    #: whether :meth:`obligation` is asked also when the rules found targets (PETRARCH's reading
    #: takes them from inside what was said: "said Syria should ..." has Syria as its target)
    obligation_over_targets = False

    def obligation(self, coder, a: Analysis, frame: Frame, code: str | None):
        """A statement that says an actor should act, as (code, targets); None (not read)."""
        return None

    def fought_both_ways(self, coder, verb: CompiledVerb, act: str | None, mode: str) -> bool:
        """Whether a fight is coded both ways (no: as the dictionaries name the sides)."""
        return False

    def identified(self, coder, pairs: list, code: str | None) -> list:
        """The (source, target) pairs kept (all of them, as the dictionaries name them)."""
        return pairs

    def recode_for_actors(self, coder, code: str | None, pairs: list) -> str | None:
        """The code, given who acts (unchanged)."""
        return code

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def repaired(self, coder, sentence: Sentence) -> Sentence:
        """The sentence as the rules read it (the parse as it is)."""
        return sentence

    def repaired_in_story(self, coder, sentence: Sentence) -> Sentence:
        """A sentence of a story as the rules read it (as :meth:`repaired` by default)."""
        return self.repaired(coder, sentence)

    # -- which words ----------------------------------------------------------------------------

    def keep_actor_mention(self, coder, sentence: Sentence, words: tuple[int, ...], entry) -> bool:
        return True

    def skip_event_word(self, coder, sentence: Sentence, w: Word, verb: CompiledVerb) -> bool:
        return False

    # -- frames and patterns ----------------------------------------------------------------------

    def frame(self, coder, sentence: Sentence, w: Word, verb: CompiledVerb) -> Frame:
        """A noun's frame for an event noun, and for a predicate adjective without a subject
        ("the unhappy Russians"); a verb's frame otherwise."""
        entry = verb.entry
        noun = entry.pos == "noun" or (entry.pos == "adj" and not any(c.deprel in SUBJECTS for c in sentence.children(w)))
        return noun_frame(sentence, w, self, coder.lex) if noun else verb_frame(sentence, w, self, coder.lex)

    def governor(self, coder, sentence: Sentence, verb: Word) -> Word | None:
        """The verb that governs a clause ("refused" for "to release")."""
        raise NotImplementedError

    def choose_pattern(self, coder, a: Analysis, frame: Frame, verb: CompiledVerb):
        """(pattern, slots) of the pattern that decides the event, or (None, {}): one of
        ``a.candidates(verb)`` (a word with no code of its own and no candidate is passed
        over before its frame is built)."""
        raise NotImplementedError

    # -- actors -------------------------------------------------------------------------------------

    def sources(self, coder, a: Analysis, frame: Frame, slots: dict) -> tuple[list[ActorRef], dict]:
        """The event's sources: a pattern's named source, else the frame's."""
        return slots.get("sources") or coder.actors.actors_of(a, slots.get("source") or frame.source), slots

    def targets(self, coder, a: Analysis, frame: Frame, slots: dict, code: str | None, paired: str | None,
                verb: CompiledVerb, pattern) -> list[ActorRef]:
        """The event's targets (``code`` and ``paired``: the codes the event will have)."""
        raise NotImplementedError

    def pairs(self, coder, a: Analysis, frame: Frame, sources: list[ActorRef], targets: list[ActorRef],
              verb: CompiledVerb, pattern, slots: dict) -> list[tuple[ActorRef, ActorRef]]:
        """Every source with every target ('%' patterns: coordinated sources with each other)."""
        if pattern is not None and pattern.compound:
            return self.reciprocal(sources)
        return [(s, t) for s in sources for t in targets if s.code != t.code]

    def reciprocal(self, sources: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
        return [(s, t) for s in sources for t in sources if s.code != t.code]

    def keep_events(self, coder, sentence: Sentence, events: list) -> list:
        return events

    def keep_story_events(self, coder, events: list) -> list:
        """The events of a story read as a whole.  In an event of a country with itself where one
        side is the bare country ("USAGOV 042 USA" from "Bush departed Washington", "TURREB 180
        TUR" from "attacks in Turkey"), that side is where the act happened, or a misreading, not
        who acted or was acted on: the side is unnamed where the act can be one-sided, else the
        event is not written."""
        out, seen = [], set()
        for e in events:
            if _self_with_bare_country(coder, e):
                if not (coder.one_sided and coder.ontology.is_a(e.code, "one_sided")):
                    continue
                if len(e.target.code) == 3:
                    e = replace(e, target=_unnamed(e.target))
                else:
                    e = replace(e, source=_unnamed(e.source))
                key = (id(e.analysis), e.anchor.id, e.code, e.source.code, e.target.code)
                if key in seen:
                    continue
                seen.add(key)
            out.append(e)
        return out

    def compound_match(self, coder, a: Analysis, frame: Frame) -> bool:
        """A '%' pattern needs coordinated actors in the subject."""
        return len(coder.actors.actors_of(a, frame.source)) >= 2


class ProjectRules(Rules):
    """The project's own dictionaries (``eventcoder/data/dictionaries``)."""

    name = "project"
    actors = ProjectActors
    terms = PROJECT_TERMS
    finite_verbs_active = True
    purpose_clauses = True
    comma_participles = True
    noun_places = True
    bare_obliques = True
    predicate_adjectives = True
    governed_bonus = True
    one_sided_events = True
    story_context = True

    def repaired(self, coder, sentence: Sentence) -> Sentence:
        """The sentence with known parse errors undone (:mod:`.repairs`): a bare day name or time
        phrase taken for an argument ("attacked the ODIHR Monday", "The Congress last month
        withdrew") is a time; a subject hung on a participle or on a fronted phrase is the verb's."""
        return news_repaired(coder, sentence)

    def modality(self, coder, a: Analysis, w: Word) -> str:
        """"will meet", "is to visit", "agreed to sign", "said he would meet" are planned (coded as
        the intent, 036 ...); "would strike back if" is conditional (a threat); "could extend the
        embargo" only possible (no event); an act the sentence dates after the story's day has not
        happened yet ("is travelling to Somalia on Tuesday" in Monday's story): planned."""
        return news_modality(coder, a, w)

    def fought_both_ways(self, coder, verb: CompiledVerb, act: str | None, mode: str) -> bool:
        """A fight of a reciprocal word (one with a '%' pattern: "clashed with", "clashes with")
        has both sides fighting: coded both ways, as CAMEO does."""
        return verb.reciprocal and coder.ontology.is_a(act, "fight") and mode == ASSERTED

    def obligation(self, coder, a: Analysis, frame: Frame, code: str | None):
        """A statement with no target whose content says an actor should act ("The United States
        said Syria should become a positive actor"): an appeal to it (:func:`appeal_in_statement`)."""
        return appeal_in_statement(coder, a, frame, code)

    def mutual(self, coder, a: Analysis, w: Word, act: str | None, mode: str) -> bool:
        """Meetings, negotiations and agreements (CAMEO class ``mutual``) are coded both ways,
        as CAMEO does: "A met B" is A 040 B and B 040 A; so is a meeting that is scheduled ("A is
        to meet B"), but not one its doer alone wishes or announces ("A hopes to forge an accord
        with B", "A said he will meet B"): that is A's intent."""
        return mutual_act(coder, a.sentence, w, act, mode)

    def identified(self, coder, pairs: list, code: str | None) -> list:
        """A side that is only a role, with no country or organisation ("the government", "two
        men" in a story about several countries), is not identified: the event is one-sided on
        that side (the role stays in the agent column) when the act can be one-sided, else no
        event.  A show of force (ontology class ``posture``) does not target the forces of its own
        side's country ("the government plans to send more soldiers": its soldiers are the means;
        lexicon ``armed_role``): that side is unnamed."""
        out = []
        posture = code is not None and coder.ontology.is_a(code, "posture")
        for s, t in pairs:
            s, t = self._unnamed_if_role(coder, s), self._unnamed_if_role(coder, t)
            if posture and self._own_forces(coder, s, t):
                t = _unnamed(t)
            if s.code and t.code:
                out.append((s, t))
            elif (s.code or t.code) and coder.one_sided and coder.ontology.is_a(code, "one_sided"):
                out.append((s, t))
        return out

    @staticmethod
    def _own_forces(coder, s: ActorRef, t: ActorRef) -> bool:
        """``t`` is the armed forces of ``s``'s country (DNKGOV and DNKMIL)."""
        return (len(s.code) >= 3 and len(t.code) >= 6 and s.code[:3] == t.code[:3]
                and t.code[3:6].lower() in coder.lex.armed_role)

    @staticmethod
    def _unnamed_if_role(coder, ref: ActorRef) -> ActorRef:
        return _unnamed(ref) if ref.code and coder.actors.role_only(ref) else ref

    def recode_for_actors(self, coder, code: str | None, pairs: list) -> str | None:
        """Shootings and bombings by irregular forces (insurgents, gangs: lexicon
        ``irregular_role``) are assault (18x), not fighting (19x), as hand coders code them
        (``~`` recodings of cameo.txt); unspecified force used by a country's armed forces (lexicon
        ``armed_role``) is fighting (19x: ``^`` recodings)."""
        if code and pairs and all(s.agent and s.agent.lower() in coder.lex.irregular_role for s, _ in pairs):
            return coder.ontology.irregular_of(code) or code
        if code and pairs and all(s.agent and s.agent.lower() in coder.lex.armed_role for s, _ in pairs):
            return coder.ontology.armed_of(code) or code
        return code

    def __init__(self, legacy_pronoun_frames: bool = False):
        #: the reading of pronoun controllers and possessors before the rebuild (a classic frame),
        #: kept only to measure what the fix changed
        self.legacy_pronoun_frames = legacy_pronoun_frames

    @property
    def pronoun_controller_rules(self) -> Rules:
        return PetrarchRules() if self.legacy_pronoun_frames else self

    def keep_actor_mention(self, coder, sentence: Sentence, words: tuple[int, ...], entry) -> bool:
        """A name written in capitals in the dictionary ("US", "WHO") is an acronym: it matches "US"
        but not the pronoun "us" nor "Us" at the start of a sentence; a name after a negative prefix
        is its opposite ("anti-Syrian", split by the tokenizer as "anti" "-Syrian", is not Syria)."""
        if len(words) == 1 and entry.cased:
            token = sentence.word(words[0]).text
            if phrase_parts(token) in entry.cased and not token.replace(".", "").isupper():
                return False
        if words[0] > 1:
            first, prev = sentence.word(words[0]), sentence.word(words[0] - 1)
            if (first.text.startswith("-") or prev.text.endswith("-")) \
                    and fold(prev.text).strip("-") in coder.lex.negative_prefix:
                return False
        return True

    def skip_event_word(self, coder, sentence: Sentence, w: Word, verb: CompiledVerb) -> bool:
        """A verb joined by a hyphen to the word before it is part of an adjective, not an event
        ("insurgency-hit Afghanistan", "so-called"); a clause marked 'against' or 'without' is not
        done ("warned the US against selling arms", "attacked without declaring war"), nor one that
        a verb of failing governs ("failed to reach an agreement"; lexicon ``failure_verb``); a
        month's name the parser read as a verb ("approved by the Council March 28") is a date; the
        open clause of a negated verb is not done ("did not agree to meet"), nor a hostile act named
        by the object of a verb that ends it ("lifted the blockade"; lexicon ``ending_verb``)."""
        if verb.entry.pos == "verb" and _in_hyphenated(sentence, w):
            return True
        if w.text[:1].isupper() and w.lower in coder.lex.month_name and w.id > 1:
            return True
        gov = sentence.head_of(w)
        if w.deprel == "xcomp" and gov is not None and coder.is_negated(sentence, gov):
            return True  # "is not going to negotiate", "did not agree to meet": not done, nor meant
        if any(m.lemma_lower in coder.lex.not_done_mark for m in sentence.children_by(w, "mark")):
            return True
        if verb.entry.pos == "noun" and w.deprel in ("obj", "nsubj:pass") and gov is not None \
                and gov.upos == "VERB" and gov.lemma_lower in coder.lex.ending_verb \
                and coder.ontology.is_a(verb.entry.code, "hostile"):
            return True  # "lifted the blockade", "the siege was ended" (but "ended his visit": one)
        return _failed(sentence, w, coder.lex)

    def governor(self, coder, sentence: Sentence, verb: Word) -> Word | None:
        """The governing verb of an open, complement or adverbial clause.  A conjunct is not
        governed by the verb it is coordinated with ("condemned the attack and sent aid") but shares
        the governor of its first conjunct ("agreed to withdraw and release prisoners"); a clause
        under the object ("accused the government of sending troops") is governed by the verb of
        that object."""
        w = verb
        seen = 0
        while w.deprel == "conj" and seen < 8:
            seen += 1
            head = sentence.head_of(w)
            if head is None:
                return None
            w = head
        rel = w.deprel
        if rel in ("acl", "advcl") and any(m.lemma_lower in coder.lex.governing_mark for m in sentence.children_by(w, "mark")):
            noun = sentence.head_of(w)
            if noun is not None and noun.upos not in ("VERB", "AUX") and noun.deprel in ("obj", "iobj"):
                return sentence.head_of(noun)
        return sentence.head_of(w) if rel in ("xcomp", "ccomp", "advcl") else None

    def choose_pattern(self, coder, a: Analysis, frame: Frame, verb: CompiledVerb):
        """The matching pattern that ranks highest in this sentence (:meth:`rank`): the most words
        matched, a governing verb's term above everything ("refused to release" is a refusal)."""
        best = None
        for cp in a.candidates(verb):
            if best is not None and cp.score < best[0]:
                break  # nothing left can outrank it
            found = coder.match(a, frame, cp.pattern)
            if found is None:
                continue
            rank = self.rank(coder, a.sentence, frame, cp.pattern)
            if best is None or rank > best[0]:
                best = (rank, cp.pattern, found)
        return (best[1], best[2]) if best else (None, {})

    def rank(self, coder, sentence: Sentence, frame: Frame, pattern) -> int:
        """How specific a matched pattern is in this sentence: per term, the length of the longest
        alternative that matches (1 for a term without words), plus one for '%', plus
        ``GOVERNED`` when a term before '*' matched the governing verb ("refused to release"):
        the governing verb decides what the clause is (refusal, intent, accusation, appeal)."""
        total = 1 if pattern.compound else 0
        governed = False
        for term in pattern.terms:
            if not term.alternatives:
                total += 1
                continue
            best = 1
            for alt in sorted(term.alternatives, key=len, reverse=True):
                if len(alt) <= 1:
                    break
                if coder.match_term(sentence, frame, single(term, alt)) is not None:
                    best = len(alt)
                    break
            total += best
            if term.kind == "pre" and not governed:
                gov = self.governor(coder, sentence, frame.verb)
                governed = gov is not None and contains([gov], term)
        return total + (GOVERNED if governed else 0)

    def sources(self, coder, a: Analysis, frame: Frame, slots: dict) -> tuple[list[ActorRef], dict]:
        """An event noun without a pattern's source takes as source the first modifier that is an
        actor ("joint Russian drills"), a country or named actor before a role; an adjective counts
        only as a country, not as a role or region ("an official visit"); a possessive pronoun
        stands for the subject of the verb the noun is the object of ("voiced its displeasure").
        An event noun between actors ("talks between the government and the LRA", "a clash
        between Turkish forces and the PKK") has them all as sources, each acting on the others.
        An event noun with no modifier, the object of a light verb ("held talks with", "is on a
        visit to", "paid a visit to": lexicon ``light_verb``), takes that verb's subject.
        No such modifier: no event.  A verb that takes a traveller somewhere (lexicon
        ``itinerary_verb``) codes a visit only with a visit noun for subject, and the traveller is
        its object (:meth:`itinerary_traveller`)."""
        if not frame.noun and frame.verb.lemma_lower in coder.lex.itinerary_verb \
                and coder.ontology.is_a(slots.get("act"), "visit"):
            traveller = self.itinerary_traveller(coder, a, frame)
            if traveller is None:
                return [], slots
            return coder.actors.actors_of(a, traveller), dict(slots, source=traveller)
        if "source" not in slots and frame.noun:
            between = [c for c in a.sentence.children(frame.verb)
                       if c.deprel == "nmod" and a.sentence.preposition(c) in coder.lex.between_preposition]
            if between:
                refs = coder.actors.actors_of(a, between[0])
                # "between Hamas and Egyptian officials" parsed as two phrases of the noun
                for c in a.sentence.children(frame.verb):
                    if c.id > between[0].id and c.deprel == "nmod" and a.sentence.preposition(c) is None \
                            and any(x.deprel == "cc" for x in a.sentence.children(c)):
                        refs += _new_codes(coder.actors.actors_of(a, c), refs)
                if len(refs) >= 2:
                    return refs, dict(slots, reciprocal=True)
            if coder.ontology.is_a(slots.get("act"), "mutual"):
                refs = self.hyphenated_pair(coder, a, frame.verb)
                if len(refs) >= 2:
                    return refs, dict(slots, reciprocal=True)
            if not frame.source_candidates:
                subject = self.light_verb_subject(coder, a.sentence, frame.verb)
                if subject is not None:
                    slots = dict(slots, source=subject)
                elif refs := self.occasion_sources(coder, a, frame.verb, slots.get("act")):
                    return refs, dict(slots, sources=refs)
        if "source" not in slots and "sources" not in slots and frame.other_subjects:
            refs = coder.actors.actors_of(a, frame.source)
            for other in frame.other_subjects:
                refs += _new_codes(coder.actors.actors_of(a, other), refs)
            if refs:
                return refs, dict(slots, sources=refs)
        if "source" not in slots and frame.source_candidates:
            chosen = role_only = None
            for cand in frame.source_candidates:
                refs = coder.actors.actors_of(a, cand)
                if refs and cand.deprel == "amod" and (cand.id not in a.actor_at or any(r.country is None for r in refs)):
                    continue
                if refs:
                    if all(coder.actors.role_only(r) for r in refs):
                        role_only = role_only or cand
                        continue
                    chosen = cand
                    break
            chosen = chosen or role_only or self.pronoun_owner(coder, a.sentence, frame) \
                or self.light_verb_subject(coder, a.sentence, frame.verb)
            if chosen is None and frame.noun and (refs := self.occasion_sources(coder, a, frame.verb, slots.get("act"))):
                return refs, dict(slots, sources=refs)
            if chosen is None:
                return [], slots
            slots = dict(slots, source=chosen)
        sources, slots = super().sources(coder, a, frame, slots)
        if not sources and frame.passive and "source" not in slots and coder.ontology.is_a(slots.get("act"), "force"):
            sources = self.cause_sources(coder, a, frame)
        if not sources and frame.passive and "source" not in slots and coder.ontology.is_a(slots.get("act"), "authority"):
            sources = self.reporting_forces(coder, a, frame)
        return sources, slots

    @staticmethod
    def hyphenated_pair(coder, a: Analysis, noun: Word) -> list[ActorRef]:
        """The actors of a meeting or an agreement named by two names joined by a hyphen before
        its noun ("the first EU-Ukraine summit", "India-Pakistan talks"): each meets the other; not
        in the name of a forum ("the Asia-Europe Meeting")."""
        if noun.upos != "NOUN":
            return []
        sentence = a.sentence
        near = [c for c in sentence.children(noun) if c.deprel in ("compound", "amod")]
        # (the first name may hang on the second: "EU - Ukraine summit", 'EU' a compound of 'Ukraine')
        near += [x for c in near for x in sentence.children(c) if x.deprel in ("compound", "amod")]
        mods = sorted((c for c in near if c.id in a.actor_at), key=lambda c: c.id)
        if len(mods) != 2 or not any(sentence.word(i).text == "-" for i in range(mods[0].id + 1, mods[1].id)):
            return []
        refs = [r for c in mods for r in coder.actors.actors_of(a, c) if r.code]
        return refs if len({r.code for r in refs}) == 2 else []

    def itinerary_traveller(self, coder, a: Analysis, frame: Frame) -> Word | None:
        """The object of a verb of itinerary whose subject is a visit ("Hu's tour will first take
        him to Vietnam"), or which is a relative clause of a noun of visit, hung on it or on a
        phrase inside it ("a tour to five countries in the Gulf area, which has already brought
        him to the United Arab Emirates"); None otherwise ("police took him to Kenya")."""
        sentence = a.sentence
        verb = frame.verb
        objects = [o for o in frame.objects if o.deprel == "obj"]
        if not objects:
            return None

        def visit(w: Word | None) -> bool:
            entry = coder.entry_for(sentence, w) if w is not None and w.upos == "NOUN" else None
            return entry is not None and entry.entry.pos == "noun" and coder.ontology.is_a(entry.entry.code, "visit")

        def traveller(noun: Word) -> Word:
            # the visit's own traveller, when it names one ("Hu's tour ... take him"), else the object
            for c in sentence.children(noun):
                if c.deprel in ("nmod:poss", "compound") and c.id in a.actor_at:
                    return c
            return objects[0]

        if visit(frame.source):
            return traveller(frame.source)  # type: ignore[arg-type]
        clause = sentence.climb(verb, ("conj",))  # "has brought him to X and will bring him to Y"
        if clause.deprel != "acl:relcl":
            return None
        w = sentence.head_of(clause)
        for _ in range(3):
            if w is None:
                return None
            if visit(w):
                return traveller(w)
            w = sentence.head_of(w) if w.deprel in ("nmod", "conj") else None
        return None

    def reporting_forces(self, coder, a: Analysis, frame: Frame) -> list[ActorRef]:
        """An act of authority suffered with no one named as its doer, reported by security forces
        ("eight militants were arrested during the raid, the army added", "were detained, police
        said": ontology class ``authority``, lexicon ``armed_role``, ``speech_verb``): the forces
        that report it did it."""
        sentence = a.sentence
        lex = coder.lex
        verb = frame.verb
        for w in sentence.words:
            if w.upos != "VERB" or w.lemma_lower not in lex.speech_verb or w.id == verb.id:
                continue
            # the report governs the act's clause, or the act's clause governs the report ("...,
            # the army added": parsed either way)
            if not (verb.head == w.id or w.head == verb.id):
                continue
            for c in sentence.children(w):
                if c.deprel != "nsubj":
                    continue
                refs = [r for r in coder.actors.actors_of(a, c)
                        if r.agent and r.agent.lower() in lex.armed_role and r.country]
                if refs:
                    return refs
        return []

    def cause_sources(self, coder, a: Analysis, frame: Frame) -> list[ActorRef]:
        """Force suffered with no one named as its doer, and a clause saying how ("four children
        were injured when a rebel lobbed a grenade", "were killed as troops fired on ...": lexicon
        ``cause_mark``): the actor of that clause's subject did it."""
        sentence = a.sentence
        for c in sentence.children(frame.verb):
            if c.deprel not in ("advcl", "ccomp") or not any(m.deprel in ("mark", "advmod") and m.lower in coder.lex.cause_mark
                                              for m in sentence.children(c)):
                continue
            for subject in sentence.children(c):
                if subject.deprel == "nsubj":
                    refs = coder.actors.actors_of(a, subject)
                    if refs:
                        return refs
        return []

    def light_verb_subject(self, coder, sentence: Sentence, noun: Word) -> Word | None:
        """The subject of the light verb an event noun is the object (or phrase: lexicon
        ``carrying_preposition``) of ("Ban held talks with ...", "Lee, who is on a visit to
        Kuwait", "paying a visit to Iraq", "went into talks with"); of the verb of answering
        whose 'with' phrase it is ("responded with airstrikes": lexicon ``response_verb``)."""
        verb = sentence.head_of(noun)
        lex = coder.lex
        if verb is not None and noun.deprel == "obl" and verb.upos == "VERB" and verb.lemma_lower in lex.response_verb \
                and sentence.preposition(noun) in lex.instrument_preposition:
            # "Israel responded with airstrikes", "Jiang responded with a warning"
            return verb_frame(sentence, verb, self, coder.lex).source
        if verb is None or noun.deprel not in ("obj", "obl", "nsubj:pass", "xcomp") \
                or (verb.lemma_lower not in lex.light_verb and verb.lemma_lower not in lex.intent_verb):
            return None
        if noun.deprel == "obl" and (prep := sentence.preposition(noun)) is not None and prep not in lex.carrying_preposition:
            return None  # "expressed condolences over the attack": the attack is not the subject's
        if verb.upos not in ("VERB", "AUX"):
            # "is on a visit": the noun heads the clause, its copula is the light verb
            return None
        return verb_frame(sentence, verb, self, coder.lex).source

    def occasion_sources(self, coder, a: Analysis, noun: Word, act: str | None) -> list[ActorRef]:
        """The actors of the subjects of the clause a mutual act or a fight is the occasion of
        ("were injured during clashes with protesters", "arrived for talks with Abe": lexicon
        ``occasion_preposition``): they took part in it.  Suffering an act that is not mutual
        ("was arrested in a raid on the party's offices") is no part in doing it."""
        sentence = a.sentence
        verb = sentence.head_of(noun)
        if verb is None or verb.upos not in ("VERB", "AUX", "ADJ") or noun.deprel != "obl" \
                or verb.lemma_lower in coder.lex.denial_verb \
                or sentence.preposition(noun) not in coder.lex.occasion_preposition \
                or not (coder.ontology.is_a(act, "mutual") or coder.ontology.is_a(act, "fight")):
            return []
        entry = coder.entry_for(sentence, noun)
        both_ways = coder.ontology.is_a(act, "mutual") or (entry is not None and entry.reciprocal)
        return [r for c in sentence.children(verb) if c.deprel == "nsubj" or (c.deprel == "nsubj:pass" and both_ways)
                for r in coder.actors.actors_of(a, c)]

    def pronoun_owner(self, coder, sentence: Sentence, frame: Frame) -> Word | None:
        """An event noun whose possessor is a pronoun, as the object of a verb ("Russia voiced its
        displeasure with ..."): the pronoun stands for that verb's subject."""
        cands = frame.source_candidates
        if not cands or cands[0].upos != "PRON" or cands[0].lower not in coder.lex.anaphor \
                or cands[0].deprel != "nmod:poss":
            return None
        if frame.verb.deprel not in ("obj", "nsubj:pass"):
            return None
        verb = sentence.head_of(frame.verb)
        if verb is None or verb.upos not in ("VERB", "AUX"):
            return None
        return verb_frame(sentence, verb, self.pronoun_controller_rules, coder.lex).source

    def targets(self, coder, a: Analysis, frame: Frame, slots: dict, code: str | None, paired: str | None,
                verb: CompiledVerb, pattern) -> list[ActorRef]:
        """A pattern's target phrase; else the first candidate phrase with an actor
        (:meth:`target_phrases`), where a plain statement (010-013) takes nothing from inside what
        was said and a noun of hostility (14-20) no 'with' phrase (a partner or an instrument);
        force (18-20) with no other target is used against the country it is used in
        (:meth:`place_target`)."""
        onto = coder.ontology
        target_word = slots.get("target")
        if target_word is not None:
            refs = coder.actors.actors_of(a, target_word, target=True)
            if not refs and onto.is_a(code or paired, "response"):
                refs = self.owner_of(coder, a, target_word)
            return refs
        targets = self.target_phrases(coder, a, frame, exclude=slots.get("source"),
                                      statement=onto.is_a(code or paired, "statement"),
                                      own_object=pattern is None, response=onto.is_a(code or paired, "response"),
                                      skip_with=verb.entry.pos != "verb" and onto.is_a(code, "hostile")
                                      and not onto.is_a(code, "fight"))
        if not targets and onto.is_a(code, "force"):
            targets = self.place_target(coder, a, frame)
        if not targets and frame.noun and onto.is_a(code, "visit"):
            targets = self.visit_host(coder, a, frame, slots)
        if not targets and frame.noun and onto.is_a(code, "appeal"):
            targets = self.addressee(coder, a, frame, slots)
        if not targets and not frame.noun and (onto.is_a(code, "threat") or onto.is_a(code, "hostile")):
            targets = self.threatened(coder, a, frame, slots)
        if not targets and a.here and not onto.is_a(code or paired, "statement") \
                and any(c.lemma_lower in coder.lex.here_word for c in a.sentence.children(frame.verb)
                        if c.deprel in ("advmod", "obl", "conj")):
            # "arrived here", "met here": the place of the dateline (or of the story)
            ref = ActorRef(a.here, "here", frame.verb, a.here, None, [f"the story's place ({a.here})"])
            ref.basis = "story"
            targets = [ref]
        return targets

    def visit_host(self, coder, a: Analysis, frame: Frame, slots: dict) -> list[ActorRef]:
        """A visit named by a noun with no place visited, the occasion of a clause ("Brazil and
        Russia agreed to develop cooperation during a visit by Russia's foreign minister"): the
        subjects of that clause of another country than the visitor's are the hosts."""
        sentence = a.sentence
        visitor = slots.get("source")
        if visitor is None or visitor.upos == "PRON" or visitor.deprel not in ("nmod", "nmod:poss"):
            return []  # (a name modifying the noun is as often the place: "a Washington visit")
        countries = {r.code[:3] for r in coder.actors.actors_of(a, visitor)}
        w = frame.verb
        if sentence.preposition(w) not in coder.lex.occasion_preposition:
            return []
        for _ in range(6):  # up through the phrase the visit hangs on, to its clause
            head = sentence.head_of(w)
            if head is None or w.deprel not in ("nmod", "conj", "obj", "obl"):
                return []
            w = head
            if w.upos in ("VERB", "AUX"):
                break
        else:
            return []
        subject = verb_frame(sentence, w, self, coder.lex).source
        if subject is None:
            return []
        return [r for r in coder.actors.actors_of(a, subject) if r.code and r.code[:3] not in countries]

    def threatened(self, coder, a: Analysis, frame: Frame, slots: dict) -> list[ActorRef]:
        """A threat, or a hostile act made conditional, with no one named as its target: whoever
        the condition is on ("Iran warned that it would retaliate if Israel attacked its sites",
        "would resort to other means if the EU wants ...": the subject of the 'if' clause)."""
        condition = condition_of(a.sentence, frame.verb, coder.lex)
        if condition is None or not any(c.deprel in SUBJECTS for c in a.sentence.children(condition)):
            return []  # (a condition with no subject of its own, "if found guilty", is on no one)
        subject = verb_frame(a.sentence, condition, self, coder.lex).source
        return [r for r in _actors_besides(coder, a, subject, slots.get("source")) if not coder.actors.role_only(r)]

    def addressee(self, coder, a: Analysis, frame: Frame, slots: dict) -> list[ActorRef]:
        """An appeal or demand named by a noun with no one named as asked, the object of a verb
        ("Denmark plans to meet a NATO request", "the rebels refused a government demand"): the
        verb's subject is who was asked, when it is another actor than who asked."""
        noun = frame.verb
        if noun.deprel != "obj":
            return []
        verb = a.sentence.head_of(noun)
        if verb is None or verb.upos != "VERB":
            return []
        return _actors_besides(coder, a, verb_frame(a.sentence, verb, self, coder.lex).source, slots.get("source"))

    def target_phrases(self, coder, a: Analysis, frame: Frame, exclude: Word | None = None, statement: bool = False,
                       own_object: bool = False, skip_with: bool = False, response: bool = False) -> list[ActorRef]:
        """The first candidate phrase (objects, then prepositional phrases) that holds an actor; a
        phrase with a country (or a named actor) is preferred to one that holds only a role ("fired
        rockets at a Syrian base").  ``statement``: a statement's object that heads a reported clause
        is not its target ("said Armenian forces attacked ...", parsed with the clause under the
        noun), nor, with ``own_object``, a phrase inside its object ("said India's ties with Europe
        ..."), and its object is what was said, not who it concerns ("described the Israeli
        operations").  ``own_object`` (no pattern matched the object): the 'on' phrase of an event
        noun object is that noun's target ("supports the war on Iraq" does not support Iraq).
        ``response`` (praise, yielding, criticism: CAMEO class ``response``): with no other target,
        whom the object belongs to (:meth:`object_owner`)."""
        sentence = a.sentence
        lex = coder.lex
        fallback: list[ActorRef] = []
        object_ids = {o.id for o in frame.objects}
        for cand in frame.target_candidates:
            if exclude is not None and cand.id == exclude.id:
                continue
            prep = sentence.preposition(cand)
            if skip_with and prep in lex.instrument_preposition:
                continue
            if statement and own_object and cand.head in object_ids:
                continue
            if own_object and cand.head in object_ids and not frame.passive and prep in lex.event_noun_target_preposition:
                obj = sentence.word(cand.head)
                noun = coder.entry_for(sentence, obj)
                if obj.lemma_lower in lex.war or (noun is not None and noun.entry.pos == "noun" and noun.entry.code is not None):
                    continue
            if statement and any(c.deprel in ("acl", "acl:relcl", "relcl") and c.upos in ("VERB", "AUX")
                                 and not any(g.deprel in SUBJECTS for g in sentence.children(c))
                                 for c in sentence.children(cand)):
                continue
            targets = coder.actors.actors_of(a, cand, target=True, modifiers=not statement)
            if targets and all(coder.actors.role_only(t) for t in targets):
                fallback = fallback or targets
                continue
            if targets:
                return targets
        if not fallback and response:
            owner = self.object_owner(coder, a, frame, exclude)
            if owner:
                return owner
        if not fallback and not statement:
            # nothing in the verb's own phrases: a phrase with a target's preposition hung one or
            # two levels down the verb's phrases ("discussed development of economic relations
            # with his Kuwaiti counterpart"), not inside a clause
            for cand in self._nested_targets(sentence, frame, lex):
                if exclude is not None and cand.id == exclude.id:
                    continue
                if skip_with and sentence.preposition(cand) in lex.instrument_preposition:
                    continue
                targets = [t for t in coder.actors.actors_of(a, cand, target=True) if not coder.actors.role_only(t)]
                if targets:
                    return targets
        return fallback

    def owner_of(self, coder, a: Analysis, noun: Word) -> list[ActorRef]:
        """Whom a noun of what an actor holds or does belongs to by a name or nationality modifying
        it ("voiced concern over the US missile shield plan", "the American proposal"; lexicon
        ``owned_noun``), for a pattern's target phrase of a response."""
        if noun.upos != "NOUN" or not (noun.lemma_lower in coder.lex.owned_noun or noun.lower in coder.lex.owned_noun):
            return []
        for c in a.sentence.children(noun):
            if c.deprel in ("compound", "amod", "nmod:poss") and (c.id in a.actor_at or c.id in a.agent_at):
                ref = coder.actors.resolve(a, c, 1)
                if ref is not None and ref.code and not coder.actors.role_only(ref):
                    return [ref]
        return []

    def object_owner(self, coder, a: Analysis, frame: Frame, exclude: Word | None) -> list[ActorRef]:
        """The actor an object belongs to by a possessive or a name modifying it ("quit in protest
        at the president's decision", :meth:`owner_of`), else by an 'of' phrase ("welcomed the
        efforts of the Ugandan government", "met the demands of NATO"), for nouns of what an actor
        holds or does (lexicon ``owned_noun``); not the 'of' phrase of an event noun, which names
        who the event befell ("condemned the killing of ...")."""
        sentence = a.sentence
        owned = coder.lex.owned_noun
        # the object, or a phrase with a target's preposition ("protested against the policy of ...")
        phrases = [o for o in frame.objects if o.deprel in ("obj", "iobj")] + [
            c for c in frame.target_candidates
            if c.deprel.startswith("obl") and sentence.preposition(c) in coder.lex.target_preposition]
        for obj in phrases:
            if exclude is not None and obj.id == exclude.id:
                continue
            if obj.upos != "NOUN" or not (obj.lemma_lower in owned or obj.lower in owned):
                continue
            refs = self.owner_of(coder, a, obj)
            if refs:
                return refs
            for of in coder.actors.nested(sentence, obj, coder.lex.of_preposition):
                refs = [r for r in coder.actors.actors_of(a, of, target=True) if not coder.actors.role_only(r)]
                if refs:
                    return refs
        return []

    @staticmethod
    def _nested_targets(sentence: Sentence, frame: Frame, lex) -> list[Word]:
        out: list[Word] = []
        level = [c for c in sentence.children(frame.verb) if c.deprel in ("obj", "iobj") or c.deprel.startswith("obl")]
        for _ in range(2):
            nxt = []
            for h in level:
                for c in sentence.children(h):
                    if c.deprel == "nmod" and c.upos in ("NOUN", "PROPN"):
                        nxt.append(c)
                        if sentence.preposition(c) in lex.target_preposition and c not in frame.target_candidates:
                            out.append(c)
            level = nxt
        return out

    def place_target(self, coder, a: Analysis, frame: Frame) -> list[ActorRef]:
        """Force used in a country with no other target ("shelled Kurdish positions in northern
        Syria") is used against that country, as CAMEO codes it: the country of an 'in' phrase of
        the verb or of its object naming a place (a name, or a place noun)."""
        sentence = a.sentence
        lex = coder.lex
        for h in [frame.verb] + list(frame.objects):
            for c in sentence.children(h):
                if c.deprel.startswith(("obl", "nmod")) and sentence.preposition(c) in lex.location_preposition \
                        and (c.upos == "PROPN" or c.lemma_lower in lex.place):
                    refs = [r for r in coder.actors.actors_of(a, c) if len(r.code) == 3 and r.country]
                    if refs:
                        return refs
        return []

    def pairs(self, coder, a: Analysis, frame: Frame, sources, targets, verb: CompiledVerb, pattern, slots):
        """Every source with every target; a verb with a '%' pattern is reciprocal: coordinated
        subjects without a target act on each other ("Armenia and Azerbaijan clashed"); so do
        coordinated subjects of a cooperative act (CAMEO class ``joint``: "Brazil and Russia agreed
        to develop cooperation") and the actors an event noun is between."""
        pairs = super().pairs(coder, a, frame, sources, targets, verb, pattern, slots)
        # two people of one code are two actors ("President Yeltsin met with Kulikov": RUSGOV 040 RUSGOV)
        pairs += [(s, t) for s in sources for t in targets if s.code == t.code and self._two_people(a, s, t)]
        if pattern is not None and pattern.compound or slots.get("reciprocal"):
            return self.reciprocal(sources)
        if not targets and len(sources) > 1 and slots.get("target") is None \
                and (verb.reciprocal or coder.ontology.is_a(slots.get("act"), "joint")):
            return self.reciprocal(sources)
        act = slots.get("act")
        if not targets and sources and coder.ontology.is_a(act, "hostile") \
                and (slots.get("target") is None or coder.ontology.is_a(act, "force")):
            # a hostile act of a country's forces with no one named as its target, done in a place
            # of another country ("Israeli troops raided eastern Nablus", "imposed a curfew in
            # Jenin"): against that country; force used on someone the dictionaries do not know
            # ("launched an operation on Nov. 1 in Gaza", "fired on a car in Nablus") too
            own = {s.country for s in sources if s.country}
            foreign = self.place_of_action(coder, a, frame, own) or self.story_place_of_action(coder, a, frame, own)
            if foreign is not None:
                return [(s, foreign) for s in sources if s.country]
        named = slots.get("target")
        if not targets and sources and coder.ontology.is_a(act, "protest") \
                and (named is None or named.upos not in ("PROPN", "PRON")):
            # (a target phrase of no actor, "a petition against the plan", names no one else)
            return self.protest_addressee(coder, sources) or pairs
        return pairs

    @staticmethod
    def protest_addressee(coder, sources: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
        """A protest with no one named as its target (a strike, a rally, a boycott: CAMEO class
        ``protest``) by a country's people, parties or groups is addressed to that country's
        government (lexicon ``protest_addressee``), as hand coders code it ("supporters held
        rallies to protest the decision": OPP 141 GOV); not a government's or a country's own
        protest, nor a rampage of armed men (lexicon ``armed_role``, ``irregular_role``), whose
        addressee is unknown."""
        out = []
        lex = coder.lex
        armed = lex.armed_role | lex.irregular_role
        for role in sorted(lex.protest_addressee):
            for s in sources:
                if not s.country or not s.agent or s.code[:3] != s.country or s.agent.lower() == role \
                        or s.agent.lower() in armed:
                    continue
                code = s.country + role.upper()
                ref = ActorRef(code, s.country, s.head, s.country, role.upper(),
                               [f"whom a protest is addressed to (lexicon protest_addressee: {s.country} {role})"])
                ref.basis = "implied"
                out.append((s, ref))
        return out

    def place_of_action(self, coder, a: Analysis, frame: Frame, own: set[str]) -> ActorRef | None:
        """The country of a town or territory named in the clause of ``frame`` (the gazetteer's, or
        a territory the dictionaries name: "the West Bank"), when it is not one of ``own``."""
        sentence = a.sentence
        source_words = {w.id for s in ([frame.source] if frame.source is not None else [])
                        for w in sentence.subtree(s)}
        lex = coder.lex
        for w in sentence.subtree(frame.verb):
            head = sentence.head_of(w)
            named_place = w.deprel == "compound" and head is not None and head.lemma_lower in lex.place
            if w.upos != "PROPN" or w.id in source_words or w.lower in lex.not_place \
                    or not (w.deprel.startswith(("obj", "obl", "nmod")) or named_place) or w.deprel == "nmod:poss":
                continue  # a place named as one ("in Jenin", "raided Nablus", "the Gaza town of"), not a
                # modifier ("US dollars")
            m = a.actor_at.get(w.id)
            name = w.text
            if m is not None:
                code = m.entry.code_on(a.date) if m.entry.kind in ("country", "capital") else None
                country = code[:3] if code and code[:3] in coder.dictionaries.country_codes and len(code) == 3 else None
            elif w.id in a.agent_at:
                continue
            else:
                # the whole name the word is in ("Beit Hanoun" parsed as two phrases), else the word
                name = " ".join(x.text for x in _proper_run(sentence, w))
                country = coder.place_country(name) or coder.place_country(w.text)
            if country and country not in own and country in coder.dictionaries.country_codes:
                ref = ActorRef(country, name, w, country, None, [f"the place {name}"])
                ref.basis = "place"
                return ref
        return None

    def story_place_of_action(self, coder, a: Analysis, frame: Frame, own: set[str]) -> ActorRef | None:
        """A place of the clause named only as "the area", "the city" (a place noun with 'the':
        lexicon ``place``, ``place_preposition``, ``article``) is the story's place: the country of
        the first town the story named, when it is not one of ``own``."""
        country = a.story_place
        if not country or country in own:
            return None
        sentence = a.sentence
        lex = coder.lex
        for h in [frame.verb] + list(frame.objects):
            for c in sentence.children(h):
                if c.deprel.startswith(("obl", "nmod")) and c.lemma_lower in lex.place \
                        and sentence.preposition(c) in lex.place_preposition \
                        and any(d.deprel == "det" and d.lower in lex.article for d in sentence.children(c)):
                    ref = ActorRef(country, c.text, c, country, None, [f"the story's place ({country})"])
                    ref.basis = "place"
                    return ref
        return None

    @staticmethod
    def _two_people(a: Analysis, s: ActorRef, t: ActorRef) -> bool:
        """Both sides are people named in the sentence, and not the same person."""
        ms, mt = a.actor_at.get(s.head.id), a.actor_at.get(t.head.id)
        if ms is None or mt is None or s.head.id == t.head.id:
            return False
        people = all(m.entry.kind == "person" or r.head.id in a.people
                     for m, r in ((ms, s), (mt, t)))
        return people and ms.entry.name != mt.entry.name

    def reciprocal(self, sources: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
        """Each actor with each other one, never with a part or role of itself (:func:`each_with_each_other`)."""
        return each_with_each_other(sources)

    def compound_match(self, coder, a: Analysis, frame: Frame) -> bool:
        """'%' is for coordinated subjects without a target of their own."""
        return super().compound_match(coder, a, frame) and not self.target_phrases(coder, a, frame)

    def keep_events(self, coder, sentence: Sentence, events: list) -> list:
        """What news coding keeps of a sentence's events (:func:`news_events`)."""
        return news_events(coder, sentence, events)


class PetrarchRules(Rules):
    """Classic TABARI/PETRARCH dictionaries, read as PETRARCH reads them."""

    name = "petrarch"
    actors = PetrarchActors
    terms = PETRARCH_TERMS
    #: a story read as a whole (news, not a validation record): names given earlier, pronouns, and
    #: the story's country for a role named alone
    story_context = True

    def repaired_in_story(self, coder, sentence: Sentence) -> Sentence:
        """In a story, the parse errors the project's rules undo are undone (:mod:`.repairs`); a
        single sentence (a validation record) is read as parsed, as PETRARCH reads it."""
        return news_repaired(coder, sentence)

    def mutual(self, coder, a: Analysis, w: Word, act: str | None, mode: str) -> bool:
        """In a story, meetings, negotiations and agreements are coded both ways, as CAMEO codes
        them (:func:`mutual_act`); a single sentence (a validation record) as the dictionaries name
        the sides."""
        return a.in_story and mutual_act(coder, a.sentence, w, act, mode)

    obligation_over_targets = True

    def obligation(self, coder, a: Analysis, frame: Frame, code: str | None):
        """In a story, a statement that an actor should act is an appeal to it, as the project's
        rules read it (:func:`appeal_in_statement`); a single sentence (a validation record)
        is coded as PETRARCH codes it."""
        return appeal_in_statement(coder, a, frame, code) if a.in_story else None

    def modality(self, coder, a: Analysis, w: Word) -> str:
        """In a story, planned, conditional and possible acts are read as the project's rules read
        them ("will visit" is the intent to visit); a single sentence (a validation record) is
        coded as PETRARCH codes it, as asserted."""
        return news_modality(coder, a, w) if a.in_story else ASSERTED

    def keep_story_events(self, coder, events: list) -> list:
        """In a story, an event with a side of no known country ("---GOV": a role named alone in a
        story about several countries) is not written: it says nothing about who acted.  Single
        sentences (validation records) keep PETRARCH's "---" codes."""
        events = super().keep_story_events(coder, events)
        unknown = coder.dictionaries.unknown_country
        if not unknown:
            return events
        return [e for e in events if not (e.source.code.startswith(unknown) or e.target.code.startswith(unknown))]

    @property
    def pronoun_controller_rules(self) -> Rules:
        return self

    def keep_actor_mention(self, coder, sentence: Sentence, words: tuple[int, ...], entry) -> bool:
        """Classic dictionaries are upper case: a short name is an acronym ("UN", "US", "AU") and
        names no "Un" in "Kim Jong Un" nor the pronoun "us"."""
        if len(words) == 1:
            letters = sentence.word(words[0]).text.replace(".", "")
            if len(letters) <= 3 and not letters.isupper():
                return False
        return True

    def governor(self, coder, sentence: Sentence, verb: Word) -> Word | None:
        """The head of an open or complement clause, or of a conjunct."""
        return sentence.head_of(verb) if verb.deprel in ("xcomp", "ccomp", "advcl", "conj") else None

    def choose_pattern(self, coder, a: Analysis, frame: Frame, verb: CompiledVerb):
        """The first pattern that matches, most specific first (PETRARCH's order)."""
        for cp in a.candidates(verb):
            found = coder.match(a, frame, cp.pattern)
            if found is not None:
                return cp.pattern, found
        return None, {}

    def sources(self, coder, a: Analysis, frame: Frame, slots: dict) -> tuple[list[ActorRef], dict]:
        """"The Philippines was criticized over its dispute with Eriador": PETRARCH takes the first
        actor after a passive verb without a 'by' agent as the source (the subject is the target)."""
        sources, slots = super().sources(coder, a, frame, slots)
        if not sources and frame.passive and frame.subject is not None and "source" not in slots \
                and a.sentence.children_by(frame.verb, "aux:pass"):
            for cand in frame.deep_candidates(a.sentence, coder.is_event_word(a.sentence)):
                if cand.id != frame.subject.id and (slots.get("target") is None or cand.id != slots["target"].id):
                    sources = coder.actors.actors_of(a, cand)
                    if sources:
                        slots = dict(slots, target=frame.subject, source=cand)
                        break
        return sources, slots

    def targets(self, coder, a: Analysis, frame: Frame, slots: dict, code: str | None, paired: str | None,
                verb: CompiledVerb, pattern) -> list[ActorRef]:
        """A pattern's target phrase; '$' after the verb names the source, and the subject is then
        the target ("Mordor will celebrate May Day with Eriador" with '- * {MAY DAY} $'); else the
        first phrase of the predicate with an actor, then any actor further down the predicate."""
        target_word = slots.get("target")
        subject = frame.subject or frame.source
        if target_word is None and slots.get("source") is not None and subject is not None \
                and slots["source"].id != subject.id:
            target_word = subject
        if target_word is not None:
            return coder.actors.actors_of(a, target_word, target=True)
        # in a story (news, not a validation record) the place an act happens in is not its target
        # ("will hold talks in Hanoi"), unless the act is force ("fighting in Gaza")
        places = a.in_story and not coder.ontology.is_a(code or paired, "force")
        return self.target_phrases(coder, a, frame, exclude=slots.get("source"), skip_places=places)

    def target_phrases(self, coder, a: Analysis, frame: Frame, exclude: Word | None = None,
                       skip_places: bool = False) -> list[ActorRef]:
        sentence, where = a.sentence, coder.lex.location_preposition
        for cand in frame.target_candidates:
            if exclude is not None and cand.id == exclude.id:
                continue
            if skip_places and sentence.preposition(cand) in where:
                continue
            targets = coder.actors.actors_of(a, cand, target=True)
            if targets:
                return targets
        for cand in frame.deep_candidates(a.sentence, coder.is_event_word(a.sentence)):
            if exclude is not None and cand.id == exclude.id:
                continue
            if skip_places and sentence.preposition(cand) in where:
                continue
            targets = coder.actors.actors_of(a, cand)
            if targets:
                return targets
        return []

    def pairs(self, coder, a: Analysis, frame: Frame, sources, targets, verb: CompiledVerb, pattern, slots):
        """Every source with every target; in a story, coordinated subjects of a mutual or joint
        act with no target act with each other ("Chirac and Talabani are to discuss ...", "Brazil
        and Russia agreed to develop cooperation"), as the project's rules read them."""
        if a.in_story and not targets and len(sources) > 1 and slots.get("target") is None \
                and coder.ontology.is_a(slots.get("act"), "joint"):  # (mutual acts are joint ones)
            return each_with_each_other(sources)
        return super().pairs(coder, a, frame, sources, targets, verb, pattern, slots)

    def keep_events(self, coder, sentence: Sentence, events: list) -> list:
        """PETRARCH codes a verb phrase once: a verb in the open complement of a verb that is coded
        ("urged Eriador to respond") belongs to that event, not to one of its own."""
        coded = {e.anchor.id for e in events}
        lex = coder.lex

        def absorbed(w: Word) -> bool:
            if w.deprel == "xcomp":
                return w.head in coded
            if w.deprel == "acl" and any(m.lemma_lower in lex.infinitive_mark for m in sentence.children_by(w, "mark")):
                noun = sentence.head_of(w)  # "urged Eriador to respond" parsed as a clause of the object
                return noun is not None and noun.deprel in ("obj", "iobj") and noun.head in coded
            return False

        kept = [e for e in events if not absorbed(e.anchor)]
        if kept and kept[0].analysis.in_story:
            # news in a story: the project's news filters (statements to an audience, background,
            # disasters, intent verbs absorbed by the act they govern ...)
            kept = news_events(coder, sentence, kept)
        return kept


def news_events(coder, sentence: Sentence, events: list) -> list:
    """What news coding keeps of a sentence's events.  An event noun that is the object of a coded
    light verb is that verb's event ("stepped up attacks on ...", "launched an offensive against ..."); a verb of intent or schedule whose
    infinitive clause codes an event is that event ("agreed to develop cooperation" is the
    intent to cooperate, not an agreement too); a plain statement to an audience ("told
    reporters", lexicon ``audience_role``) is no event; an act the sentence dates more than a
    year before the story is background, not news ("annexed in 1902"); an act that almost happened
    did not ("almost reached an agreement")."""
    lex = coder.lex
    accusations = [e.anchor for e in events if coder.ontology.is_a(e.code, "accusation")]
    patterned = {e.anchor.id for e in events if e.verb.pos == "verb" and e.pattern is not None}
    anchors = {e.anchor.id for e in events}
    out = []
    for e in events:
        if e.verb.pos == "noun" and e.anchor.head in patterned and e.anchor.deprel in ("obj", "iobj", "nsubj:pass") \
                and not _appeal_of_another(coder, e.analysis, e.anchor):
            continue  # (an appeal another actor made is its own event: "refused a NATO request")
        if coder.ontology.is_a(e.code, "statement") and e.pattern is None and e.target.head.deprel == "obj" \
                and e.anchor.lemma_lower in lex.content_verb and e.target.head.head == e.anchor.id:
            continue  # "said Taliban commanders were among the dead": the object is what was said
        if (e.anchor.lemma_lower in lex.intent_verb or e.anchor.lemma_lower in lex.schedule_word
                or e.anchor.lemma_lower in lex.response_verb) and _governs_an_event(sentence, e.anchor, anchors):
            continue  # "responded with airstrikes": the response is the airstrikes
        if coder.ontology.is_a(e.code, "statement") and _audience(coder, e.target):
            continue
        if coder.ontology.is_a(e.code, "posture") and e.anchor.deprel == "acl" and e.anchor.xpos == "VBN":
            continue  # "has 1,400 troops deployed in Iraq", "soldiers stationed in Afghanistan": a state
        if _background(e) or _since(sentence, e.anchor, lex) or _natural(sentence, e.anchor, lex):
            continue
        if any(m.lower in lex.near_miss for m in sentence.children_by(e.anchor, "advmod")):
            continue  # "had almost reached an agreement" (lexicon ``near_miss``): not done
        if any(_content_of(sentence, e.anchor, acc) for acc in accusations if acc.id != e.anchor.id):
            continue  # "accused the rebels of attacking its convoys": the attack is alleged, not reported
        out.append(e)
    # one side of an act the sentence codes with both sides is that act, not another event
    # ("soldiers were killed when rebels ambushed their convoy": REB 180 MIL, no REB 180 alone)
    sides = {(code, e.code[:2]) for e in out if e.source.code and e.target.code
             for code in (e.source.code, e.target.code)}
    return [e for e in out if not (e.one_sided and (e.source.code or e.target.code, e.code[:2]) in sides)]


def _content_of(sentence: Sentence, w: Word, verb: Word) -> bool:
    """``w`` is inside a clause (or the object) of ``verb``, not coordinated with it."""
    path = path_to(sentence, verb, w)
    return bool(path) and path[-1].head == verb.id \
        and path[-1].deprel not in ("conj", "parataxis", "nsubj", "nsubj:pass", "punct", "cc")


def _failed(sentence: Sentence, w: Word, lex) -> bool:
    """``w`` (a verb, or the object of one: "failed to arrange a meeting") is in the infinitive
    clause of a verb of failing (lexicon ``failure_verb``)."""
    clause: Word | None = w
    if w.upos != "VERB" and w.deprel in ("obj", "nsubj:pass"):
        clause = sentence.head_of(w)
    if clause is not None and clause.deprel == "conj":
        clause = sentence.head_of(clause)
    if clause is None or clause.upos != "VERB" or clause.deprel not in ("xcomp", "advcl"):
        return False
    gov = sentence.head_of(clause)
    return gov is not None and gov.lemma_lower in lex.failure_verb


def _natural(sentence: Sentence, anchor: Word, lex) -> bool:
    """The act is a disaster's or an accident's (lexicon ``natural_cause``): "an earthquake shook
    Iran, killing 10 people", "was hit by a storm" - its doer, or the doer of the clause it
    continues, is one, or the occasion it happened in ("were killed in a road accident": lexicon
    ``occasion_preposition``)."""
    w: Word | None = anchor
    for _ in range(3):
        if w is None:
            return False
        for c in sentence.children(w):
            if c.deprel not in ("nsubj", "obl:agent", "nmod:agent", "obl"):
                continue
            if c.deprel == "obl" and sentence.preposition(c) not in lex.agent_preposition \
                    and sentence.preposition(c) not in lex.occasion_preposition:
                continue
            phrase = [c] + [x for x in sentence.subtree(c) if x.deprel == "compound"]
            if any(x.lemma_lower in lex.natural_cause or x.lower in lex.natural_cause for x in phrase):
                return True
        if w.deprel not in ("advcl", "xcomp", "conj", "acl"):
            return False
        w = sentence.head_of(w)
    return False


def _governs_an_event(sentence: Sentence, verb: Word, anchors: set[int]) -> bool:
    """An event is anchored in the verb's infinitive clause or on a noun it takes ("agreed to
    develop cooperation", "agreed to talks")."""
    for c in sentence.children(verb):
        if c.deprel in ("xcomp", "advcl", "csubj"):
            if c.id in anchors or any(x.id in anchors for x in sentence.children(c) if x.deprel in ("obj", "obl")):
                return True
        elif c.deprel in ("obj", "obl") and c.id in anchors:
            return True
    return False


def _since(sentence: Sentence, anchor: Word, lex) -> bool:
    """The act is the start of a state the sentence reports (lexicon ``background_mark``: "has
    been closed since Israel withdrew from Gaza", "since the invasion"): background, not news.
    Its clause, or the phrase of its noun, opens with such a word, or the clause it continues
    does ("its government has since been boycotted": an adverb, not a mark of the clause)."""
    w: Word | None = anchor
    for _ in range(3):
        if w is None:
            return False
        first = sentence.subtree(w)[0]
        if first.deprel in ("mark", "case") and first.head == w.id and first.lower in lex.background_mark:
            return True
        if w.deprel not in ("conj", "xcomp", "obj"):
            return False
        w = sentence.head_of(w)
    return False


def _background(e) -> bool:
    story = e.analysis.sentence.doc_date
    if story is None:
        return False
    when = e.analysis.event_date(e.anchor)
    return when.source == "text" and when.date is not None and (story - when.date).days > 366


def _unnamed(ref: ActorRef) -> ActorRef:
    """``ref`` as a side with no code (one-sided), its words and role kept."""
    return replace(ref, code="", country=None)


def _actors_besides(coder, a: Analysis, word: Word | None, other: Word | None) -> list[ActorRef]:
    """The coded actors of the phrase of ``word`` that the phrase of ``other`` does not name (who
    is threatened or asked, never the one who threatens or asks)."""
    if word is None:
        return []
    codes = {r.code for r in coder.actors.actors_of(a, other)} if other is not None else set()
    return [r for r in coder.actors.actors_of(a, word) if r.code and r.code not in codes]


def _new_codes(refs: list[ActorRef], known: list[ActorRef]) -> list[ActorRef]:
    """The actors of ``refs`` whose codes ``known`` does not hold."""
    return [r for r in refs if all(r.code != x.code for x in known)]


def _in_hyphenated(sentence: Sentence, w: Word) -> bool:
    """True for a word joined by a hyphen token to the word before it ("insurgency - hit") or
    written with a leading hyphen ("-called")."""
    if w.text.startswith("-") and len(w.text) > 1:
        return True
    if w.id > 2:
        prev = sentence.word(w.id - 1)
        return prev.text == "-" and prev.xpos == "HYPH"
    return False


def rules_for(dictionaries) -> Rules:
    """The rules a dictionary set is written for: classic sets list verb forms, the project's do not."""
    return PetrarchRules() if dictionaries.verb_forms else ProjectRules()


def _audience(coder, ref: ActorRef) -> bool:
    """``ref`` is an audience (lexicon ``audience_role``): its role, or a code that is only that
    role or a country with it ("MED" for a news agency in classic dictionaries, "USAMED")."""
    roles = coder.lex.audience_role
    code = ref.code
    if ref.agent and ref.agent.lower() in roles:
        return True
    if len(code) == 3:
        return code.lower() in roles  # a role alone, even where a region has the same code
    rest = code[3:] if code[:3] in coder.dictionaries.country_codes else code
    return len(rest) == 3 and rest.lower() in roles


#: tags of a present-tense verb or auxiliary
_PRESENT = frozenset({"VBZ", "VBP"})


def news_modality(coder, a: Analysis, w: Word) -> str:
    """The modality of ``w`` (:func:`.modality.modality`); an act told in the present tense
    ("is travelling", "leaves") but dated to a day after the story's is planned."""
    mode = modality(a.sentence, w, coder.lex)
    if mode != ASSERTED and _appeal_of_another(coder, a, w):
        return ASSERTED
    story = a.sentence.doc_date
    if mode != ASSERTED or story is None or w.upos not in ("VERB", "AUX"):
        return mode
    # a third-person present ("leaves for Washington on Friday") or a present progressive ("is
    # travelling"): forms taggers rarely give a past verb (a bare "struck" may be tagged VBP)
    present = w.xpos == "VBZ" or (w.xpos == "VBG" and any(c.xpos in _PRESENT for c in a.sentence.children(w)
                                                          if c.deprel in ("aux", "aux:pass")))
    if not present:
        return mode
    when = a.event_date(w)
    if when.source == "text" and when.precision == "day" and when.date is not None and when.date > story:
        return FUTURE
    return mode


def _appeal_of_another(coder, a: Analysis, w: Word) -> bool:
    """``w`` is an appeal or demand (CAMEO class ``appeal``) made by an actor named on it, the
    object of a verb ("plans to meet a NATO request"): made already, whatever the verb's clause
    says of the answer."""
    if w.upos != "NOUN" or w.deprel != "obj":
        return False
    entry = coder.entry_for(a.sentence, w)
    if entry is None or not coder.ontology.is_a(entry.entry.code, "appeal"):
        return False
    for c in a.sentence.children(w):
        if c.deprel in ("compound", "nmod:poss") and c.upos != "PRON" and (c.id in a.actor_at or c.id in a.agent_at):
            ref = coder.actors.resolve(a, c)
            if ref is not None and ref.code and not coder.actors.role_only(ref):
                return True
    return False


def appeal_in_statement(coder, a: Analysis, frame: Frame, code: str | None):
    """A statement whose content says an actor should act ("The United States said Syria should
    become a positive actor": lexicon ``obligation_auxiliary``), or a wish that it will (lexicon
    ``wish_verb`` with ``future_auxiliary``: "hopes Japan will ..."), coded as cameo.txt's '!' lines
    say (an appeal, 020) with that actor as its target; as (code, targets), or None."""
    new = coder.ontology.obligation_of(code)
    if new is None:
        return None
    sentence = a.sentence
    lex = coder.lex
    # a wish that an actor will act is an appeal to it too ("we hope the United States will keep
    # its agreement": lexicon wish_verb)
    wish = frame.verb.lemma_lower in lex.wish_verb or frame.verb.lower in lex.wish_verb
    auxiliaries = lex.obligation_auxiliary | lex.future_auxiliary if wish else lex.obligation_auxiliary
    for c in sentence.children(frame.verb):
        if c.deprel not in ("ccomp", "parataxis"):
            continue
        kids = sentence.children(c)
        if not any(x.deprel == "aux" and x.lower in auxiliaries for x in kids) \
                or coder.is_negated(sentence, c):
            continue
        subject = next((x for x in kids if x.deprel in ("nsubj", "nsubj:pass")), None)
        if subject is None or subject.upos == "PRON":
            continue  # "said he should resign": most often the speaker himself
        targets = coder.actors.actors_of(a, subject, target=True)
        if targets:
            return new, targets
    return None


def each_with_each_other(sources: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
    """Each actor with each other one, but an actor never with a part or a role of itself ("the
    UN and its peacekeepers", "Ramallah, West Bank")."""
    def related(x: str, y: str) -> bool:
        return x.startswith(y) or y.startswith(x)
    return [(s, t) for s in sources for t in sources if s.code != t.code and not related(s.code, t.code)]


def mutual_act(coder, sentence: Sentence, w: Word, act: str | None, mode: str) -> bool:
    """The act of ``w`` is mutual (CAMEO class ``mutual``), asserted or scheduled, and not only
    announced by one side ("Hill said he will meet Kim": Hill's intent)."""
    if not coder.ontology.is_a(act, "mutual") or mode not in (ASSERTED, FUTURE):
        return False
    if mode == FUTURE and w.deprel in ("ccomp", "parataxis") \
            and any(c.upos == "PRON" and c.deprel.startswith("nsubj") for c in sentence.children(w)):
        return False
    return True


def news_repaired(coder, sentence: Sentence) -> Sentence:
    """``sentence`` with the parse errors of news that :mod:`.repairs` knows undone."""
    lex = coder.lex
    names: frozenset[int] = frozenset()
    if any([w.text[:1].isupper() for w in sentence.words if w.upos == "VERB"]):
        # a name the parser read as a verb ("Beijing warned ..."): the words of dictionary names
        a = Analysis(sentence, sentence.doc_date)
        names = frozenset(wid for m in coder.actor_names.find(a.token_parts(False), a.token_starts(False))
                          for wid in m.words)
    # a name read as a pronoun ("Hu said ..."): its lemma is capitalised, as no pronoun's is but
    # the speaker's "I" (a name given in full earlier, so not in the dictionaries' names)
    misread = [w.id for w in sentence.words
               if w.upos == "PRON" and w.lemma[:1].isupper() and w.lemma_lower not in lex.speaker_pronoun]
    if misread:
        names = names | frozenset(misread)
    # a phrasal verb's particle read as the preposition of its object ("handed over the suspect")
    particles = frozenset(w.id for w in sentence.words
                          if w.upos == "ADP" and w.deprel == "case" and w.id > 1
                          and f"{_lemma_of(sentence.word(w.id - 1))} {w.lower}" in coder.phrasal_verbs)
    return repair(sentence, lex.time_name, lex.time_noun, lex.time_modifier, names, particles, lex.clause_mark)


def _lemma_of(w: Word) -> str:
    return w.lemma_lower if w.upos == "VERB" else ""


def _proper_run(sentence: Sentence, w: Word) -> list[Word]:
    """The run of proper nouns, in sentence order, that ``w`` is in."""
    words = sentence.words
    i = j = w.id - 1
    while i > 0 and words[i - 1].upos == "PROPN":
        i -= 1
    while j + 1 < len(words) and words[j + 1].upos == "PROPN":
        j += 1
    return words[i:j + 1]


def _self_with_bare_country(coder, event) -> bool:
    """The event is between one country and itself, one side being the country named bare."""
    s, t = event.source.code, event.target.code
    if not s or not t or s[:3] != t[:3] or (len(s) != 3 and len(t) != 3):
        return False
    return s[:3] in coder.dictionaries.country_codes
