"""Verb patterns compiled for matching, and the term matchers they dispatch to.

A pattern (``* (of &CRIME) [1121]``, see the dictionary README) is a list of terms; each term has a
*kind* (``object``, ``prep``, ``xcomp``, ``pre``, ``particle``, ``any``) and the word sequences
(alternatives) it needs.  :class:`CompiledVerb` holds a dictionary verb with its patterns sorted
most specific first, each with the first words its terms need (a pattern needing a word the
sentence lacks is never tried).  Terms are matched by the function the rules' table gives for
their kind (``rules.terms``), so a dialect changes how a kind matches without an if-chain here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..dictionaries.model import Pattern, Term, VerbEntry, fold, phrase_parts
from ..model import Sentence, Word
from .frames import CLAUSAL, Frame

#: relations of a verb's own small words: auxiliaries, adverbs, particles, markers
AUX_RELATIONS = frozenset({"aux", "aux:pass", "advmod", "compound:prt", "mark", "cop", "neg", "xcomp"})
#: rank bonus of a pattern whose governing-verb term matched (above any count of terms)
GOVERNED = 1000
#: term kinds whose words must occur in the sentence for the pattern to match
_WORD_KINDS = ("object", "prep", "pre", "particle", "xcomp")


@dataclass
class CompiledPattern:
    score: int  # the most this pattern can rank
    index: int  # its place in the dictionary (ties: the first listed)
    pattern: Pattern
    required: list[frozenset[str]]  # per term with words: the first parts of its alternatives


class CompiledVerb:
    """A dictionary verb (or event noun, or predicate adjective) with its compiled patterns (each
    compiled when the verb is first met: a dictionary has thousands a run may never meet)."""

    def __init__(self, entry: VerbEntry, governed_bonus: bool):
        self.entry = entry
        self.governed_bonus = governed_bonus
        self._patterns: list[CompiledPattern] | None = None
        self._by_word: tuple[list[int], dict[str, list[int]]] | None = None
        self._reciprocal: bool | None = None

    @property
    def patterns(self) -> list[CompiledPattern]:
        """The patterns, most specific first."""
        if self._patterns is None:
            self._patterns = self._compile()
        return self._patterns

    def _compile(self) -> list[CompiledPattern]:
        items = []
        for i, p in enumerate(self.entry.patterns):
            required = [t.first_parts for t in p.terms if t.alternatives and t.kind in _WORD_KINDS]
            score = p.specificity + (1 if p.compound else 0)
            if self.governed_bonus and any(t.kind == "pre" and t.alternatives for t in p.terms):
                score += GOVERNED
            items.append(CompiledPattern(score, i, p, required))
        items.sort(key=lambda it: (-it.score, it.index))
        return items

    def _index(self) -> tuple[list[int], dict[str, list[int]]]:
        """Positions (in :attr:`patterns`) of the patterns that need no word, and of the others by
        the words of their first required term."""
        free: list[int] = []
        by_word: dict[str, list[int]] = {}
        for n, cp in enumerate(self.patterns):
            if not cp.required:
                free.append(n)
                continue
            for word in min(cp.required, key=len):
                by_word.setdefault(word, []).append(n)
        return free, by_word

    def candidates(self, parts: set[str]) -> list[CompiledPattern]:
        """The patterns whose words all occur in the sentence (``parts``), most specific first."""
        if self._by_word is None:
            self._by_word = self._index()
        free, by_word = self._by_word
        if not by_word:
            return [self.patterns[n] for n in free]
        picked = set(free)
        for word in parts & by_word.keys():
            picked.update(by_word[word])
        patterns = self.patterns
        return [patterns[n] for n in sorted(picked)
                if not any(options.isdisjoint(parts) for options in patterns[n].required)]

    @property
    def reciprocal(self) -> bool:
        """The verb has a '%' pattern: coordinated subjects act on each other."""
        if self._reciprocal is None:
            self._reciprocal = any(p.compound for p in self.entry.patterns)
        return self._reciprocal

    @property
    def codes_something(self) -> bool:
        return self.entry.code is not None or bool(self.entry.patterns)


# -- word sequences in a list of words ---------------------------------------------------------------

@lru_cache(maxsize=65536)
def forms(text: str, lemma_lower: str) -> list[frozenset[str]]:
    """The parts a word can match as: per part, its surface form and its lemma."""
    surface = phrase_parts(text) or (fold(text),)
    lemma = phrase_parts(lemma_lower) or surface
    if len(lemma) != len(surface):
        return [frozenset(surface) | frozenset(lemma)] if len(surface) == 1 else [frozenset({p}) for p in surface]
    return [frozenset({s, l}) for s, l in zip(surface, lemma)]


@lru_cache(maxsize=65536)
def all_forms(text: str, lemma_lower: str) -> frozenset[str]:
    """Every part a word can match as (the union of its :func:`forms`)."""
    found = forms(text, lemma_lower)
    return found[0] if len(found) == 1 else frozenset().union(*found)


def word_forms(w: Word) -> list[frozenset[str]]:
    return forms(w.text, w.lemma_lower)


def contains(words: list[Word], term: Term, skip_adjectives: bool = False) -> bool:
    """True when one of the term's word sequences occurs, in order and contiguously, in ``words``.
    ``skip_adjectives``: adjectives may stand between the parts ("improved global economic
    relations" holds "improved economic relations", as in PETRARCH)."""
    index = term.index
    units: list[frozenset[str]] = []
    adjective: list[bool] = []
    for w in sorted(words, key=lambda w: w.id) if len(words) > 1 else words:
        f = word_forms(w)
        units.extend(f)
        if skip_adjectives:
            adjective.extend([w.upos == "ADJ"] * len(f))
    n = len(units)
    for i in range(n):
        for part in units[i]:
            for alt in index.get(part, ()):
                k = len(alt)
                if i + k <= n and all(alt[j] in units[i + j] for j in range(1, k)):
                    return True
    if skip_adjectives:
        for i in range(n):
            for part in units[i]:
                for alt in index.get(part, ()):
                    k = len(alt)
                    if k < 2:
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


def in_order(words: list[Word], alternatives: tuple[tuple[str, ...], ...]) -> bool:
    """True when the parts of one alternative occur in ``words`` in order (other words may come between)."""
    units: list[frozenset[str]] = []
    for w in sorted(words, key=lambda w: w.id):
        units.extend(word_forms(w))
    present = set().union(*units)
    for alt in alternatives:
        if not present.issuperset(alt):
            continue  # (a part the words lack: most alternatives, not read in order)
        j = 0
        for u in units:
            if j < len(alt) and alt[j] in u:
                j += 1
        if j == len(alt):
            return True
    return False


def contains_any(words: list[Word], term: Term) -> bool:
    """True when one of the term's sequences is within one of ``words`` (order does not matter)."""
    return any(contains([w], term) for w in words)


@lru_cache(maxsize=None)
def single(term: Term, alt: tuple[str, ...]) -> Term:
    """``term`` with only one of its alternatives."""
    return Term(term.kind, (alt,), term.prep, term.target, term.source)


# -- term matchers: (coder, sentence, frame, term) -> the phrase matched (a Word), True, or None -------

def match_particle(coder, sentence: Sentence, frame: Frame, term: Term):
    """A word of a multi-word verb: a dependent of the verb or a word right beside it."""
    near = list(sentence.children(frame.verb))
    for k in (-2, -1, 1, 2):
        if 1 <= frame.verb.id + k <= len(sentence.words):
            near.append(sentence.word(frame.verb.id + k))
    return True if contains_any(near, term) else None


def match_object(coder, sentence: Sentence, frame: Frame, term: Term):
    """An object whose phrase holds the words (any object for a term without words)."""
    for obj in frame.objects:
        if not term.alternatives or contains(frame.object_phrase(sentence, obj), term):
            return obj
    return None


def match_object_in_text(coder, sentence: Sentence, frame: Frame, term: Term):
    """PETRARCH reads the text after the verb: the words between the verb and the object's head
    belong to the object even when the parse hangs them elsewhere ("abandon improved global
    economic relations"), adjectives may stand between the words, a prepositional phrase counts
    ("received by courier money"), and so does an open complement ("believed linked to Al-Qaeda");
    a complement clause does not ("said he has deep satisfaction")."""
    for obj in frame.objects:
        words = frame.object_phrase(sentence, obj)
        if frame.verb.id < obj.id:
            inside = {x.id for x in words}
            words = words + [sentence.word(i) for i in range(frame.verb.id + 1, obj.id)
                             if i not in inside and sentence.word(i).upos != "PUNCT"]
        if not term.alternatives or contains(words, term, True):
            return obj
    if term.alternatives:
        for c in sentence.children(frame.verb):
            rel = c.deprel
            if c.id > frame.verb.id and rel.startswith(("obl", "nmod")) and not rel.endswith(("tmod", "agent")) \
                    and contains(sentence.subtree(c, CLAUSAL), term):
                return c
        for c in sentence.children(frame.verb):
            if c.deprel == "xcomp" and c.id > frame.verb.id and contains([c], term):
                return True
    return None


def match_prep(coder, sentence: Sentence, frame: Frame, term: Term):
    """A prepositional phrase of the verb or its objects with the term's preposition (and words);
    an actor term never matches a clause ("sent troops to Mali to help")."""
    for prep, head in frame.preps(sentence):
        if prep != term.prep and _second_preposition(sentence, head) != term.prep:
            continue
        if (term.target or term.source) and (head.upos in ("VERB", "AUX") or _time(coder, sentence, head)):
            continue
        if not term.alternatives or contains(sentence.subtree(head, CLAUSAL), term):
            return head
    return _infinitive(coder, sentence, frame, term)


def _second_preposition(sentence: Sentence, head: Word) -> str | None:
    """The second of two prepositions written together before a phrase ("bring him on to Qatar",
    both read as its case markers): the one nearer the noun, or None."""
    marks = [c for c in sentence.children(head) if c.deprel == "case" and c.id < head.id]
    if len(marks) == 2 and marks[1].id == marks[0].id + 1 and marks[0].upos == "ADP":
        return marks[1].lower
    return None


def _time(coder, sentence: Sentence, head: Word) -> bool:
    """A phrase that names a time ("on Tuesday", "on Nov. 1" with the number as its head): a day or
    month name heads it, or a number does beside one."""
    lex = coder.lex
    if head.lower in lex.time_name or head.lower in lex.month_name:
        return True
    if head.upos != "NUM":
        return False
    near = [w for w in sentence.words if abs(w.id - head.id) <= 2]
    return any(w.lower in lex.month_name for w in near)


def match_prep_deep(coder, sentence: Sentence, frame: Frame, term: Term):
    """PETRARCH: phrases attached to the verb's own phrases count too, and a particle parsed where
    the preposition should be ("break in an anti-Gondor parade") stands for it."""
    for prep, head in frame.preps(sentence, deep=True):
        if prep != term.prep:
            continue
        if not term.alternatives or contains(sentence.subtree(head, CLAUSAL), term):
            return head
    for prt in sentence.children_by(frame.verb, "compound:prt"):
        if prt.lower == term.prep:
            for obj in frame.objects:
                if not term.alternatives or contains(frame.object_phrase(sentence, obj), term):
                    return obj
            if not term.alternatives:
                return True
    return _infinitive(coder, sentence, frame, term)


def _infinitive(coder, sentence: Sentence, frame: Frame, term: Term):
    """'(to WORDS)' also matches an infinitive clause of the verb ("agreed to release ...")."""
    if term.prep not in coder.lex.infinitive_mark or not term.alternatives:
        return None
    return _clause(coder, sentence, frame, term)


def _clause(coder, sentence: Sentence, frame: Frame, term: Term) -> Word | None:
    """An open or adverbial clause of the verb headed by the term's word; a complement clause
    only when it is an infinitive ("told him to leave"), not what was said ("said he would leave").
    A term without words matches any infinitive open complement after the verb, one the object
    is to carry out ("told Japan to apologise")."""
    for c in sentence.children(frame.verb):
        if c.deprel not in ("xcomp", "advcl", "ccomp"):
            continue
        infinitive = any(m.deprel == "mark" and m.lower in coder.lex.infinitive_mark for m in sentence.children(c))
        if not term.alternatives:
            # an act the object is to do (an open complement), not something to be done or a
            # purpose ("told the BBC in an interview to be broadcast Monday")
            if infinitive and c.deprel == "xcomp" and c.upos in ("VERB", "AUX") and c.id > frame.verb.id \
                    and not any(x.deprel in ("aux:pass", "cop") for x in sentence.children(c)):
                return c
        elif contains([c], term) and (c.deprel != "ccomp" or infinitive):
            return c
    return None


def match_clause(coder, sentence: Sentence, frame: Frame, term: Term):
    """'to WORD': an open, adverbial or complement clause of the verb headed by the word ('to'
    alone: any infinitive clause)."""
    return True if _clause(coder, sentence, frame, term) is not None else None


def match_pre(coder, sentence: Sentence, frame: Frame, term: Term):
    """A word before '*': an auxiliary, adverb or particle of the verb, or the verb governing it
    ("refused to release")."""
    around = [c for c in sentence.children(frame.verb) if c.deprel in AUX_RELATIONS]
    gov = coder.rules.governor(coder, sentence, frame.verb)
    if gov is not None:
        # with its particle: a phrasal verb ("ruled out working with Iran")
        around += [gov] + sentence.children_by(gov, "compound:prt")
    return True if contains(around, term) else None


def match_pre_in_text(coder, sentence: Sentence, frame: Frame, term: Term):
    """PETRARCH reads the words before the verb: a one-word term is the word right before it
    (auxiliaries of the perfect and passive passed over: "will be hosting", "has not restored");
    a longer one may be in the subject's phrase, in order."""
    if max((len(a) for a in term.alternatives), default=0) == 1:
        i = frame.verb.id - 1
        while i >= 1:
            prev = sentence.word(i)
            if prev.upos == "PUNCT" or (prev.deprel.startswith("aux") and prev.lemma_lower in coder.lex.perfect_auxiliary):
                i -= 1
                continue
            return True if contains([prev], term) else None
        return None
    if match_pre(coder, sentence, frame, term):
        return True
    if frame.source is not None:
        phrase = sentence.subtree(frame.source, CLAUSAL - {"conj", "cc"})
        if in_order(phrase, term.alternatives):
            return True
    return None


#: the project dictionaries' term matchers, by kind
PROJECT_TERMS = {"particle": match_particle, "object": match_object, "prep": match_prep, "xcomp": match_clause,
                 "pre": match_pre}
#: PETRARCH's, by kind (the text around the verb counts as PETRARCH reads it)
PETRARCH_TERMS = {"particle": match_particle, "object": match_object_in_text, "prep": match_prep_deep,
                  "xcomp": match_clause, "pre": match_pre_in_text}
