"""From noun phrases to actor codes.

An actor phrase is read from the dependency graph: its head, the words inside its phrase
(compounds, adjectives, possessives, 'of' phrases ...), and the dictionary mentions found on those
words (:class:`eventcoder.coding.analysis.Analysis`).  Two readings exist, one per dictionary
dialect (chosen by the rules, never by a flag):

* :class:`ProjectActors`, for the project's dictionaries: named actors with dated codes, combined
  with a role found in their phrase ("Turkish President ..." = TURGOV); a role takes its country
  from an 'of'/'in'/'from' phrase or from a named actor beside it; a common noun takes the actor
  of its country modifier where it is an event's target ("struck Iranian targets" = IRN); one actor
  per coordinated conjunct or country modifier ("Pakistani and Indian troops").
* :class:`PetrarchActors`, for classic TABARI/PETRARCH dictionaries: PETRARCH's reading, the
  phrase's actor (its head's, else the first one in the phrase or a nested phrase) combined with
  every agent of the phrase in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from ..dictionaries.model import ActorEntry, AgentEntry
from ..model import Sentence, Word
from .analysis import Analysis
from .phrases import Mention

#: relations that keep a word inside the noun phrase of its head
PHRASE_RELATIONS = frozenset({"compound", "flat", "flat:name", "amod", "nmod:poss", "det", "nummod", "case", "fixed",
                              "goeswith", "det:poss", "nmod:npmod", "compound:prt", "punct", "nmod:desc"})
_NAME_RELATIONS = ("flat", "flat:name", "fixed", "goeswith")
_word_id = attrgetter("id")


@dataclass
class ActorRef:
    """An actor as it appears in a sentence, with the code it resolves to."""

    code: str
    text: str
    head: Word
    country: str | None = None
    agent: str | None = None
    evidence: list[str] = field(default_factory=list)  # dictionary entries used, as "name (file:line)"
    word: Word | None = None  # the word of the named actor inside the phrase, when known
    #: where the code came from: text | pronoun | alias | story | place | pair | implied
    basis: str = "text"

    def copy(self) -> "ActorRef":
        """A copy its reader may change (a phrase's text, its basis) without changing this one."""
        return ActorRef(self.code, self.text, self.head, self.country, self.agent, list(self.evidence), self.word,
                        self.basis)


def path_to(sentence: Sentence, top: Word, w: Word | None) -> list[Word]:
    """The words from ``w`` up to (not including) ``top``."""
    out: list[Word] = []
    while w is not None and w.id != top.id and len(out) < 10:
        out.append(w)
        w = sentence.head_of(w)
    return out


def conjuncts(sentence: Sentence, head: Word) -> list[Word]:
    """The words coordinated with ``head`` ("Armenia and Azerbaijan"), nested lists included; an
    apposition inside a list is an item ("Evil Mordor, the awful Arnor, and good Gondor")."""
    out = []
    stack = [head]
    while stack:
        w = stack.pop()
        kids = sentence.children(w)
        listed = any(c.deprel == "conj" for c in kids)
        for c in kids:
            rel = c.deprel
            in_list = listed or any(g.deprel == "conj" for g in sentence.children(c))
            if (rel == "conj" or (rel == "appos" and in_list and c.upos == "PROPN")) \
                    and c.upos in ("PROPN", "NOUN", "PRON", "ADJ", "X"):
                out.append(c)
                stack.append(c)
    return out


def apposed_names(sentence: Sentence, head: Word, roles: frozenset[str]) -> set[int]:
    """The names hung as conjuncts on a noun of ``roles`` (a person's role) after a comma, in a
    list with no 'and' or 'or': the role's apposition, one person ("his Afghan counterpart,
    Rangeen Spanta, ...")."""
    kids = [c for c in sentence.children(head) if c.deprel == "conj"]
    if not kids or head.upos != "NOUN" or head.lemma_lower not in roles \
            or not _after_comma(sentence, kids[0]) or _coordinated(sentence, head):
        return set()
    return {c.id for c in kids if c.upos == "PROPN"}


def _after_comma(sentence: Sentence, w: Word) -> bool:
    """The phrase of ``w`` (its punctuation aside) comes right after a comma."""
    start = next(x for x in sentence.subtree(w) if x.upos != "PUNCT").id
    return start > 1 and sentence.word(start - 1).text == ","


def _coordinated(sentence: Sentence, w: Word) -> bool:
    """A conjunct of ``w``, or of one of its conjuncts, has an 'and' or 'or'."""
    stack = [w]
    while stack:
        for c in sentence.children(stack.pop()):
            if c.deprel == "conj":
                if any(g.deprel == "cc" for g in sentence.children(c)):
                    return True
                stack.append(c)
    return False


class Actors:
    """What both readings share: the dictionaries' codes, phrases, nested phrases, references."""

    #: a verb under a noun heads a clause: its words are not part of the noun's actor phrase
    clauses_end_phrases = True

    def __init__(self, dictionaries, lexicon):
        self.d = dictionaries
        self.lex = lexicon
        #: the country of a town or region the dictionaries do not name (set by the coder), or None
        self.place_country = None
        #: the prepositions of phrases that belong to the noun they modify (made once, not per phrase)
        self._phrase_prepositions = lexicon.of_preposition | lexicon.belonging_preposition

    # -- building references ----------------------------------------------------------------------

    def combine(self, code: str, agent: AgentEntry) -> str:
        if agent.code and code.endswith(agent.code):
            return code
        return agent.code + code if agent.prefix else code + agent.code

    def ref(self, code: str, text: str, head: Word, evidence: list[str], agent: str | None) -> ActorRef:
        d = self.d
        country = code[:3] if code[:3] in d.country_codes else None
        if agent is None and len(code) >= 6 and code[-3:] in d.agent_codes:
            agent = code[-3:]
        return ActorRef(code, text, head, country, agent, evidence)

    def role_only(self, ref: ActorRef) -> bool:
        """An agent without a country or named actor ("troops", "hostages")."""
        d = self.d
        return ref.country is None and (ref.code in d.agent_codes or ref.code[len(d.unknown_country):] in d.agent_codes)

    # -- phrases ---------------------------------------------------------------------------------

    def phrase_words(self, sentence: Sentence, head: Word) -> list[Word]:
        """``head`` and the words of its noun phrase (not clauses, not other prepositional phrases)."""
        keep = self._phrase_prepositions
        clauses_end = self.clauses_end_phrases
        children = sentence.children
        out = [head]
        stack = [head]
        while stack:
            for c in children(stack.pop()):
                rel = c.deprel
                if clauses_end and c.upos in ("VERB", "AUX") and rel not in _NAME_RELATIONS:
                    continue
                if rel in PHRASE_RELATIONS or (rel == "nmod" and _prep_in(sentence, c, keep, True)):
                    out.append(c)
                    stack.append(c)
        if len(out) > 1:
            out.sort(key=_word_id)
        return out

    def phrase_text(self, sentence: Sentence, phrase: list[Word], head: Word) -> str:
        """The words of ``phrase`` (in sentence order, as :meth:`phrase_words` gives it) without
        its prepositions, punctuation and determiners."""
        return " ".join([w.text for w in phrase if w.deprel not in ("case", "punct", "det")] or [head.text])

    def head_text(self, sentence: Sentence, head: Word) -> str:
        """The text of the noun phrase headed by ``head`` (:meth:`phrase_text` of its words)."""
        return self.phrase_text(sentence, self.phrase_words(sentence, head), head)

    def nested(self, sentence: Sentence, head: Word, preps: frozenset[str], bare: bool = True) -> list[Word]:
        """The nominal phrases under ``head`` with one of ``preps`` (``bare``: or none, a possessive)."""
        return [c for c in sentence.children(head)
                if c.deprel in ("nmod", "nmod:poss") and _prep_in(sentence, c, preps, bare)]

    def appositive(self, a: Analysis, head: Word, depth: int) -> ActorRef | None:
        """A named actor standing beside the head: "his counterpart Recep Tayyip Erdogan",
        "the head of ..., Sergei Naryshkin"."""
        sentence = a.sentence
        for c in sentence.children(head):
            rel = c.deprel
            if c.id in a.actor_at and c.id > head.id and (rel in ("appos", "flat", "nmod:desc")
                                                          or (rel == "nmod" and sentence.preposition(c) is None
                                                              and c.upos == "PROPN")):
                return self.resolve(a, c, depth + 1)
        for c in sentence.children(head):
            # "his predecessor as prime minister, Iyad Allawi": the name given with the role held
            if c.deprel == "nmod" and c.id > head.id and sentence.preposition(c) in self.lex.role_preposition:
                named = self.appositive(a, c, depth + 1)
                if named is not None:
                    return named
        return None

    def pair(self, a: Analysis, w: Word, head: Word, role: AgentEntry | None = None) -> list[ActorRef]:
        """The story's two actors a pair phrase stands for ("the two countries"; with ``role``,
        that role of theirs: "the top diplomats of the two countries")."""
        out = []
        for code, text in a.pairs[w.id]:
            if role is not None:
                code = self.combine(code[:3], role) if code[:3] in self.d.country_codes else code
            phrase = self.phrase_words(a.sentence, head)
            ref = self.ref(code, self.phrase_text(a.sentence, phrase, head), head,
                           [f"the story's two actors: {text}"], role.code if role is not None else None)
            ref.basis = "pair"
            out.append(ref)
        return out

    def resolve(self, a: Analysis, head: Word, depth: int = 0, target: bool = False,
                modifiers: bool = True, country_word: Word | None = None) -> ActorRef | None:
        """The actor of the noun phrase headed by ``head``, or None (each reading says how and
        which of the options it reads)."""
        raise NotImplementedError

    def actors_of(self, a: Analysis, head: Word | None, target: bool = False, modifiers: bool = True) -> list[ActorRef]:
        """Every actor the phrase of ``head`` names (one per coordinated name), none for None
        (each reading says how)."""
        raise NotImplementedError

    def unlisted(self, sentence: Sentence) -> list[int]:
        """The words that may give their phrase an actor though no dictionary mention is on them
        (the reading decides: by default any word may)."""
        return [w.id for w in sentence.words]

    def names_no_one(self, a: Analysis, head: Word) -> bool:
        """The phrase of ``head`` cannot name an actor: no word of its subtree is a mention, nor a
        word the reading takes an actor from without one (:meth:`unlisted`).  Every reading
        looks only below its head for what names it, so most noun phrases ("the talks", "a
        statement") are known to name no one without being read.  Known once the sentence's
        mentions are final (:meth:`Analysis.keep_actors`); before that, False."""
        if a.phrase_actors is None:
            return False
        naming = a.naming_words
        if naming is None:
            naming = a.naming_words = self._naming_words(a)
        return head.id not in naming

    def _naming_words(self, a: Analysis) -> set[int]:
        """The ids of the words with a mention or an unlisted name (:meth:`unlisted`) in their
        subtree: each such word and the words above it."""
        seeds = set(a.actor_at)
        seeds.update(a.agent_at)
        seeds.update(self.unlisted(a.sentence))
        return a.sentence.at_or_above(seeds)

    def _kept(self, a: Analysis, key: tuple, read, *args) -> ActorRef | None:
        """``read(*args)``, the reading of a phrase, once per ``key`` where the analysis keeps its
        actors (:meth:`Analysis.keep_actors`): each caller gets its own copy, as a reading gives a
        new reference each time."""
        kept = a.phrase_actors
        if kept is None:
            return read(*args)
        if key in kept:
            ref = kept[key]
        else:
            ref = kept[key] = read(*args)
        return ref.copy() if ref is not None else None

    def author(self, a: Analysis, head: Word, depth: int) -> ActorRef | None:
        """The actor a document noun speaks for; none by default (PETRARCH reads no document as an actor)."""
        return None


def _prep_in(sentence: Sentence, word: Word, preps: frozenset[str], bare: bool) -> bool:
    p = sentence.preposition(word)
    return p in preps if p is not None else bare


class ProjectActors(Actors):
    """The project dictionaries' reading of actor phrases (see the module docstring)."""

    def resolve(self, a: Analysis, head: Word, depth: int = 0, target: bool = False,
                modifiers: bool = True, country_word: Word | None = None) -> ActorRef | None:
        """The actor a noun phrase headed by ``head`` stands for, or None.  ``target``: the phrase
        is an object or oblique of an event (a common noun may take its country modifier's actor);
        ``modifiers``: allow that at all.  (``country_word`` is PETRARCH's.)"""
        if depth > 3 or self.names_no_one(a, head):
            return None
        # a name or a role reads the same wherever its phrase stands: ``target`` and ``modifiers``
        # matter only to a phrase that names no one (see :meth:`_read`)
        named = head.id in a.actor_at or head.id in a.agent_at
        key = (head.id, depth) if named else (head.id, depth, bool(target), bool(modifiers))
        return self._kept(a, key, self._read, a, head, depth, target, modifiers)

    def unlisted(self, sentence: Sentence) -> list[int]:
        """Proper nouns (a place, a person the story knows) and document nouns (their author) may
        be actors without a mention."""
        document = self.lex.document_noun
        return [w.id for w in sentence.words if w.upos == "PROPN" or w.lemma_lower in document or w.lower in document]

    def _read(self, a: Analysis, head: Word, depth: int, target: bool, modifiers: bool) -> ActorRef | None:
        """:meth:`resolve`, read from the phrase."""
        sentence = a.sentence
        lex = self.lex
        actor = a.actor_at.get(head.id)
        agent = a.agent_at.get(head.id)
        if actor is not None or agent is not None:
            phrase = self.phrase_words(sentence, head)
            text = self.phrase_text(sentence, phrase, head)
            if actor is not None:
                return self._named(a, head, actor, phrase, text)
            return self._role(a, head, agent, phrase, text, depth)  # type: ignore[arg-type]
        # most phrases name no one: their words and text are read only for an actor found
        named = self.appositive(a, head, depth)
        if named is not None:
            return named
        if head.lemma_lower in lex.relational or head.lower in lex.relational:
            # "the head of Russia's intelligence", "Council members": the group it belongs to
            for of in self.nested(sentence, head, lex.of_preposition) + [
                    c for c in sentence.children(head) if c.deprel == "compound" and c.id in a.actor_at]:
                inner = self.resolve(a, of, depth + 1)
                if inner is not None:
                    inner.text = self.head_text(sentence, head)
                    return inner
        if (head.lemma_lower in lex.document_noun or head.lower in lex.document_noun) and not target:
            author = self.author(a, head, depth)
            if author is not None:
                author.text = self.head_text(sentence, head)
                return author
        if head.upos == "PROPN":
            phrase = self.phrase_words(sentence, head)
            text = self.phrase_text(sentence, phrase, head)
            if target and self.place_country is not None:
                place = self.place(a, head, text)
                if place is not None:
                    return place
            unknown = self.unknown_name(a, head, phrase, text)
            if unknown is not None:
                return unknown
        if head.upos == "NUM" or head.lemma_lower in lex.quantity or head.lower in lex.quantity:
            # "dozens of students", "hundreds of Syrian mercenaries", "three of the soldiers": the
            # 'of' phrase is the actor
            for of in self.nested(sentence, head, lex.of_preposition, bare=False):
                inner = self.resolve(a, of, depth + 1, target=target, modifiers=modifiers)
                if inner is not None:
                    inner.text = self.head_text(sentence, head)
                    return inner
        if depth <= 1 and modifiers:
            return self.by_modifier(a, head, target)
        return None

    def _named(self, a: Analysis, head: Word, actor: Mention, phrase: list[Word], text: str) -> ActorRef | None:
        """A named actor; a country takes the role of an agent in its phrase ("Turkish President ...")
        but not one inside an 'of' phrase of the name ("Turkey of killing civilians")."""
        sentence = a.sentence
        entry: ActorEntry = actor.entry
        code = entry.code_on(a.date)
        if code is None:
            return None
        evidence = [f"{entry.name} ({entry.origin})"]
        agent_code = None
        if len(code) > 3 and entry.kind == "actor":
            # an institution of another country than the dictionary's ("India's Congress party",
            # "the Pakistani Taliban"): the country its phrase names, with the institution's role
            for w in phrase:
                m = a.actor_at.get(w.id)
                if m is None or w.id == head.id or w.id in actor.words or w.deprel not in ("nmod:poss", "amod", "compound"):
                    continue
                other = m.entry.code_on(a.date)
                if m.entry.kind in ("country", "adjective") and other and len(other) == 3 \
                        and other != code[:3] and code[:3] in self.d.country_codes:
                    evidence.insert(0, f"{m.entry.name} ({m.entry.origin})")
                    code = other + code[3:]
                    break
        if len(code) == 3:
            for w in phrase:
                m = a.agent_at.get(w.id)
                if m is not None and w.id != head.id and not any(
                        x.deprel.startswith("nmod") and sentence.preposition(x) for x in path_to(sentence, head, w)):
                    agent_code = m.entry.code
                    evidence.append(f"{m.entry.name} ({m.entry.origin})")
                    code = self.combine(code, m.entry)
                    break
        ref = self.ref(code, text, head, evidence, agent_code)
        if entry.kind in ("alias", "pronoun"):
            ref.basis = entry.kind
        return ref

    def _role(self, a: Analysis, head: Word, agent: Mention, phrase: list[Word], text: str,
              depth: int) -> ActorRef | None:
        """A role: its country from a named actor in apposition or in its phrase, or from an 'of',
        'in' or 'from' phrase; a named organisation keeps its own code ("Hamas leaders" = Hamas);
        alone, the role code (or ``---GOV`` where the dictionaries say so)."""
        sentence = a.sentence
        agent_entry: AgentEntry = agent.entry
        evidence = [f"{agent_entry.name} ({agent_entry.origin})"]
        named = self.appositive(a, head, depth)
        if named is not None:
            return named
        for w in phrase:
            m = a.actor_at.get(w.id)
            if m is not None and w.id != head.id:
                base = m.entry.code_on(a.date)
                if base:
                    evidence.insert(0, f"{m.entry.name} ({m.entry.origin})")
                    if len(base) != 3:
                        return self.ref(base, text, head, evidence[:1], None)
                    return self.ref(self.combine(base, agent_entry), text, head, evidence, agent_entry.code)
        for of in self.nested(sentence, head, self.lex.membership_preposition):
            inner = self.resolve(a, of, depth + 1)
            if inner is not None and len(inner.code) == 3 and inner.country:
                return self.ref(self.combine(inner.code, agent_entry), text, head, inner.evidence + evidence,
                                agent_entry.code)
            if inner is not None and inner.agent is None and a.actor_at.get(of.id) is not None:
                inner.text = text  # "the leader of Hamas" is Hamas
                return inner
        if self.place_country is not None and not agent_entry.prefix:
            # a town named with the role: "Istanbul police", "Kampala mayor"
            for c in sentence.children(head):
                if c.deprel in ("compound", "nmod:poss", "amod") and c.upos == "PROPN" and c.id not in a.actor_at:
                    country = self.place_country(c.text)
                    if country and country in self.d.country_codes:
                        ref = self.ref(country + agent_entry.code, text, head,
                                       evidence + [f"the place {c.text} (gazetteer)"], agent_entry.code)
                        ref.basis = "place"
                        return ref
        if head.deprel in ("compound", "nmod:poss") and not agent_entry.prefix:
            # "Israeli troops' gunfire" parsed with 'Israeli' on the gunfire: the adjective before
            # the role, on the noun the role modifies, is the role's country
            owner = sentence.head_of(head)
            for c in sentence.children(owner) if owner is not None else ():
                m = a.actor_at.get(c.id)
                if c.deprel == "amod" and c.id < head.id and m is not None and m.entry.kind == "adjective":
                    country = m.entry.code_on(a.date)
                    if country and len(country) == 3:
                        return self.ref(self.combine(country, agent_entry), text, head,
                                        [f"{m.entry.name} ({m.entry.origin})"] + evidence, agent_entry.code)
        earlier = a.role_countries.get(head.lemma_lower)
        if earlier and not agent_entry.prefix:
            # the same role named earlier with its country ("the Danish minister of foreign affairs
            # ... Minister of Foreign Affairs Per Stig Moeller met ...")
            ref = self.ref(earlier + agent_entry.code, text, head,
                           evidence + [f"the {head.lemma_lower} named earlier ({earlier})"], agent_entry.code)
            ref.basis = "alias"
            return ref
        if a.story_country and not agent_entry.prefix:
            # a role in a story about one country is that country's ("the government", "police")
            ref = self.ref(a.story_country + agent_entry.code, text, head,
                           evidence + [f"the story's country {a.story_country}"], agent_entry.code)
            ref.basis = "story"
            return ref
        alone = agent_entry.code if agent_entry.prefix else self.d.unknown_country + agent_entry.code
        return self.ref(alone, text, head, evidence, agent_entry.code)

    def author(self, a: Analysis, head: Word, depth: int) -> ActorRef | None:
        """The author of a document that speaks or acts ("the IAEA report urged Iran", "a
        statement from the UN office said", "the Council adopted a statement that welcomed ...",
        a report the story named with its author before): lexicon ``document_noun``."""
        sentence = a.sentence
        for c in sentence.children(head):
            if c.deprel in ("compound", "nmod:poss") and c.id in a.actor_at:
                return self.resolve(a, c, depth + 1)
        for of in self.nested(sentence, head, self.lex.agent_preposition | self.lex.of_preposition
                              | self.lex.source_preposition, bare=False):
            inner = self.resolve(a, of, depth + 1)
            if inner is not None:
                return inner
        verb = sentence.head_of(head)
        if verb is not None and head.deprel in ("obj", "nsubj:pass") and verb.upos == "VERB" and depth == 0:
            for c in sentence.children(verb):  # a parse may give the verb two subjects: the one that is someone
                if c.deprel == "nsubj" and c.id != head.id:
                    ref = self.resolve(a, c, depth + 1)
                    if ref is not None and ref.code:
                        return ref
        known = a.documents.get(head.lemma_lower)
        if known is not None:
            ref = self.ref(known[0], known[1], head, [f"the {head.lemma_lower} named before ({known[1]})"], None)
            ref.basis = "alias"
            return ref
        return None

    def place(self, a: Analysis, head: Word, text: str) -> ActorRef | None:
        """A town or region the dictionaries do not name, as the target of an event, stands for
        its country ("arrived at Sanya" in China, "visited Shenyang"): the gazetteer says which."""
        sentence = a.sentence
        name = [head] + [c for c in sentence.children(head) if c.deprel in ("compound", "flat", "flat:name")
                         and c.upos == "PROPN" and c.id < head.id]
        name.sort(key=lambda w: w.id)
        country = self.place_country(" ".join(w.text for w in name))
        if country is None or country not in self.d.country_codes:
            return None
        ref = self.ref(country, text, head, [f"the place {text} (gazetteer)"], None)
        ref.basis = "place"
        return ref

    def unknown_name(self, a: Analysis, head: Word, phrase: list[Word], text: str) -> ActorRef | None:
        """A proper name the dictionaries do not know, coded by what its phrase says it is
        ("Egyptian President Hosni Hubarak" = EGY + GOV), else, in a story about one country, as a
        person of that country, in the role its phrase gives (lexicon ``unknown_person_role`` when
        none does: "Police detained Guan Jingquan")."""
        country = role = None
        evidence: list[str] = []
        for w in phrase:
            if w.id == head.id:
                continue
            m = a.actor_at.get(w.id)
            if m is not None and country is None:
                code = m.entry.code_on(a.date)
                if code and len(code) == 3 and code in self.d.country_codes:
                    country = code
                    evidence.append(f"{m.entry.name} ({m.entry.origin})")
            g = a.agent_at.get(w.id)
            if g is not None and role is None and not self._heads_unknown(a, w):
                role = g.entry
                evidence.append(f"{g.entry.name} ({g.entry.origin})")
        if country is not None:
            code = self.combine(country, role) if role is not None else country
            return self.ref(code, text, head, evidence, role.code if role is not None else None)
        if a.story_country and head.deprel not in ("compound", "flat", "flat:name") and self.lex.unknown_person_role:
            if not head.text[:1].isupper() or head.id not in a.person_names:
                return None
            # a role in the phrase says what the person is ("the government's spokesman Thomas Steg"),
            # or a role in apposition ("Wang Jun, governor of Hebei Province")
            if role is None:
                role = next((g.entry for c in a.sentence.children(head) if c.deprel == "appos"
                             and (g := a.agent_at.get(c.id)) is not None and not self._heads_unknown(a, c)), None)
            role_code = role.code if role is not None else next(iter(sorted(self.lex.unknown_person_role))).upper()
            ref = self.ref(a.story_country + role_code, text, head, evidence + [f"the story's country {a.story_country}"],
                           role_code)
            ref.basis = "story"
            return ref
        return None

    def _heads_unknown(self, a: Analysis, w: Word) -> bool:
        """``w`` heads an organisation the dictionaries do not know ("Group leader", "Association
        president": lexicon ``organisation_head`` with a compound noun that is no actor or agent)."""
        if w.lemma_lower not in self.lex.organisation_head and w.lower not in self.lex.organisation_head:
            return False
        return any(c.deprel == "compound" and c.upos in ("NOUN", "PROPN") and c.id not in a.actor_at
                   and c.id not in a.agent_at for c in a.sentence.children(w))

    def by_modifier(self, a: Analysis, head: Word, target: bool) -> ActorRef | None:
        """A common noun that is neither actor nor agent takes the actor of its modifier.

        * In object or oblique position (``target``), a country adjective, a possessive or a
          compound named actor: "struck Iranian targets", "attacked Azerbaijani villages",
          "expelled UN inspectors", "froze Afghanistan's assets", "condemned Russia's move"; a
          role's possession is the role's ("stormed the Japanese ambassador's residence").
        * As the subject (source), only a nationality adjective: "Russian airstrikes hit ...",
          "Belgian gendarmes arrested ..."; a possessive subject is mostly a stance or quality
          ("Iraq's readiness", "Washington's determination") and is left alone.
        * Never on abstract nouns whose modifier says where or what about, not who: "the Syrian
          conflict", "the Turkish economy", "Iranian talks" (lexicon: abstract).
        """
        abstract = self.lex.abstract
        if head.upos != "NOUN" or head.lemma_lower in abstract or head.lower in abstract:
            return None
        instrument = head.lemma_lower in self.lex.instrument_noun or head.lower in self.lex.instrument_noun
        # a weapon is its user's: "Israeli troops' gunfire", "the army's tanks", "Israeli tank shells"
        allowed = ("amod", "nmod:poss", "compound") if target or instrument else ("amod",)
        if instrument:
            for c in a.sentence.children(head):
                if c.deprel in ("nmod:poss", "compound") and c.id not in a.actor_at and c.id in a.agent_at:
                    inner = self.resolve(a, c, 1)  # (its country may be an adjective on the head: see _role)
                    if inner is not None:
                        inner.text = self.head_text(a.sentence, head)
                        return inner
        for c in a.sentence.children(head):
            rel = c.deprel
            if rel not in allowed:
                continue
            m = a.actor_at.get(c.id)
            if m is None and rel == "nmod:poss" and target and c.id in a.agent_at:
                # a role's possession: "stormed the Japanese ambassador's residence" targets him
                inner = self.resolve(a, c, 1)
                if inner is not None and inner.country:
                    inner.text = self.head_text(a.sentence, head)
                    return inner
            if m is None:
                continue
            entry: ActorEntry = m.entry
            if rel == "amod" and entry.kind != "adjective":
                continue
            code = entry.code_on(a.date)
            if code:
                return self.ref(code, self.head_text(a.sentence, head), head, [f"{entry.name} ({entry.origin})"], None)
        return None

    def actors_of(self, a: Analysis, head: Word | None, target: bool = False, modifiers: bool = True) -> list[ActorRef]:
        """The actors of a phrase and of its coordinated conjuncts ("Armenia and Azerbaijan"), one
        per coordinated country modifier ("Pakistani and Indian troops"); a bare nationality
        adjective coordinated with a role phrase shares its role ("Ethiopian and Eritrean forces")."""
        if head is None:
            return []
        sentence = a.sentence
        out: list[ActorRef] = []
        apposed = apposed_names(sentence, head, self.lex.person_role)
        for w in [head] + conjuncts(sentence, head):
            if w.id in a.pairs:  # "the two countries": the story's two actors
                out.extend(self.pair(a, w, w))
                continue
            ref = self.resolve(a, w, target=target, modifiers=modifiers)
            if ref is None or (w.id in apposed and ref.basis == "story"):
                continue  # (a role's own name unknown to the dictionaries: the role stands)
            if all(r.code != ref.code for r in out):
                out.append(ref)
            for more in self.coordinated_modifiers(a, w, ref) + self.coordinated_members(a, w, ref):
                if all(r.code != more.code for r in out):
                    out.append(more)
        if len(out) > 1 and out[-1].agent and out[-1].country:
            role = out[-1].code[3:]
            for i, r in enumerate(out[:-1]):
                m = a.actor_at.get(r.head.id)
                if r.agent is None and len(r.code) == 3 and m is not None \
                        and m.entry.kind == "adjective" and not r.head.text.lower().endswith("s"):
                    out[i] = self.ref(r.code + role, r.text, r.head, r.evidence, out[-1].agent)
        first: dict[str, ActorRef] = {}
        for r in out:
            first.setdefault(r.code, r)
        return list(first.values())

    def coordinated_members(self, a: Analysis, head: Word, ref: ActorRef) -> list[ActorRef]:
        """A role of several countries ("officials of Kuwait and South Korea"): one actor per
        coordinated country of its 'of' phrase, with the role."""
        agent = a.agent_at.get(head.id)
        if agent is None:
            return []
        sentence = a.sentence
        out = []
        for of in self.nested(sentence, head, self.lex.membership_preposition, bare=False):
            if of.id in a.pairs:
                out.extend(self.pair(a, of, head, agent.entry))
                continue
            for x in conjuncts(sentence, of):
                inner = self.resolve(a, x, 1)
                if inner is not None and inner.country and len(inner.code) == 3:
                    out.append(self.ref(self.combine(inner.code, agent.entry), sentence.span_text([head, x]), head,
                                        inner.evidence + ref.evidence[-1:], agent.entry.code))
        return out

    def coordinated_modifiers(self, a: Analysis, head: Word, ref: ActorRef) -> list[ActorRef]:
        """Actors for the other conjuncts of the country modifier that ``ref`` was coded from."""
        if ref.country is None:
            return []
        sentence = a.sentence
        out = []
        kids = sentence.children(head)
        # the parser may hang both adjectives on the noun: "Pakistani and Indian troops" ('and' on
        # the noun or on the second adjective)
        modifiers = [c for c in kids if c.deprel in ("amod", "compound")]
        siblings = [c for c in modifiers if c.id in a.actor_at] \
            if any(c.deprel == "cc" for c in kids) or any(x.deprel == "cc" for c in modifiers[1:]
                                                          for x in sentence.children(c)) else []
        for c in kids:
            if c.deprel not in ("amod", "compound", "nmod:poss") or c.id not in a.actor_at:
                continue
            if a.actor_at[c.id].entry.code_on(a.date) != ref.country:
                continue
            for x in conjuncts(sentence, c) + [y for y in siblings if y.id != c.id]:
                m = a.actor_at.get(x.id)
                code = m.entry.code_on(a.date) if m is not None else None
                if code and len(code) == 3 and code in self.d.country_codes:
                    full = code + ref.code[3:]
                    out.append(self.ref(full, sentence.span_text([x, head]), head,
                                        [f"{m.entry.name} ({m.entry.origin})"] + ref.evidence[1:], ref.agent))  # type: ignore[union-attr]
        return out


class PetrarchActors(Actors):
    """PETRARCH's reading of actor phrases (classic dictionaries)."""

    clauses_end_phrases = False

    def resolve(self, a: Analysis, head: Word, depth: int = 0, target: bool = False,
                modifiers: bool = True, country_word: Word | None = None) -> ActorRef | None:
        """The phrase's actor (the head's, else the first one in the phrase or in an 'of', 'in' or
        'from' phrase) combined with every agent of the phrase in order, agents marked ``[CODE~]``
        going first ("An MSF Arnor diplomat" = NGO + ARN + GOV, "West German world government
        activists" = GMWGOV + WGO).  ``country_word``: resolve with this word as the phrase's actor
        (one actor per coordinated name inside a phrase); ``target`` and ``modifiers`` are the
        project reading's."""
        if depth > 3 or (country_word is None and self.names_no_one(a, head)):
            return None
        return self._kept(a, (head.id, depth, country_word.id if country_word is not None else 0), self._read,
                          a, head, depth, country_word)

    def unlisted(self, sentence: Sentence) -> list[int]:
        """PETRARCH reads actors from mentions only."""
        return []

    def _read(self, a: Analysis, head: Word, depth: int, country_word: Word | None) -> ActorRef | None:
        """:meth:`resolve`, read from the phrase."""
        sentence = a.sentence
        lex = self.lex
        phrase = self.phrase_words(sentence, head)
        pronoun = head.upos == "PRON"
        actor_m = a.actor_at.get(head.id) if country_word is None else a.actor_at.get(country_word.id)
        if country_word is not None and actor_m is None:
            return None
        if actor_m is None and not pronoun:
            named = self.appositive(a, head, depth)
            if named is not None:
                return named
            for w in phrase:
                if w.id in a.actor_at and (country_word is None or w.id == country_word.id):
                    actor_m = a.actor_at[w.id]
                    break
        base: ActorRef | None = None
        evidence: list[str] = []
        code: str | None = None
        actor_word: Word | None = None
        if actor_m is not None and a.in_story and self._about(sentence, actor_m):
            return None
        if actor_m is not None:
            entry: ActorEntry = actor_m.entry
            code = entry.code_on(a.date)
            if code is None:
                return None
            evidence.append(f"{entry.name} ({entry.origin})")
            actor_words = set(actor_m.words)
            inside = set(actor_m.words)  # the name's own head: the word whose head is outside the name
            tops = [i for i in actor_m.words if sentence.word(i).head not in inside]
            actor_word = head if head.id in inside else sentence.word(tops[0] if tops else actor_m.words[-1])
        else:
            actor_words = set()
            if pronoun:
                return None
            # "ties between Arnor and Gondor", "the opposition in Arnor": the first actor of a
            # nested phrase ('in' too, as PETRARCH reads it; in a story only for a role, as
            # "talks in Hanoi" are not Vietnam's)
            preps = lex.membership_preposition | lex.between_preposition
            if not a.in_story or head.id in a.agent_at:
                preps = preps | lex.location_preposition
            for of in self.nested(sentence, head, preps):
                if country_word is not None and of.id != country_word.id:
                    continue
                base = self.resolve(a, of, depth + 1)
                if base is not None:
                    code = base.code
                    evidence.extend(base.evidence)
                    actor_word = base.word
                    break
        agents: list[AgentEntry] = []
        seen_mentions: list[Mention] = []
        for w in phrase:
            m = a.agent_at.get(w.id)
            if m is None or w.id in actor_words or any(m is x for x in seen_mentions):
                continue
            if country_word is None and base is None and w.id != head.id and any(
                    x.deprel == "nmod" for x in path_to(sentence, head, w)):
                continue  # an agent inside an 'of' phrase of another noun is not this phrase's role
            seen_mentions.append(m)
            agents.append(m.entry)
            evidence.append(f"{m.entry.name} ({m.entry.origin})")
        if code is None:
            # a role alone is an actor only when it heads the phrase ("the military", not
            # "military support")
            if not agents or not any(head.id in m.words for m in seen_mentions):
                return None
            # in a story, a role named alone is of the country named with it earlier, else of the
            # story's country (story context; a single sentence has neither)
            code = a.role_countries.get(head.lemma_lower) or a.story_country or self.d.unknown_country
        for ag in agents:
            if ag.code and (code.endswith(ag.code) or code.startswith(ag.code) and ag.prefix):
                continue
            code = ag.code + code if ag.prefix else code + ag.code
        if not code or code == self.d.unknown_country:
            return None
        text = self.phrase_text(sentence, phrase, head)  # read only for an actor found: most phrases name none
        ref = self.ref(code, text, head, evidence, agents[-1].code if agents else None)
        ref.word = actor_word
        return ref

    def _about(self, sentence: Sentence, actor_m: Mention) -> bool:
        """In news, a name modifying an abstract noun (lexicon ``abstract``) says where or what
        about, not who ("U.S. dollars", "the Syrian conflict"); a possessor still owns it."""
        inside = set(actor_m.words)
        tops = [sentence.word(i) for i in actor_m.words if sentence.word(i).head not in inside]
        if len(tops) != 1 or tops[0].deprel not in ("amod", "compound"):
            return False
        noun = sentence.head_of(tops[0])
        abstract = self.lex.abstract
        return noun is not None and noun.upos == "NOUN" and (noun.lemma_lower in abstract or noun.lower in abstract)

    def actors_of(self, a: Analysis, head: Word | None, target: bool = False, modifiers: bool = True) -> list[ActorRef]:
        """The actors of a phrase and of its coordinated conjuncts, and one actor per coordinated
        name inside the phrase ("The ambassadors of Arnor, Osgiliath and Gondor", "Eriadori and
        Calenardhon leaders", "ties between Arnor and Gondor")."""
        if head is None:
            return []
        sentence = a.sentence
        out: list[ActorRef] = []
        for w in [head] + conjuncts(sentence, head):
            if w.id in a.pairs:  # in a story, "the two countries": the story's two actors
                out.extend(r for r in self.pair(a, w, w) if all(x.code != r.code for x in out))
                continue
            ref = self.resolve(a, w)
            if ref is not None and all(r.code != ref.code for r in out):
                out.append(ref)
            if ref is not None and ref.word is not None and ref.word.id != w.id:
                for c in conjuncts(sentence, ref.word):
                    more = self.resolve(a, w, country_word=c)
                    if more is not None and all(r.code != more.code for r in out):
                        out.append(more)
        return out
