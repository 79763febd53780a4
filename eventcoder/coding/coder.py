"""The event coder: source-action-target triples from the UD dependency graph of a sentence.

The engine knows no verb and no actor: everything comes from a :class:`Dictionaries` object,
compiled once into lookup tables by :class:`Coder`.  For every word that is a dictionary verb
(or event noun) the coder

1. skips it when it is negated ("did not attack");
2. picks the most specific matching pattern (see ``dictionaries/README.md``), else the verb's
   default code;
3. finds the source (subject, passive ``by`` agent, or the subject that controls a clause without
   one) and the target (object, passive subject, a pattern's ``(prep +)`` phrase, or a ``with``,
   ``to``, ``against``, ``on``, ``at`` phrase);
4. resolves each of those noun phrases to actor codes: named actors (with date-restricted codes),
   countries, adjectives and capitals, combined with agents ("the Turkish army" = TUR + MIL),
   one actor per coordinated conjunct ("Armenia and Azerbaijan").

Both UD v1 (``dobj``, ``nmod``, ``name``, ``neg``) and v2 labels are accepted: every relation is
read through :func:`eventcoder.model.relation`.

Rules for the project's own dictionaries (``classic`` mode, for TABARI/PETRARCH dictionaries,
keeps PETRARCH's readings where they differ):

* Pattern rank: each term counts the words of the alternative that matched; a term before ``*``
  that matched the governing verb adds ``_GOVERNED`` (refusal, intent, accusation and appeal
  patterns outrank object patterns). A conjunct is not governed by the verb it is coordinated
  with; it shares the governor of the first conjunct.
* Lemma slips: a verb whose lemma is not in the dictionaries is looked up by repaired forms
  (:func:`_lemma_repairs`). A verb joined by a hyphen to the word before it ("insurgency-hit")
  is part of an adjective, not an event.
* Agents combine only with a bare country (or region) code: "Syrian rebels" = SYRREB, but a
  named organisation keeps its code ("Hamas leaders" = the code of Hamas, not PSEHMSGOV).
* Country modifiers of common nouns (:meth:`Coder._by_modifier`): a noun that is neither actor
  nor agent takes the actor of its modifier when it is a target (object or oblique): a country
  adjective, a possessive or a compound named actor ("struck Iranian targets" = IRN, "expelled
  UN inspectors", "froze Afghan assets"); as a subject only a nationality adjective counts
  ("Russian airstrikes"). Abstract nouns whose modifier says where or what about are never
  actors ("the Syrian conflict", "the Turkish economy": ``_ABSTRACT``), and a statement's object
  is what was said ("described the Israeli operations" has no target).
* Targets: a phrase with a country or named actor is preferred to one holding only a role. A
  statement (CAMEO 010-013) does not take as target a noun that heads a reported clause
  ("said Armenian forces attacked ..." parsed with the clause under "forces"; the embedded event
  is coded on its own verb), nor, without a pattern, a phrase inside its object ("said India's
  ties with Europe ..."). Without a pattern, the 'on' phrase of an event noun object is that
  noun's target, not the verb's ("supports the war on Iraq"). Event nouns take no 'in' phrase
  as target (a place), and nouns of force (CAMEO 14-20) no 'with' phrase (a partner or tool).
* Force (CAMEO 18-20) with no other target is used against the country it is used in: the
  country of an 'in' phrase naming a place ("shelled positions in northern Syria" = SYR).
* A clause marked 'against' or 'without' is not an event ("warned the US against selling arms",
  "attacked without declaring war"); its subject is the governing verb's object.
* A participle after a comma hung on a prepositional phrase ("stormed a building in central
  Baghdad, kidnapping 100 people") takes the subject of the clause above it.
* Actor phrases never cross clause boundaries: verbs under a noun (participles, relative and
  adverbial clauses) and the 'of' phrases of a name do not add words or roles to it ("accused
  Turkey of killing civilians" targets TUR, not TURCVL); "anti-Syrian" is not Syrian.
* Event nouns: the source is the first modifier that resolves to an actor (a 'by' phrase, then a
  possessive, a compound, a country adjective), a country or named actor before a role; an
  adjective that is only a role ("official visit") is no source. An event noun that is the object
  of a coded light verb ("stepped up attacks") is that verb's event.
* Reciprocal verbs (a ``%`` pattern): coordinated subjects without a target act on each other,
  but an actor never on a part or role of itself. Coordinated country modifiers give one actor
  each ("Armenian and Azerbaijani troops" = ARMMIL, AZEMIL); a quantity noun stands for its 'of'
  phrase ("hundreds of Syrian rebels"); a finite verb without a passive auxiliary is active
  whatever the label of its subject.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from ..dictionaries.model import ActorEntry, AgentEntry, Dictionaries, Pattern, Term, VerbEntry, fold, phrase_parts
from ..model import Sentence, Word, is_negated, relation

#: relations that keep a word inside the noun phrase of its head
_PHRASE_RELS = frozenset({"compound", "flat", "flat:name", "amod", "nmod:poss", "det", "nummod", "case", "fixed",
                          "goeswith", "det:poss", "nmod:npmod", "compound:prt", "punct", "nmod:desc"})
#: common nouns that name a place ("in the eastern Afghan province of Khost")
_PLACES = frozenset("""province region city town village district area capital border territory state
    country part north south east west zone enclave outskirts suburb countryside""".split())

#: quantity nouns whose 'of' phrase is the actor ("dozens of students")
_QUANTITY = frozenset("""dozen dozens hundred hundreds thousand thousands million millions score scores
    number group groups handful some many several most all none few majority rest""".split())

#: abstract nouns: a country modifier does not make them an actor ("the Syrian conflict")
_ABSTRACT = frozenset("""
    conflict conflicts crisis war wars warfare economy economies issue issues situation policy policies
    relations relation ties talks negotiations plan plans election elections vote referendum market
    markets currency trade exports imports export import budget debt growth production output
    history culture language languages politics affair affairs matter question problem problems
    dispute disputes tension tensions peace process law laws constitution sovereignty independence
    integrity security stability interest interests news media press version side people
    situation agenda future""".split())

#: relations that never belong to an object phrase (clauses and the like)
_CLAUSAL = frozenset({"acl", "acl:relcl", "relcl", "ccomp", "advcl", "xcomp", "parataxis", "csubj", "conj", "cc",
                      "appos", "punct", "dep", "list", "discourse", "vocative", "orphan", "reparandum"})
#: prepositions whose phrase can be an event's target when no object is an actor
_TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "into", "upon")
#: nouns whose "of" phrase names who they belong to ("the head of Russia's intelligence")
_RELATIONAL = frozenset({"head", "chief", "leader", "member", "representative", "spokesman", "spokeswoman",
                         "spokesperson", "delegation", "envoy", "director", "commander", "unit", "part",
                         "wing", "branch", "arm", "chairman", "chairwoman", "chair", "secretary", "deputy",
                         "president", "minister", "government", "forces", "force", "troops", "army",
                         "ambassador", "officials", "official"})
_SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
#: pronouns that stand for an actor named earlier in the sentence
_ANAPHORS = frozenset({"it", "he", "she", "they", "its", "his", "her", "their"})
_AUX_RELS = frozenset({"aux", "aux:pass", "advmod", "compound:prt", "mark", "cop", "neg", "xcomp"})


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


@dataclass
class Event:
    sentence: Sentence
    anchor: Word  # the verb (or event noun)
    source: ActorRef
    target: ActorRef
    code: str
    verb: VerbEntry
    pattern: Pattern | None = None

    @property
    def matched_pattern(self) -> str:
        if self.pattern is not None:
            return f"{self.verb.lemma}: {self.pattern.text}"
        return f"{self.verb.lemma} [{self.code}]"

    def explain(self) -> str:
        """Why this event: the verb, the pattern, the actor phrases and the entries behind them."""
        lines = [f"{self.source.code} {self.code} {self.target.code}  (sentence {self.sentence.doc_id}#{self.sentence.sentence_id})",
                 f"  verb: '{self.anchor.text}' lemma '{self.verb.lemma}' ({self.verb.pos}, {self.verb.origin})"]
        if self.pattern is not None:
            lines.append(f"  pattern: {self.pattern.text} ({self.pattern.origin})")
        else:
            lines.append(f"  pattern: none matched; default code of the verb [{self.code}]")
        for role, ref in (("source", self.source), ("target", self.target)):
            lines.append(f"  {role}: '{ref.text}' -> {ref.code} via {'; '.join(ref.evidence) or 'no entry'}")
        return "\n".join(lines)


@dataclass
class _Mention:
    entry: ActorEntry | AgentEntry
    words: tuple[int, ...]


def _norm_part(part: str) -> str:
    """A word part without its possessive ending, on both sides of a match: a tokenizer that leaves
    "Russia's" whole still finds Russia ("people's" in a name is "people" too)."""
    if part.endswith("'s") and len(part) > 2:
        return part[:-2]
    if part.endswith("'") and len(part) > 1:
        return part[:-1]
    return part


class _Trie:
    """Phrases (tuples of parts) indexed by their first part, longest first."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, parts: tuple[str, ...], value: object) -> None:
        parts = tuple(_norm_part(p) for p in parts)
        self.index.setdefault(parts[0], []).append((parts, value))

    def freeze(self) -> None:
        #: phrases of two or more parts by their first two parts, and one-part phrases by their part
        self.pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], object]]] = {}
        self.singles: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for items in self.index.values():
            items.sort(key=lambda pv: -len(pv[0]))
            for parts, value in items:
                if len(parts) > 1:
                    self.pairs.setdefault((parts[0], parts[1]), []).append((parts, value))
                else:
                    self.singles.setdefault(parts[0], []).append((parts, value))


