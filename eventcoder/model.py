"""The in-memory model every stage shares: documents, parsed sentences and their words.

A :class:`Sentence` is the same whether it came from stanza today or from a CoNLL-U file
written years ago (see :mod:`eventcoder.io.conllu`).  The older UD v1 labels are mapped onto
their v2 names once, when the sentence is made (:func:`to_v2`), so every later stage reasons
about one label set and reads ``word.deprel`` directly.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: UD v1 labels and their UD v2 equivalents (the subtype is kept: ``nmod:tmod`` -> ``obl:tmod``
#: when the head is a verb is handled by :func:`relation`).
_V1_TO_V2 = {
    "dobj": "obj",
    "name": "flat",
    "neg": "advmod",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "mwe": "fixed",
    "foreign": "flat:foreign",
}

#: UD v2 relations :func:`to_v2` leaves as they are (neither a v1 name nor an ``nmod`` it may
#: change), passed over at once
_V2_AS_IS = frozenset({
    "acl", "acl:relcl", "advcl", "advmod", "amod", "appos", "aux", "aux:pass", "case", "cc", "cc:preconj", "ccomp",
    "clf", "compound", "compound:prt", "conj", "cop", "csubj", "csubj:pass", "dep", "det", "det:predet", "discourse",
    "dislocated", "expl", "fixed", "flat", "goeswith", "iobj", "list", "mark", "nsubj", "nsubj:pass", "nummod",
    "nmod:poss", "obj", "obl", "obl:npmod", "obl:tmod", "orphan", "parataxis", "punct", "reparandum", "root",
    "vocative", "xcomp",
}) - frozenset(_V1_TO_V2)

_NOMINAL_UPOS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})
_PREDICATE_UPOS = frozenset({"VERB", "AUX", "ADJ"})


@dataclass
class Document:
    """One input document: a news story with its date and provenance."""

    id: str
    date: dt.date | None
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str = ""  # "file:line" where the record was read, for messages


@dataclass(slots=True)
class Word:
    """One syntactic word of a UD parse (CoNLL-U columns plus NER and character offsets)."""

    id: int  # 1-based position in the sentence
    text: str
    lemma: str
    upos: str
    xpos: str = "_"
    feats: str = "_"
    head: int = 0  # 0 is the root
    deprel: str = "root"
    misc: str = "_"
    ner: str = "O"  # BIOES entity tag when the parser has NER, else "O"
    #: the text, and the lemma (the text when there is none), in lower case; a word's text and
    #: lemma are never changed once it is made (a repair copies the word)
    lower: str = field(init=False, repr=False, compare=False)
    lemma_lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        self.lemma_lower = (self.lemma if self.lemma and self.lemma != "_" else self.text).lower()

    def copy(self) -> "Word":
        """A copy of the word, whose parse (head, relation) a repair may change."""
        return Word(self.id, self.text, self.lemma, self.upos, self.xpos, self.feats, self.head, self.deprel, self.misc,
                    self.ner)

    def feat(self, name: str) -> str | None:
        if not self.feats or self.feats == "_":
            return None
        for item in self.feats.split("|"):
            key, _, value = item.partition("=")
            if key == name:
                return value
        return None


@dataclass
class Sentence:
    """A parsed sentence with the document facts the coder needs."""

    doc_id: str
    sentence_id: int  # 1-based position in the document
    text: str
    words: list[Word]
    doc_date: dt.date | None = None
    doc_source: str | None = None
    _children: list[list[Word]] | None = field(default=None, repr=False, compare=False)
    _prepositions: dict[int, str | None] | None = field(default=None, repr=False, compare=False)
    _vocabulary: set[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        to_v2(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def word(self, index: int) -> Word:
        """The word with 1-based ``index``."""
        return self.words[index - 1]

    def head_of(self, word: Word) -> Word | None:
        return self.words[word.head - 1] if word.head > 0 else None

    def climb(self, word: Word, relations: tuple[str, ...] | frozenset[str]) -> Word:
        """``word``, or the first word above it whose relation is not one of ``relations`` (a
        name's part up to the name's head: ``flat``; a conjunct up to the first: ``conj``); the
        root at the most."""
        while word.deprel in relations and word.head > 0:
            word = self.words[word.head - 1]
        return word

    def children(self, word: Word | int) -> list[Word]:
        """Dependents of ``word`` in sentence order (a list shared by every call: do not change it)."""
        kids = self._children
        if kids is None:
            kids = [[] for _ in range(len(self.words) + 1)]
            for w in self.words:
                if 0 <= w.head <= len(self.words):
                    kids[w.head].append(w)
            self._children = kids
        return kids[word if isinstance(word, int) else word.id]

    def children_by(self, word: Word, *relations: str) -> list[Word]:
        """Dependents of ``word`` whose normalised relation is one of ``relations``."""
        return [c for c in self.children(word) if relation(self, c) in relations]

    def subtree(self, word: Word, exclude: frozenset[str] = frozenset()) -> list[Word]:
        """``word`` and everything below it, in sentence order; skips branches whose relation is
        in ``exclude``."""
        out: list[Word] = []
        stack = [word]
        seen = set()
        while stack:
            w = stack.pop()
            if w.id in seen:
                continue
            seen.add(w.id)
            out.append(w)
            for c in self.children(w):
                if relation(self, c) not in exclude:
                    stack.append(c)
        out.sort(key=lambda w: w.id)
        return out

    def at_or_above(self, ids) -> set[int]:
        """The IDs of the words ``ids`` and of every word above them (their heads, their heads'
        heads...): the words whose subtree holds one of ``ids``."""
        words, n = self.words, len(self.words)
        found: set[int] = set()
        for node in ids:
            while 0 < node <= n and node not in found:
                found.add(node)
                node = words[node - 1].head
        return found

    @property
    def vocabulary(self) -> set[str]:
        """Every word in lower case and every lemma (``lemma_lower``), found once: a rule that
        looks for words of a class has nothing to do in a sentence disjoint from the class."""
        if self._vocabulary is None:
            words = self.words
            self._vocabulary = {w.lower for w in words}.union([w.lemma_lower for w in words])
        return self._vocabulary

    def span_text(self, words: list[Word]) -> str:
        return " ".join(w.text for w in sorted(words, key=lambda w: w.id))

    def preposition(self, word: Word) -> str | None:
        """The case-marking preposition of a nominal (``with`` in "talks with Gondor"); found once
        per word (a sentence's parse does not change once it is made: a repair makes a new one)."""
        if self._prepositions is None:
            self._prepositions = {}
        found = self._prepositions.get(word.id, False)
        if found is not False:
            return found  # type: ignore[return-value]
        mark = next((c for c in self.children(word) if c.deprel in ("case", "mark") and c.id < word.id), None)
        if mark is None:
            found = None
        else:
            fixed = [f.lower for f in self.children(mark) if f.deprel == "fixed"]
            found = " ".join([mark.lower] + fixed) if fixed else mark.lower
        self._prepositions[word.id] = found
        return found


def to_v2(words: list[Word]) -> None:
    """Map UD v1 relations onto UD v2 in place: ``dobj`` -> ``obj``, ``name`` -> ``flat``,
    ``nsubjpass`` -> ``nsubj:pass`` ...; ``nmod`` on a predicate (or ``nmod:agent``) -> ``obl``
    (on a noun it stays ``nmod``); ``neg`` -> ``advmod`` with ``Polarity=Neg``, as v2 marks it."""
    n = len(words)
    for w in words:
        rel = w.deprel
        if rel in _V2_AS_IS:
            continue
        rel = rel or "dep"
        mapped = _V1_TO_V2.get(rel)
        if mapped is not None:
            if rel == "neg" and "Polarity=" not in w.feats:
                w.feats = "Polarity=Neg" if w.feats in ("", "_") else "|".join(sorted(w.feats.split("|") + ["Polarity=Neg"]))
            w.deprel = mapped
            continue
        base, _, sub = rel.partition(":")
        if base == "nmod" and sub != "poss":
            head = words[w.head - 1] if 0 < w.head <= n else None
            if head is not None and (head.upos in _PREDICATE_UPOS or sub == "agent"):
                w.deprel = "obl:" + sub if sub else "obl"
        elif rel != w.deprel:
            w.deprel = rel


def relation(sentence: Sentence, word: Word) -> str:
    """The UD v2 relation of ``word`` (labels are v2 once a :class:`Sentence` is made)."""
    return word.deprel


def base_relation(sentence: Sentence, word: Word) -> str:
    """The v2 relation without its subtype (``obl:agent`` -> ``obl``)."""
    return relation(sentence, word).partition(":")[0]


def is_nominal(word: Word) -> bool:
    return word.upos in _NOMINAL_UPOS


def is_negated(sentence: Sentence, word: Word) -> bool:
    """True when ``word`` carries a negation (``not``, ``n't``, ``never``; UD v1 ``neg`` too)."""
    for c in sentence.children(word):
        if c.deprel == "advmod" and c.lemma_lower in ("not", "n't", "never"):
            return True
        if c.feat("Polarity") == "Neg" and c.deprel in ("advmod", "det"):
            return True
    return False