class Coder:
    """Dictionaries compiled for fast matching; :meth:`code` turns a sentence into events."""

    def __init__(self, dictionaries: Dictionaries):
        self.dictionaries = dictionaries
        self.actors = _Trie()
        for entry in dictionaries.actors:
            for parts in entry.names:
                self.actors.add(parts, entry)
        self.actors.freeze()
        self.agents = _Trie()
        for agent in dictionaries.agents:
            for parts in agent.names:
                self.agents.add(parts, agent)
        self.agents.freeze()
        self.discards = _Trie()
        for parts in dictionaries.discards:
            self.discards.add(parts, "sentence")
        for parts in dictionaries.story_discards:
            self.discards.add(parts, "story")
        self.discards.freeze()
        #: PETRARCH-style dictionaries (they list verb forms): actors are also looked for deeper in
        #: phrases and predicates, as PETRARCH does; the project's own dictionaries keep the strict rules
        self.classic = bool(dictionaries.verb_forms)
        self._compiled_patterns: dict[int, tuple[VerbEntry, list]] = {}
        self._flat_cache: dict[tuple[int, bool], tuple[Sentence, list]] = {}
        self._internal = dictionaries.internal_codes
        self._internal_codes: dict[int, str] = {}
        for c, v in dictionaries.internal_codes.items():
            if c != "---":
                self._internal_codes.setdefault(v, c)

    # -- matching phrases on the token stream --------------------------------------------------

    def _flat(self, sentence: Sentence, lemmas: bool) -> list[tuple[str, int, bool, bool]]:
        """(part, word id, first part of its word, last part of its word) for every token part."""
        key = (id(sentence), lemmas)
        cached = self._flat_cache.get(key)
        if cached is not None and cached[0] is sentence:
            return cached[1]
        out = self._flat_parts(sentence, lemmas)
        if len(self._flat_cache) > 8:
            self._flat_cache.clear()
        self._flat_cache[key] = (sentence, out)
        return out

    @staticmethod
    def _flat_parts(sentence: Sentence, lemmas: bool) -> list[tuple[str, int, bool, bool]]:
        out = []
        for w in sentence.words:
            parts = phrase_parts(w.lemma if lemmas and w.lemma not in ("", "_") else w.text)
            if not parts and w.text in ("-", "_"):
                continue
            if not parts:
                parts = (fold(w.text),)
            for i, p in enumerate(parts):
                out.append((_norm_part(p), w.id, i == 0, i == len(parts) - 1))
        return out

    @staticmethod
    def _scan(flat: list[tuple[str, int, bool, bool]], trie: _Trie) -> list[_Mention]:
        found: list[_Mention] = []
        i = 0
        n = len(flat)
        while i < n:
            part, _, first, _ = flat[i]
            best = None
            if first and part in trie.index:
                longer = trie.pairs.get((part, flat[i + 1][0]), ()) if i + 1 < n else ()
                for parts, value in longer:  # longest first; then the one-part phrases
                    k = len(parts)
                    if i + k <= n and flat[i + k - 1][3] and all(flat[i + j][0] == parts[j] for j in range(2, k)):
                        best = (k, value)
                        break
                if best is None:
                    for parts, value in trie.singles.get(part, ()):
                        if flat[i][3]:
                            best = (1, value)
                            break
            if best:
                k, value = best
                words = tuple(dict.fromkeys(flat[i + j][1] for j in range(k)))
                found.append(_Mention(value, words))
                i += k
            else:
                i += 1
        return found

    def discarded(self, sentence: Sentence) -> str | None:
        """'sentence' or 'story' when a discard phrase occurs in the sentence, else None."""
        if not self.discards.index:
            return None
        for m in self._scan(self._flat(sentence, False), self.discards) + self._scan(self._flat(sentence, True), self.discards):
            return m.entry  # type: ignore[return-value]
        return None

    # -- actors ----------------------------------------------------------------------------------

    def _mentions(self, sentence: Sentence) -> tuple[dict[int, _Mention], dict[int, _Mention]]:
        actor_at: dict[int, _Mention] = {}
        for m in self._scan(self._flat(sentence, False), self.actors):
            if self.classic and len(m.words) == 1:
                # classic dictionaries are upper case: a short name is an acronym ("UN", "US", "AU")
                # and names no "Un" in "Kim Jong Un" nor the pronoun "us"
                token = sentence.word(m.words[0]).text
                letters = token.replace(".", "")
                if len(letters) <= 3 and not letters.isupper():
                    continue
            if not self.classic and len(m.words) == 1 and m.entry.cased:
                # a name written in capitals in the dictionary ("US", "WHO") is an acronym: it
                # matches "US" but not the pronoun "us" nor "Us" at the start of a sentence
                token = sentence.word(m.words[0]).text
                if phrase_parts(token) in m.entry.cased and not token.replace(".", "").isupper():
                    continue
            if not self.classic and m.words[0] > 1:
                # "anti-Syrian" split by the tokenizer ("anti" "-Syrian"): against Syria, not Syria
                first, prev = sentence.word(m.words[0]), sentence.word(m.words[0] - 1)
                if (first.text.startswith("-") or prev.text.endswith("-")) \
                        and fold(prev.text).strip("-") in ("anti", "pro", "non", "counter"):
                    continue
            for wid in m.words:
                actor_at[wid] = m
        agent_at: dict[int, _Mention] = {}
        for flat in (self._flat(sentence, True), self._flat(sentence, False)):
            for m in self._scan(flat, self.agents):
                for wid in m.words:
                    if wid not in actor_at:
                        agent_at.setdefault(wid, m)
        return actor_at, agent_at

    def _phrase_words(self, sentence: Sentence, head: Word) -> list[Word]:
        out = [head]
        stack = [head]
        while stack:
            w = stack.pop()
            for c in sentence.children(w):
                rel = relation(sentence, c)
                if not self.classic and c.upos in ("VERB", "AUX") and rel not in ("flat", "flat:name", "fixed", "goeswith"):
                    # a verb under a noun heads a clause (or a participle: "Turkish-backed", "killing"):
                    # its words are not part of the noun's actor phrase
                    continue
                if rel in _PHRASE_RELS or (rel == "nmod" and sentence.preposition(c) in ("of", "from", None)):
                    out.append(c)
                    stack.append(c)
        out.sort(key=lambda w: w.id)
        return out

    def resolve(self, sentence: Sentence, head: Word, ctx: "_Context", depth: int = 0,
                country_word: Word | None = None, target: bool = False, modifiers: bool = True) -> ActorRef | None:
        """The actor a noun phrase headed by ``head`` stands for, or None."""
        if depth > 3:
            return None
        if self.classic:
            return self._resolve_classic(sentence, head, ctx, depth, country_word)
        actor = ctx.actor_at.get(head.id)
        agent = ctx.agent_at.get(head.id)
        phrase = self._phrase_words(sentence, head)
        text = sentence.span_text([w for w in phrase if relation(sentence, w) not in ("case", "punct", "det")] or [head])
        if actor is not None:
            entry: ActorEntry = actor.entry  # type: ignore[assignment]
            code = entry.code_on(ctx.date)
            if code is None:
                return None
            evidence = [f"{entry.name} ({entry.origin})"]
            agent_code = None
            if len(code) == 3:  # a country: an agent in the phrase adds its role ("Turkish President ...")
                for w in phrase:
                    m = ctx.agent_at.get(w.id)
                    # not an agent inside an 'of' phrase of the name ("Turkey of killing civilians")
                    if m is not None and w.id != head.id and not any(
                            relation(sentence, x).startswith("nmod") and sentence.preposition(x)
                            for x in self._path_to(sentence, head, w)):
                        agent_code = m.entry.code  # type: ignore[union-attr]
                        evidence.append(f"{m.entry.name} ({m.entry.origin})")
                        code = self._combine(code, m.entry)  # type: ignore[arg-type]
                        break
            return self._ref(code, text, head, evidence, agent_code)
        if agent is not None:
            agent_entry: AgentEntry = agent.entry  # type: ignore[assignment]
            evidence = [f"{agent_entry.name} ({agent_entry.origin})"]
            # a named actor in apposition wins: "The head of ..., Sergei Naryshkin"
            named = self._appositive(sentence, head, ctx, depth)
            if named is not None:
                return named
            for w in phrase:
                m = ctx.actor_at.get(w.id)
                if m is not None and w.id != head.id:
                    base = m.entry.code_on(ctx.date)  # type: ignore[union-attr]
                    if base:
                        evidence.insert(0, f"{m.entry.name} ({m.entry.origin})")
                        if len(base) != 3:
                            # a named organisation keeps its own code: "Hamas leaders" is Hamas
                            return self._ref(base, text, head, evidence[:1], None)
                        return self._ref(self._combine(base, agent_entry), text, head, evidence, agent_entry.code)
            for of in self._of_phrases(sentence, head, ("of", "in", "from", None)):
                inner = self.resolve(sentence, of, ctx, depth + 1)
                if inner is not None and len(inner.code) == 3 and (inner.country or self.classic):
                    return self._ref(self._combine(inner.code, agent_entry), text, head, inner.evidence + evidence, agent_entry.code)
                if inner is not None and inner.agent is None and ctx.actor_at.get(of.id) is not None:
                    inner.text = text  # "the leader of Hamas" is Hamas
                    return inner
            # an agent without a country: the role alone, or "---GOV" where the dictionaries say so
            alone = agent_entry.code if agent_entry.prefix else self.dictionaries.unknown_country + agent_entry.code
            return self._ref(alone, text, head, evidence, agent_entry.code)
        named = self._appositive(sentence, head, ctx, depth)
        if named is not None:
            return named
        if head.lemma_lower in _RELATIONAL or head.lower in _RELATIONAL:
            for of in self._of_phrases(sentence, head):
                inner = self.resolve(sentence, of, ctx, depth + 1)
                if inner is not None:
                    inner.text = text
                    return inner
        if not self.classic and (head.upos == "NUM" or head.lemma_lower in _QUANTITY or head.lower in _QUANTITY):
            # "dozens of students", "hundreds of Syrian mercenaries", "three of the soldiers": the
            # 'of' phrase is the actor
            for of in self._of_phrases(sentence, head, ("of",)):
                inner = self.resolve(sentence, of, ctx, depth + 1, target=target, modifiers=modifiers)
                if inner is not None:
                    inner.text = text
                    return inner
        if self.classic and head.upos in ("NOUN", "PROPN", "X"):
            # PETRARCH codes a noun phrase by the first actor in it: "Eriador's death toll"
            for of in self._of_phrases(sentence, head, ("of", "in", "from", None)):
                inner = self.resolve(sentence, of, ctx, depth + 1)
                if inner is not None:
                    inner.text = text
                    return inner
        if not self.classic and depth <= 1 and modifiers:
            return self._by_modifier(sentence, head, ctx, text, target)
        return None

    def _by_modifier(self, sentence: Sentence, head: Word, ctx: "_Context", text: str,
                     target: bool) -> ActorRef | None:
        """A common noun that is neither actor nor agent takes the actor of its modifier.

        * In object or oblique position (``target``), a country adjective, a possessive or a
          compound named actor: "struck Iranian targets", "attacked Azerbaijani villages",
          "expelled UN inspectors", "froze Afghanistan's assets", "condemned Russia's move".
        * As the subject (source), only a nationality adjective: "Russian airstrikes hit ...",
          "Belgian gendarmes arrested ..."; a possessive subject is mostly a stance or quality
          ("Iraq's readiness", "Washington's determination") and is left alone.
        * Never on abstract nouns whose modifier says where or what about, not who: "the Syrian
          conflict", "the Turkish economy", "Iranian talks" (``_ABSTRACT``).
        """
        if head.upos != "NOUN" or head.lemma_lower in _ABSTRACT or head.lower in _ABSTRACT:
            return None
        for c in sentence.children(head):
            rel = relation(sentence, c)
            if rel not in (("amod", "nmod:poss", "compound") if target else ("amod",)):
                continue
            m = ctx.actor_at.get(c.id)
            if m is None:
                continue
            entry: ActorEntry = m.entry  # type: ignore[assignment]
            if rel == "amod" and entry.kind != "adjective":
                continue
            code = entry.code_on(ctx.date)
            if code:
                return self._ref(code, text, head, [f"{entry.name} ({entry.origin})"], None)
        return None

    def _resolve_classic(self, sentence: Sentence, head: Word, ctx: "_Context", depth: int,
                         country_word: Word | None = None) -> ActorRef | None:
        """PETRARCH's reading of a noun phrase: its actor (the head's, else the first one in the
        phrase or in an 'of', 'in' or 'from' phrase) combined with every agent of the phrase in
        order, agents marked ``[CODE~]`` going first ("An MSF Arnor diplomat" = NGO + ARN + GOV,
        "West German world government activists" = GMWGOV + WGO)."""
        phrase = self._phrase_words(sentence, head)
        text = sentence.span_text([w for w in phrase if relation(sentence, w) not in ("case", "punct", "det")] or [head])
        pronoun = head.upos == "PRON"
        actor_m = ctx.actor_at.get(head.id) if country_word is None else ctx.actor_at.get(country_word.id)
        if country_word is not None and actor_m is None:
            return None
        if actor_m is None and not pronoun:
            named = self._appositive(sentence, head, ctx, depth)
            if named is not None:
                return named
            for w in phrase:
                if w.id in ctx.actor_at and (country_word is None or w.id == country_word.id):
                    actor_m = ctx.actor_at[w.id]
                    break
        base: ActorRef | None = None
        evidence: list[str] = []
        code: str | None = None
        actor_word: Word | None = None
        if actor_m is not None:
            entry: ActorEntry = actor_m.entry  # type: ignore[assignment]
            code = entry.code_on(ctx.date)
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
            # "ties between Arnor and Gondor": the first actor of a nested phrase
            for of in self._of_phrases(sentence, head, ("of", "in", "from", "between", None)):
                if country_word is not None and of.id != country_word.id:
                    continue
                base = self.resolve(sentence, of, ctx, depth + 1)
                if base is not None:
                    code = base.code
                    evidence.extend(base.evidence)
                    actor_word = base.word
                    break
        agents: list[AgentEntry] = []
        seen_mentions: list[_Mention] = []
        for w in phrase:
            m = ctx.agent_at.get(w.id)
            if m is None or w.id in actor_words or any(m is x for x in seen_mentions):
                continue
            if country_word is None and base is None and w.id != head.id and any(
                    relation(sentence, x) == "nmod" for x in self._path_to(sentence, head, w)):
                continue  # an agent inside an 'of' phrase of another noun is not this phrase's role
            seen_mentions.append(m)
            agents.append(m.entry)  # type: ignore[arg-type]
            evidence.append(f"{m.entry.name} ({m.entry.origin})")
        if code is None:
            # a role alone is an actor only when it heads the phrase ("the military", not
            # "military support")
            if not agents or not any(head.id in m.words for m in seen_mentions):
                return None
            code = self.dictionaries.unknown_country
        for a in agents:
            if a.code and (code.endswith(a.code) or code.startswith(a.code) and a.prefix):
                continue
            code = a.code + code if a.prefix else code + a.code
        if not code or code == self.dictionaries.unknown_country:
            return None
        ref = self._ref(code, text, head, evidence, agents[-1].code if agents else None)
        ref.word = actor_word
        return ref

    @staticmethod
    def _path_to(sentence: Sentence, top: Word, w: Word) -> list[Word]:
        """The words from ``w`` up to (not including) ``top``."""
        out = []
        while w is not None and w.id != top.id and len(out) < 10:
            out.append(w)
            w = sentence.head_of(w)
        return out

    def _appositive(self, sentence: Sentence, head: Word, ctx: "_Context", depth: int) -> ActorRef | None:
        """A named actor standing beside the head: "his counterpart Recep Tayyip Erdogan",
        "the head of ..., Sergei Naryshkin"."""
        for c in sentence.children(head):
            rel = relation(sentence, c)
            if c.id in ctx.actor_at and c.id > head.id and (rel in ("appos", "flat", "nmod:desc")
                                         or (rel == "nmod" and sentence.preposition(c) is None and c.upos == "PROPN")):
                return self.resolve(sentence, c, ctx, depth + 1)
        return None

    @staticmethod
    def _of_phrases(sentence: Sentence, head: Word, preps: tuple = ("of", None)) -> list[Word]:
        return [c for c in sentence.children(head)
                if relation(sentence, c) in ("nmod", "nmod:poss") and sentence.preposition(c) in preps]

    @staticmethod
    def _combine(code: str, agent: AgentEntry) -> str:
        if agent.code and code.endswith(agent.code):
            return code
        return agent.code + code if agent.prefix else code + agent.code

    def _role_only(self, ref: ActorRef) -> bool:
        """An agent without a country or named actor ("troops", "hostages")."""
        d = self.dictionaries
        return ref.country is None and (ref.code in d.agent_codes or ref.code[len(d.unknown_country):] in d.agent_codes)

    def _ref(self, code: str, text: str, head: Word, evidence: list[str], agent: str | None) -> ActorRef:
        d = self.dictionaries
        country = code[:3] if code[:3] in d.country_codes else None
        if agent is None and len(code) >= 6 and code[-3:] in d.agent_codes:
            agent = code[-3:]
        return ActorRef(code, text, head, country, agent, evidence)

    def actors_of(self, sentence: Sentence, head: Word | None, ctx: "_Context", target: bool = False,
                  modifiers: bool = True) -> list[ActorRef]:
        """The actors of a phrase and of its coordinated conjuncts ("Armenia and Azerbaijan").
        ``target``: the phrase is an object or oblique of the event, where a concrete noun takes
        the actor of its country modifier (see :meth:`_by_modifier`)."""
        if head is None:
            return []
        out = []
        for w in [head] + self._conjuncts(sentence, head):
            ref = self.resolve(sentence, w, ctx, target=target, modifiers=modifiers)
            if ref is not None and all(r.code != ref.code for r in out):
                out.append(ref)
            if ref is not None and not self.classic:
                # "Pakistani and Indian troops": one actor per coordinated country modifier
                for more in self._coordinated_modifiers(sentence, w, ref, ctx):
                    if all(r.code != more.code for r in out):
                        out.append(more)
            if ref is not None and self.classic and ref.word is not None and ref.word.id != w.id:
                # "The ambassadors of Arnor, Osgiliath and Gondor", "Eriadori and Calenardhon leaders",
                # "ties between Arnor and Gondor": one actor per coordinated name inside the phrase
                for of in (ref.word,):
                    for c in self._conjuncts(sentence, of):
                        more = self.resolve(sentence, w, ctx, country_word=c)
                        if more is not None and all(r.code != more.code for r in out):
                            out.append(more)
        if not self.classic and len(out) > 1 and out[-1].agent and out[-1].country:
            # "Ethiopian and Eritrean forces" parsed as "Ethiopian" + "Eritrean forces": a bare
            # nationality adjective before the last conjunct shares its role
            role = out[-1].code[3:]
            for i, r in enumerate(out[:-1]):
                m = ctx.actor_at.get(r.head.id)
                if r.agent is None and len(r.code) == 3 and m is not None \
                        and m.entry.kind == "adjective" and not r.head.text.lower().endswith("s"):  # type: ignore[union-attr]
                    out[i] = self._ref(r.code + role, r.text, r.head, r.evidence, out[-1].agent)
        if not self.classic:
            seen: set[str] = set()
            out = [r for r in out if not (r.code in seen or seen.add(r.code))]
        return out

    def _coordinated_modifiers(self, sentence: Sentence, head: Word, ref: ActorRef, ctx: "_Context") -> list[ActorRef]:
        """Actors for the other conjuncts of the country modifier that ``ref`` was coded from."""
        if ref.country is None:
            return []
        out = []
        kids = sentence.children(head)
        # the parser may hang both adjectives on the noun: "Pakistani and Indian troops"
        siblings = [c for c in kids if relation(sentence, c) in ("amod", "compound") and c.id in ctx.actor_at] \
            if any(relation(sentence, c) == "cc" for c in kids) else []
        for c in kids:
            if relation(sentence, c) not in ("amod", "compound", "nmod:poss") or c.id not in ctx.actor_at:
                continue
            if ctx.actor_at[c.id].entry.code_on(ctx.date) != ref.country:  # type: ignore[union-attr]
                continue
            for x in self._conjuncts(sentence, c) + [y for y in siblings if y.id != c.id]:
                m = ctx.actor_at.get(x.id)
                code = m.entry.code_on(ctx.date) if m is not None else None  # type: ignore[union-attr]
                if code and len(code) == 3 and code in self.dictionaries.country_codes:
                    full = code + ref.code[3:]
                    out.append(self._ref(full, sentence.span_text([x, head]), head,
                                         [f"{m.entry.name} ({m.entry.origin})"] + ref.evidence[1:], ref.agent))  # type: ignore[union-attr]
        return out

    @staticmethod
    def _conjuncts(sentence: Sentence, head: Word) -> list[Word]:
        out = []
        stack = [head]
        while stack:
            w = stack.pop()
            kids = sentence.children(w)
            listed = any(relation(sentence, c) == "conj" for c in kids)
            for c in kids:
                rel = relation(sentence, c)
                # "Evil Mordor, the awful Arnor, and good Gondor": an apposition inside a list is an item
                in_list = listed or any(relation(sentence, g) == "conj" for g in sentence.children(c))
                if (rel == "conj" or (rel == "appos" and in_list and c.upos == "PROPN")) \
                        and c.upos in ("PROPN", "NOUN", "PRON", "ADJ", "X"):
                    out.append(c)
                    stack.append(c)
        return out

    # -- verbs and patterns ------------------------------------------------------------------------

    def _entry_for(self, sentence: Sentence, w: Word) -> VerbEntry | None:
        d = self.dictionaries
        if w.upos in ("VERB", "AUX") or (w.upos == "ADJ" and w.xpos == "VBN"):
            table = d.verbs
        elif w.upos in ("NOUN", "PROPN"):
            table = d.nouns
        elif w.upos == "ADJ" and not self.classic:
            # a predicate adjective ("Russia is unhappy with Turkey"), not an attributive one
            found = d.nouns.get(w.lemma_lower) or d.nouns.get(w.lower)
            if found is None or found.pos != "adj" or relation(sentence, w) in ("amod", "compound"):
                return None
            return found
        else:
            return None
        if not table:
            return None
        if table is d.verbs and d.verb_forms:
            # classic dictionaries list each verb's forms: the surface form decides first
            # ("left" is LEFT [040:040], not LEAVE), then the lemma; this also survives lemmatiser slips
            key = d.verb_forms.get(fold(w.text))
            if key is not None and key in table:
                found = table[key]
                if found.code is not None or found.paired_code is not None:
                    return found
                # an entry made only by a multi-word verb ("+ATTACKED_AND_STABBED") does not hide the
                # verb itself ("attacked" is ATTACK)
                by_lemma = table.get(d.verb_forms.get(w.lemma_lower, w.lemma_lower))
                if by_lemma is not None and by_lemma is not found and by_lemma.code is not None:
                    return by_lemma
                return found
        lemma = " ".join(phrase_parts(w.lemma_lower)) or w.lemma_lower
        for prt in sentence.children_by(w, "compound:prt"):
            entry = table.get(f"{lemma} {prt.lemma_lower}")
            if entry is not None:
                return entry
        found = table.get(lemma) or (table.get(w.lower) if w.upos != "NOUN" else None)
        if found is None and table is d.verbs and " " not in lemma:
            # the lemmatiser's slips ("expell", "vetoe", "telephon", "worried"): repaired forms
            # of the lemma, then of the surface form without its ending; the first known one wins
            for key in _lemma_repairs(lemma, w.lower):
                found = table.get(key)
                if found is not None:
                    break
        return found

    def code(self, sentence: Sentence) -> list[Event]:
        """All events in ``sentence``."""
        if self.discarded(sentence):
            return []
        d = self.dictionaries
        if not d.verbs and not d.nouns:
            return []
        ctx: _Context | None = None
        events: list[Event] = []
        for w in sentence.words:
            entry = self._entry_for(sentence, w)
            if entry is None:
                continue
            if ctx is None:
                actor_at, agent_at = self._mentions(sentence)
                if not actor_at:
                    return []
                parts: set[str] = set()
                for x in sentence.words:
                    for f in _word_forms(x):
                        parts |= f
                ctx = _Context(sentence.doc_date, actor_at, agent_at, parts)
            if not self.classic and entry.pos == "verb" and _in_hyphenated(sentence, w):
                continue  # "insurgency-hit Afghanistan", "so-called": part of a compound adjective
            if not self.classic and any(m.lemma_lower in ("against", "without")
                                        for m in sentence.children_by(w, "mark")):
                continue  # "warned the US against selling arms", "attacked without declaring war": not done
            negated = is_negated(sentence, w)
            if negated and not self.dictionaries.internal_codes:
                continue
            events.extend(self._code_verb(sentence, w, entry, ctx, negated))
        if not self.classic and events:
            # an event noun that is the object of a coded light verb is that verb's event
            # ("stepped up attacks on ...", "launched an offensive against ...")
            patterned = {e.anchor.id for e in events if e.verb.pos == "verb" and e.pattern is not None}
            events = [e for e in events if not (e.verb.pos == "noun" and e.anchor.head in patterned
                                                and relation(sentence, e.anchor) in ("obj", "iobj", "nsubj:pass"))]
        if self.classic and events:
            # PETRARCH codes a verb phrase once: a verb in the open complement of a verb that is
            # coded ("urged Eriador to respond") belongs to that event, not to one of its own
            coded = {e.anchor.id for e in events}

            def absorbed(w: Word) -> bool:
                rel = relation(sentence, w)
                if rel == "xcomp":
                    return w.head in coded
                if rel == "acl" and any(m.lemma_lower == "to" for m in sentence.children_by(w, "mark")):
                    noun = sentence.head_of(w)  # "urged Eriador to respond" parsed as a clause of the object
                    return noun is not None and relation(sentence, noun) in ("obj", "iobj") and noun.head in coded
                return False

            events = [e for e in events if not absorbed(e.anchor)]
        return events

    def _negate(self, code: str | None) -> str | None:
        """The code of "not CODE" in the PETRARCH-2 internal ontology (value minus 0xFFFF: "did not
        criticize" is a cooperation, "will not wire-tap" a signed agreement), or None."""
        if code is None:
            return None
        value = self._internal.get(code)
        if value is None:
            return None
        return self._internal_codes.get(value - 0xFFFF)

    def _code_verb(self, sentence: Sentence, w: Word, entry: VerbEntry, ctx: "_Context", negated: bool = False) -> list[Event]:
        noun = entry.pos == "noun" or (entry.pos == "adj" and not any(
            relation(sentence, c) in _SUBJECTS for c in sentence.children(w)))
        frame = _Frame.build(sentence, w, noun, self.classic)
        best: tuple[int, int, Pattern, dict] | None = None
        present = ctx.parts
        for score, i, pattern, required in self._compiled(entry):
            # most specific first (ties: the first listed); a pattern with a word the sentence
            # lacks cannot match
            if best is not None and (self.classic or score < best[0]):
                break  # classic: the first match is the best; else nothing left can outrank it
            if any(not (options & present) for options in required):
                continue
            found = self._match(sentence, frame, pattern, ctx)
            if found is None:
                continue
            if self.classic:
                best = (score, i, pattern, found)
                break
            # the project's dictionaries: the rank counts what matched (the matched member of a
            # set, not its longest one), and a governing verb that matched outranks the rest
            rank = self._rank(sentence, frame, pattern)
            if best is None or rank > best[0]:
                best = (rank, i, pattern, found)
        pattern = best[2] if best else None
        code, paired = (pattern.code, pattern.paired_code) if pattern else (entry.code, entry.paired_code)
        if negated:
            code, paired = self._negate(code), None
        if code is None and paired is None:
            return []
        slots = best[3] if best else {}
        if not self.classic and "source" not in slots and frame.source_candidates:
            # an event noun: the first modifier that is an actor ("joint Russian drills"), a
            # country or named actor before a role; an adjective counts only as a named actor,
            # not as a role ("an official visit"); a possessive pronoun stands for the subject of
            # the verb the noun is the object of ("voiced its displeasure")
            chosen = role_only = None
            for cand in frame.source_candidates:
                refs = self.actors_of(sentence, cand, ctx)
                if refs and relation(sentence, cand) == "amod" and (cand.id not in ctx.actor_at or any(
                        r.country is None for r in refs)):
                    continue  # an adjective is a source as a country ("Turkish"), not a role or region
                if refs:
                    if all(self._role_only(r) for r in refs):
                        role_only = role_only or cand
                        continue
                    chosen = cand
                    break
            chosen = chosen or role_only or self._pronoun_owner(sentence, frame)
            if chosen is None:
                return []
            slots = dict(slots, source=chosen)
        sources = slots.get("sources") or self.actors_of(sentence, slots.get("source") or frame.source, ctx)
        if not sources and self.classic and frame.passive and frame.subject is not None and "source" not in slots \
                and sentence.children_by(frame.verb, "aux:pass"):
            # "The Philippines was criticized over its dispute with Eriador": PETRARCH takes the
            # first actor after a passive verb without a 'by' agent as the source
            for cand in frame.deep_candidates(sentence, self._is_event_word(sentence)):
                if cand.id != frame.subject.id and (slots.get("target") is None or cand.id != slots["target"].id):
                    sources = self.actors_of(sentence, cand, ctx)
                    if sources:
                        slots = dict(slots, target=frame.subject, source=cand)
                        break
        if not sources:
            return []
        if pattern is not None and pattern.compound:
            # '%': the coordinated actors of the subject act on each other
            pairs = self._reciprocal(sources)
        else:
            target_word = slots.get("target")
            subject = frame.subject or frame.source
            if target_word is None and slots.get("source") is not None and subject is not None \
                    and slots["source"].id != subject.id and self.classic:
                # '$' after the verb names the source: the subject is then the target
                # ("Mordor will celebrate May Day with Eriador" with '- * {MAY DAY} $')
                target_word = subject
            if target_word is not None:
                targets = self.actors_of(sentence, target_word, ctx, target=True)
            else:
                targets = self._targets(sentence, frame, ctx, exclude=slots.get("source"),
                                        statement=not self.classic and (code or paired or "")[:3] in ("010", "011", "012", "013"),
                                        own_object=pattern is None,
                                        # the 'with' phrase of a noun of force (CAMEO 14-20) is a
                                        # partner or an instrument
                                        # ("raise the incursions with the UN", "attack with drones")
                                        skip_with=not self.classic and entry.pos != "verb" and (code or "00")[:2] >= "14")
            if not targets and not self.classic and target_word is None and (code or "")[:2] in ("18", "19", "20"):
                targets = self._place_target(sentence, frame, ctx)
            pairs = [(s, t) for s in sources for t in targets if s.code != t.code]
            if not targets and not self.classic and len(sources) > 1 and any(p.compound for p in entry.patterns) \
                    and slots.get("target") is None:
                # a verb with a '%' pattern is reciprocal: coordinated subjects without a target
                # act on each other, with the code of whichever pattern matched
                pairs = self._reciprocal(sources)
        events = []
        for s, t in pairs:
            if code is not None:
                events.append(Event(sentence, w, s, t, code, entry, pattern))
            if paired:
                events.append(Event(sentence, w, t, s, paired, entry, pattern))
        return events

    def _place_target(self, sentence: Sentence, frame: "_Frame", ctx: "_Context") -> list[ActorRef]:
        """Force used in a country with no other target ("shelled Kurdish positions in northern
        Syria") is used against that country, as CAMEO codes it: the country of an 'in' phrase of
        the verb or of its object."""
        heads = [frame.verb] + list(frame.objects)
        for h in heads:
            for c in sentence.children(h):
                if relation(sentence, c).startswith(("obl", "nmod")) and sentence.preposition(c) == "in" \
                        and (c.upos == "PROPN" or c.lemma_lower in _PLACES):
                    refs = [r for r in self.actors_of(sentence, c, ctx) if len(r.code) == 3 and r.country]
                    if refs:
                        return refs
        return []

    def _pronoun_owner(self, sentence: Sentence, frame: "_Frame") -> Word | None:
        """An event noun whose possessor is a pronoun, as the object of a verb ("Russia voiced its
        displeasure with ..."): the pronoun stands for that verb's subject."""
        cands = frame.source_candidates
        if not cands or cands[0].upos != "PRON" or cands[0].lower not in _ANAPHORS \
                or relation(sentence, cands[0]) != "nmod:poss":
            return None
        if relation(sentence, frame.verb) not in ("obj", "nsubj:pass"):
            return None
        verb = sentence.head_of(frame.verb)
        if verb is None or verb.upos not in ("VERB", "AUX"):
            return None
        return _Frame.build(sentence, verb, False).source

    def _reciprocal(self, sources: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
        """Each actor with each other one; the project's dictionaries: not an actor with a part or
        a role of itself ("the UN and its peacekeepers", "Ramallah, West Bank")."""
        def related(a: str, b: str) -> bool:
            return a.startswith(b) or b.startswith(a)
        return [(s, t) for s in sources for t in sources
                if s.code != t.code and (self.classic or not related(s.code, t.code))]

    def _compiled(self, entry: VerbEntry) -> list[tuple[int, int, Pattern, list[frozenset[str]]]]:
        """The entry's patterns, most specific first, each with the first words its terms need."""
        key = id(entry)
        compiled = self._compiled_patterns.get(key)
        if compiled is None or compiled[0] is not entry:
            items = []
            for i, p in enumerate(entry.patterns):
                required = [frozenset(a[0] for a in t.alternatives if a) for t in p.terms
                            if t.alternatives and t.kind in ("object", "prep", "pre", "particle", "xcomp")]
                score = p.specificity + (1 if p.compound else 0)
                if not self.classic and any(t.kind == "pre" and t.alternatives for t in p.terms):
                    score += _GOVERNED  # the most this pattern can rank (see _rank)
                items.append((score, i, p, required))
            items.sort(key=lambda it: (-it[0], it[1]))
            compiled = (entry, items)
            self._compiled_patterns[key] = compiled
        return compiled[1]

    def _rank(self, sentence: Sentence, frame: "_Frame", pattern: Pattern) -> int:
        """How specific a matched pattern is in this sentence: per term, the length of the longest
        alternative that matches (1 for a term without words), plus one for '%', plus
        ``_GOVERNED`` when a term before '*' matched the governing verb ("refused to release"):
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
                if self._match_term(sentence, frame, _single(term, alt)) is not None:
                    best = len(alt)
                    break
            total += best
            if term.kind == "pre" and not governed:
                gov = self._governor(sentence, frame.verb)
                governed = gov is not None and _contains([gov], term.alternatives)
        return total + (_GOVERNED if governed else 0)

    def _governor(self, sentence: Sentence, verb: Word) -> Word | None:
        """The verb that governs a clause ("refused" for "to release"). Classic: the head of an
        open or complement clause, or of a conjunct. Otherwise a conjunct is not governed by
        the verb it is coordinated with ("condemned the attack and sent aid"), but shares the
        governor of its first conjunct ("agreed to withdraw and release prisoners"), and a clause
        under the object ("accused the government of sending troops") is governed by the verb of
        that object."""
        rel = relation(sentence, verb)
        if self.classic:
            return sentence.head_of(verb) if rel in ("xcomp", "ccomp", "advcl", "conj") else None
        w = verb
        seen = 0
        while rel == "conj" and seen < 8:
            seen += 1
            w = sentence.head_of(w)
            if w is None:
                return None
            rel = relation(sentence, w)
        if rel in ("acl", "advcl") and any(m.lemma_lower in ("of", "for", "to") for m in sentence.children_by(w, "mark")):
            # "accused the government of sending troops", parsed with the clause under the object
            noun = sentence.head_of(w)
            if noun is not None and noun.upos not in ("VERB", "AUX") and relation(sentence, noun) in ("obj", "iobj"):
                return sentence.head_of(noun)
        return sentence.head_of(w) if rel in ("xcomp", "ccomp", "advcl") else None

    def _targets(self, sentence: Sentence, frame: "_Frame", ctx: "_Context", exclude: Word | None = None,
                 statement: bool = False, own_object: bool = False, skip_with: bool = False) -> list[ActorRef]:
        """The first candidate phrase (objects, then prepositional phrases) that holds an actor.
        The project's dictionaries: a phrase with a country (or a named actor) is preferred to one
        that holds only a role ("fired rockets at a Syrian base"); a statement's object that is
        the subject of a reported clause is not its target ("said Armenian forces attacked ...",
        parsed with the clause under the noun)."""
        fallback: list[ActorRef] = []
        object_ids = {o.id for o in frame.objects}
        for cand in frame.target_candidates:
            if exclude is not None and cand.id == exclude.id:
                continue
            if skip_with and sentence.preposition(cand) == "with":
                continue
            if statement and own_object and cand.head in object_ids:
                continue  # "said India's ties with Europe ...": a phrase inside what was said
            if not self.classic and own_object and cand.head in object_ids and not frame.passive:
                # ``own_object`` (no pattern of the verb matched its object): the 'on' phrase of
                # an event noun is that noun's target, not the verb's: "supports the war on Iraq"
                # does not support Iraq
                obj = sentence.word(cand.head)
                if sentence.preposition(cand) in ("on", "against", "into", "upon"):
                    noun = self._entry_for(sentence, obj)
                    if obj.lemma_lower in ("war", "wars", "warfare") or (
                            noun is not None and noun.pos == "noun" and noun.code is not None):
                        continue
            if statement and any(relation(sentence, c) in ("acl", "acl:relcl", "relcl") and c.upos in ("VERB", "AUX")
                                 and not any(relation(sentence, g) in _SUBJECTS for g in sentence.children(c))
                                 for c in sentence.children(cand)):
                continue
            # a statement's object is what was said, not who it concerns ("described the Israeli operations")
            targets = self.actors_of(sentence, cand, ctx, target=True, modifiers=not statement)
            if targets and not self.classic and all(self._role_only(t) for t in targets):
                fallback = fallback or targets
                continue
            if targets:
                return targets
        if fallback:
            return fallback
        if self.dictionaries.verb_forms:  # classic dictionaries: any actor further down the predicate
            for cand in frame.deep_candidates(sentence, self._is_event_word(sentence)):
                if exclude is not None and cand.id == exclude.id:
                    continue
                targets = self.actors_of(sentence, cand, ctx)
                if targets:
                    return targets
        return []

    def _match(self, sentence: Sentence, frame: "_Frame", pattern: Pattern, ctx: "_Context | None" = None) -> dict | None:
        slots: dict = {}
        if pattern.compound:
            if ctx is None or len(self.actors_of(sentence, frame.source, ctx)) < 2:
                return None
            if not self.classic and self._targets(sentence, frame, ctx):
                return None  # '%' is for coordinated subjects without a target of their own
        for term in pattern.terms:
            if term.kind == "pre" and not term.alternatives:
                # '+' before the verb: the subject is the target (the source comes from a '$' term)
                subject = frame.subject or frame.source
                if subject is None:
                    return None
                slots["target" if term.target else "source"] = subject
                continue
            if term.kind == "any":
                hit = self._any_actor(sentence, frame, ctx)
                if hit is None:
                    return None
                slots["target" if term.target else "source"] = hit
                continue
            hit = self._match_term(sentence, frame, term)
            if hit is None:
                return None
            if term.target and isinstance(hit, Word):
                slots["target"] = hit
            if term.source and isinstance(hit, Word):
                slots["source"] = hit
        return slots

    def _is_event_word(self, sentence: Sentence):
        def check(w: Word) -> bool:
            entry = self._entry_for(sentence, w)
            return entry is not None and (entry.code is not None or bool(entry.patterns))
        return check

    def _any_actor(self, sentence: Sentence, frame: "_Frame", ctx: "_Context | None") -> Word | None:
        """'$' or '+' after the verb: the first phrase of the predicate that holds an actor."""
        if ctx is None:
            return None
        for cand in list(frame.target_candidates) + frame.deep_candidates(sentence, self._is_event_word(sentence)):
            if self.actors_of(sentence, cand, ctx):
                return cand
        return None

    def _match_term(self, sentence: Sentence, frame: "_Frame", term: Term) -> Word | bool | None:
        if term.kind == "particle":
            # a word of a multi-word verb: a dependent of the verb or a word right beside it
            near = list(sentence.children(frame.verb))
            for k in (-2, -1, 1, 2):
                if 1 <= frame.verb.id + k <= len(sentence.words):
                    near.append(sentence.word(frame.verb.id + k))
            return True if _contains_any(near, term.alternatives) else None
        if term.kind == "object":
            for obj in frame.objects:
                words = frame.object_phrase(sentence, obj)
                if self.classic and frame.verb.id < obj.id:
                    # PETRARCH reads the text after the verb: words between the verb and the object's
                    # head belong to the object even when the parse hangs them elsewhere ("abandon
                    # improved global economic relations" with "improved" as a clause)
                    inside = {x.id for x in words}
                    words = words + [sentence.word(i) for i in range(frame.verb.id + 1, obj.id)
                                     if i not in inside and sentence.word(i).upos != "PUNCT"]
                if not term.alternatives or _contains(words, term.alternatives, self.classic):
                    return obj
            if self.classic and term.alternatives:
                # PETRARCH reads the words after the verb: a prepositional phrase counts ("received by
                # courier money"); a complement clause does not ("said he has deep satisfaction")
                for c in sentence.children(frame.verb):
                    rel = relation(sentence, c)
                    if c.id > frame.verb.id and rel.startswith(("obl", "nmod")) and not rel.endswith(("tmod", "agent")) \
                            and _contains(sentence.subtree(c, _CLAUSAL), term.alternatives):
                        return c
                # an open complement: "believed linked to Al-Qaeda"
                for c in sentence.children(frame.verb):
                    if relation(sentence, c) == "xcomp" and c.id > frame.verb.id and _contains([c], term.alternatives):
                        return True
            return None
        if term.kind == "prep":
            for prep, head in frame.preps(sentence, deep=self.classic):
                if prep != term.prep:
                    continue
                if (term.target or term.source) and not self.classic and head.upos in ("VERB", "AUX"):
                    continue  # "sent troops to Mali to help": a clause is no actor phrase
                if not term.alternatives or _contains(sentence.subtree(head, _CLAUSAL), term.alternatives):
                    return head
            if self.classic:
                # "break in an anti-Gondor parade" parsed with 'in' as a particle and the noun as object
                for prt in sentence.children_by(frame.verb, "compound:prt"):
                    if prt.lower == term.prep:
                        for obj in frame.objects:
                            if not term.alternatives or _contains(frame.object_phrase(sentence, obj), term.alternatives):
                                return obj
                        if not term.alternatives:
                            return True
            if term.prep != "to" or not term.alternatives:
                return None
        if term.kind == "xcomp" or (term.kind == "prep" and term.prep == "to" and term.alternatives):
            for c in sentence.children(frame.verb):
                if relation(sentence, c) in ("xcomp", "advcl", "ccomp") and _contains([c], term.alternatives):
                    return c if term.kind == "prep" else True
            return None
        if term.kind == "pre" and self.classic and max((len(a) for a in term.alternatives), default=0) == 1:
            # PETRARCH: a word before '*' stands right before the verb (perfect and passive
            # auxiliaries between them are passed over: "will be hosting", "has not restored")
            i = frame.verb.id - 1
            while i >= 1:
                prev = sentence.word(i)
                if prev.upos == "PUNCT" or (relation(sentence, prev).startswith("aux") and prev.lemma_lower in ("have", "be")):
                    i -= 1
                    continue
                return True if _contains([prev], term.alternatives) else None
            return None
        if term.kind == "pre":
            around = [c for c in sentence.children(frame.verb) if relation(sentence, c) in _AUX_RELS]
            gov = self._governor(sentence, frame.verb)
            if gov is not None:
                around.append(gov)
            if _contains(around, term.alternatives):
                return True
            if self.classic and frame.source is not None:
                # PETRARCH reads the words before the verb: the subject's phrase, in order
                phrase = sentence.subtree(frame.source, _CLAUSAL - {"conj", "cc"})
                if _in_order(phrase, term.alternatives):
                    return True
            return None
        return None


_VOWELS = frozenset("aeiouy")


def _undouble(stem: str) -> str | None:
    """``expell`` -> ``expel``, ``snubb`` -> ``snub`` (not ``ll`` after two vowels, nor ``ss``)."""
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-1] not in "s":
        return stem[:-1]
    return None


@lru_cache(maxsize=8192)
def _lemma_repairs(lemma: str, form: str) -> tuple[str, ...]:
    """Candidate verb lemmas for a lemma the dictionaries lack, most likely first: the lemma with
    an 'e' added (``telephon``), a final doubled consonant undone (``expell``), a final 'e' after
    'o' dropped (``vetoe``), '-ied' as '-y'; then the surface form without '-ed' or '-ing'
    (``welcoming``, ``worried``) with the same repairs."""
    out: list[str] = []

    def spellings(stem: str) -> None:  # an 'e' added, a doubled consonant undone, 'oe' -> 'o'
        if stem[-1] not in _VOWELS:
            out.append(stem + "e")
        short = _undouble(stem)
        if short:
            out.append(short)
        if stem.endswith("oe"):
            out.append(stem[:-1])

    def stems(stem: str, ied: bool) -> None:
        if len(stem) < 3 or not stem.isalpha():
            return
        if ied:
            out.append(stem[:-1] + "y")
        out.append(stem)
        spellings(stem)

    if lemma.isalpha():
        if lemma.endswith("ied"):
            out.append(lemma[:-3] + "y")
        spellings(lemma)
    if form.isalpha():
        if form.endswith("ied"):
            stems(form[:-2], True)
        elif form.endswith("ed"):
            stems(form[:-2], False)
            stems(form[:-1], False)  # "welcomed" -> "welcome" (stem + e)
        elif form.endswith("ing"):
            stems(form[:-3], False)
    return tuple(dict.fromkeys(x for x in out if x != lemma))


#: rank bonus of a pattern whose governing-verb term matched (above any count of terms)
_GOVERNED = 1000


@lru_cache(maxsize=None)
def _single(term: Term, alt: tuple[str, ...]) -> Term:
    """``term`` with only one of its alternatives."""
    return Term(term.kind, (alt,), term.prep, term.target, term.source)


def _in_hyphenated(sentence: Sentence, w: Word) -> bool:
    """True for a word joined by a hyphen token to the word before it ("insurgency - hit") or
    written with a leading hyphen ("-called")."""
    if w.text.startswith("-") and len(w.text) > 1:
        return True
    if w.id > 2:
        prev = sentence.word(w.id - 1)
        return prev.text == "-" and prev.xpos == "HYPH"
    return False


def _word_forms(w: Word) -> list[set[str]]:
    return _forms(w.text, w.lemma_lower)


@lru_cache(maxsize=65536)
def _forms(text: str, lemma_lower: str) -> list[frozenset[str]]:
    surface = phrase_parts(text) or (fold(text),)
    lemma = phrase_parts(lemma_lower) or surface
    if len(lemma) != len(surface):
        return [frozenset(surface) | frozenset(lemma)] if len(surface) == 1 else [frozenset({p}) for p in surface]
    return [frozenset({s, l}) for s, l in zip(surface, lemma)]


def _in_order(words: list[Word], alternatives: tuple[tuple[str, ...], ...]) -> bool:
    """True when the parts of one alternative occur in ``words`` in order (other words may come between)."""
    units: list[set[str]] = []
    for w in sorted(words, key=lambda w: w.id):
        units.extend(_word_forms(w))
    for alt in alternatives:
        j = 0
        for u in units:
            if j < len(alt) and alt[j] in u:
                j += 1
        if j == len(alt):
            return True
    return False


def _contains_any(words: list[Word], alternatives: tuple[tuple[str, ...], ...]) -> bool:
    """True when one of the one-word alternatives is one of ``words`` (order does not matter)."""
    return any(_contains([w], alternatives) for w in words)


def _contains(words: list[Word], alternatives: tuple[tuple[str, ...], ...], skip_adjectives: bool = False) -> bool:
    """True when one of the word sequences occurs, in order and contiguously, in ``words``.
    ``skip_adjectives``: adjectives may stand between the parts ("improved global economic
    relations" holds "improved economic relations", as in PETRARCH)."""
    units: list[set[str]] = []
    adjective: list[bool] = []
    for w in sorted(words, key=lambda w: w.id):
        forms = _word_forms(w)
        units.extend(forms)
        adjective.extend([w.upos == "ADJ"] * len(forms))
    n = len(units)
    for alt in alternatives:
        k = len(alt)
        for i in range(n - k + 1):
            if all(alt[j] in units[i + j] for j in range(k)):
                return True
        if skip_adjectives and k > 1:
            for i in range(n):
                if alt[0] not in units[i]:
                    continue
                j, pos = 1, i + 1
                while j < k and pos < n:
                    if alt[j] in units[pos]:
                        j += 1
                    elif not adjective[pos]:
                        break
                    pos += 1
                if j == k:
                    return True
    return False


@dataclass
class _Context:
    date: dt.date | None
    actor_at: dict[int, _Mention]
    agent_at: dict[int, _Mention]
    parts: set[str] = field(default_factory=set)  # every word part and lemma part of the sentence


@dataclass
class _Frame:
    """The arguments of one verb (or event noun): source, objects, candidate targets."""

    verb: Word
    source: Word | None
    objects: list[Word]
    target_candidates: list[Word]
    subject: Word | None = None  # the grammatical subject (the patient of a passive)
    passive: bool = False
    #: an event noun's modifiers that may name its source, in order ("joint Russian drills")
    source_candidates: list[Word] = field(default_factory=list)

    @classmethod
    def build(cls, sentence: Sentence, w: Word, noun: bool, classic: bool = True) -> "_Frame":
        if noun:
            return cls._noun(sentence, w, classic)
        kids = [(relation(sentence, c), c) for c in sentence.children(w)]
        passive = any(r in ("nsubj:pass", "aux:pass") for r, _ in kids)
        if passive and not classic and w.xpos not in ("VBN", "_", "") and not any(r == "aux:pass" for r, _ in kids) \
                and not (relation(sentence, w) == "conj" and sentence.head_of(w) is not None
                         and sentence.children_by(sentence.head_of(w), "aux:pass")):
            # ("one was killed and nine wounded": the second verb shares the first one's auxiliary)
            # a finite verb without a passive auxiliary is active, whatever the label of its
            # subject ("troops clashed" parsed with nsubj:pass)
            passive = False
            kids = [("nsubj" if r == "nsubj:pass" else r, c) for r, c in kids]
        # "nsubj:outer" ("officials are about to restore"), "nsubj:xsubj": subjects too
        subjects = [c for r, c in kids if r in ("nsubj", "csubj") or (r.startswith("nsubj:") and r != "nsubj:pass")]
        # a parse with two subjects ("Dagolath's ... Minister Telemar left", "the Philippines and the
        # European Union (EU) agree"): the larger phrase, then the nearer one
        subject = (max(subjects, key=lambda c: (len(sentence.subtree(c)), -abs(c.id - w.id)))
                   if len(subjects) > 1 else (subjects[0] if subjects else None))
        patient = next((c for r, c in kids if r == "nsubj:pass"), None)
        objects = [c for r, c in kids if r in ("obj", "iobj")]
        agent = next((c for r, c in kids if r == "obl:agent" or (r.startswith("obl") and passive and sentence.preposition(c) == "by")), None)
        if passive:
            source = agent
            if patient is not None:
                objects = [patient] + objects
        else:
            source = subject
        if subject is not None and subject.upos == "PRON" and subject.feat("PronType") == "Rel":
            source = sentence.head_of(w) if relation(sentence, w) in ("acl:relcl", "relcl") else None
        if source is None and not passive:
            source = cls._controller(sentence, w, classic)
        elif (source is not None and source.upos == "PRON" and source.lower in _ANAPHORS
              and relation(sentence, w) in ("ccomp", "conj", "advcl")):
            # "Ethiopia indicated it deplored Libya": the pronoun is the governing clause's subject
            source = cls._controller(sentence, w) or source
        if passive and source is None and patient is None:
            source = None
        targets = list(objects)
        for r, c in kids:
            if r.startswith("obl") and r != "obl:agent" and sentence.preposition(c) in _TARGET_PREPS:
                targets.append(c)
        for obj in objects:
            for c in sentence.children(obj):
                if relation(sentence, c) == "nmod" and sentence.preposition(c) in _TARGET_PREPS:
                    targets.append(c)
        return cls(w, source, objects, targets, subject or patient, passive)

    @staticmethod
    def _controller(sentence: Sentence, w: Word, classic: bool = True) -> Word | None:
        """The subject of a clause without one: the object or subject of the governing verb.
        Not classic: a participle after a comma hung on a prepositional phrase ("stormed a building
        in central Baghdad, kidnapping 100 people") is an adverbial clause of the verb above it."""
        seen = 0
        while seen < 4:
            seen += 1
            rel = relation(sentence, w)
            gov = sentence.head_of(w)
            if gov is None:
                return None
            if rel in ("acl", "acl:relcl", "relcl") and gov.upos in ("NOUN", "PROPN", "PRON"):
                if not classic and w.xpos == "VBG" and sentence.preposition(gov) is not None \
                        and w.id > 1 and sentence.word(w.id - 1).text == ",":
                    clause, steps = gov, 0
                    while clause is not None and clause.upos not in ("VERB", "AUX") and steps < 8:
                        clause, steps = sentence.head_of(clause), steps + 1
                    if clause is not None:
                        subj = next((c for c in sentence.children(clause)
                                     if relation(sentence, c) in ("nsubj", "csubj") or relation(sentence, c).startswith("nsubj:")), None)
                        return subj
                return gov
            if rel not in ("xcomp", "conj", "advcl", "ccomp"):
                return None
            kids = [(relation(sentence, c), c) for c in sentence.children(gov)]
            if rel == "xcomp" or (rel == "advcl" and any(m.lemma_lower in ("of", "for", "against") for m in sentence.children_by(w, "mark"))):
                obj = next((c for r, c in kids if r in ("obj", "iobj")), None)
                if obj is not None:
                    return obj
            subj = next((c for r, c in kids if r in ("nsubj", "csubj") or r.startswith("nsubj:")), None)
            if subj is not None:
                return subj
            w = gov
        return None

    @classmethod
    def _noun(cls, sentence: Sentence, w: Word, classic: bool = True) -> "_Frame":
        source = None
        candidates: list[Word] = []
        targets: list[Word] = []
        for c in sentence.children(w):
            rel = relation(sentence, c)
            prep = sentence.preposition(c)
            if rel in ("nmod:poss", "amod", "compound"):
                candidates.append(c)
                if source is None:
                    source = c
            elif rel == "nmod" and prep == "by":
                candidates.insert(0, c)
                source = c
            elif rel == "nmod" and prep in ("on", "against", "of", "to", "with", "in", "into") \
                    and (classic or prep != "in"):  # not classic: "a summit in Malaysia" is a place
                targets.append(c)
        order = {"nmod": 0, "nmod:poss": 1, "compound": 2, "amod": 3}
        candidates.sort(key=lambda c: order.get(relation(sentence, c), 4))  # stable: then in sentence order
        return cls(w, source, [t for t in targets if sentence.preposition(t) == "of"], targets,
                   source_candidates=candidates)

    def deep_candidates(self, sentence: Sentence, is_event_word=None) -> list[Word]:
        """Nominals further down the predicate, breadth first: the prepositional phrases of the verb
        with any preposition, the nominals nested in the objects and in those phrases, and the
        objects of clauses inside the predicate ("the roads leading into Mordor", "to supply Gondor")
        unless the clause's verb codes its own event (PETRARCH takes the first actor of the verb
        phrase).  Subjects of other clauses are not taken."""
        out: list[Word] = []
        seen = {self.verb.id}
        nominal_rels = ("obj", "iobj", "obl", "nmod", "nsubj", "compound", "appos", "conj")
        clause_rels = ("acl", "xcomp", "advcl", "ccomp")
        queue = [c for c in sentence.children(self.verb)
                 if relation(sentence, c).startswith(("obj", "iobj", "obl", "nmod", "nsubj:pass") + clause_rels)
                 and not relation(sentence, c).endswith(("tmod", "agent", "relcl"))
                 and not (relation(sentence, c).startswith("advcl") and c.upos not in ("VERB", "AUX"))]
        while queue:
            w = queue.pop(0)
            if w.id in seen:
                continue
            seen.add(w.id)
            rel_w = relation(sentence, w)
            if rel_w.startswith(clause_rels) and w.upos in ("VERB", "AUX") :
                if is_event_word is not None and is_event_word(w):
                    continue
            elif w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"):
                out.append(w)
            for c in sentence.children(w):
                rel = relation(sentence, c)
                if rel.endswith(("tmod", "relcl")):
                    continue
                if rel.startswith(clause_rels) and c.upos in ("VERB", "AUX"):
                    queue.append(c)
                elif rel.startswith(nominal_rels) and c.upos not in ("VERB", "AUX"):
                    queue.append(c)
        return out

    def object_phrase(self, sentence: Sentence, obj: Word) -> list[Word]:
        return sentence.subtree(obj, _CLAUSAL - {"conj"})

    def preps(self, sentence: Sentence, deep: bool = False) -> list[tuple[str, Word]]:
        """Prepositional phrases of the verb and of its objects; ``deep``: also those attached to the
        verb's own prepositional phrases ("celebrated Eid at the Emirates with Gondor" parsed with
        'with Gondor' under 'Emirates'), after the others."""
        out = self._preps(sentence)
        if deep:
            for _, head in list(out):
                if head.head == self.verb.id:
                    for c in sentence.children(head):
                        if relation(sentence, c).startswith("nmod"):
                            p = sentence.preposition(c)
                            if p:
                                out.append((p, c))
        return out

    def _preps(self, sentence: Sentence) -> list[tuple[str, Word]]:
        out = []
        for c in sentence.children(self.verb):
            if relation(sentence, c).startswith(("obl", "nmod", "advcl")):
                p = sentence.preposition(c)
                if p:
                    out.append((p, c))
        for obj in self.objects:
            for c in sentence.children(obj):
                if relation(sentence, c).startswith("nmod"):
                    p = sentence.preposition(c)
                    if p:
                        out.append((p, c))
        return out
