"""Phrase matching on the token stream: dictionary names compiled once, found in a sentence fast.

A dictionary phrase ("Recep Tayyip Erdogan", "foreign minister", "al-Shabaab") is a tuple of
*parts*: words split at spaces, underscores and hyphens, folded to lower case without accents.
A sentence is read as the same kind of parts (:func:`token_parts`), so "al-Shabaab" written as one
token or three matches alike.  :class:`PhraseMatcher` indexes phrases by their first two parts
and finds the longest phrase starting at each token, left to right, without overlaps.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from typing import Any

from ..dictionaries.model import fold, phrase_parts
from ..model import Sentence


def norm_part(part: str) -> str:
    """A word part without its possessive ending, on both sides of a match: a tokenizer that leaves
    "Russia's" whole still finds Russia ("people's" in a name is "people" too)."""
    if part.endswith("'s") and len(part) > 2:
        return part[:-2]
    if part.endswith("'") and len(part) > 1:
        return part[:-1]
    return part


#: possessive endings a tokenizer writes as tokens of their own
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})

#: one part of a token: (part, word id, first part of its word, last part of its word)
Part = tuple[str, int, bool, bool]


@lru_cache(maxsize=200_000)
def _parts(form: str, text: str) -> tuple[str, ...]:
    """The matching parts of one token (``form``: its text or lemma); () for a bare hyphen and for
    a possessive ending written as a token of its own ("People 's Republic": the name's parts are
    "people", "republic" however the tokenizer split it)."""
    if text in _POSSESSIVE:
        return ()
    parts = phrase_parts(form)
    if not parts:
        if text in ("-", "_"):
            return ()
        parts = (fold(text),)
    return tuple(norm_part(p) for p in parts)


def token_parts(sentence: Sentence, lemmas: bool) -> list[Part]:
    """Every token of ``sentence`` as parts, by surface form or (``lemmas``) by lemma."""
    out: list[Part] = []
    append = out.append
    for w in sentence.words:
        text = w.text
        parts = _parts(w.lemma if lemmas and w.lemma not in ("", "_") else text, text)
        if len(parts) == 1:
            append((parts[0], w.id, True, True))
            continue
        last = len(parts) - 1
        for i, p in enumerate(parts):
            append((p, w.id, i == 0, i == last))
    return out


def token_parts_both(sentence: Sentence) -> tuple[list[Part], list[Part], list[str | None], list[str | None]]:
    """The tokens of ``sentence`` as parts by surface form and by lemma (:func:`token_parts` of
    each), read in one pass: a word whose lemma gives the parts of its text shares them; and
    for each the starts a phrase match may begin at (:func:`starts`)."""
    surface: list[Part] = []
    lemmas: list[Part] = []
    surface_starts: list[str | None] = []
    lemma_starts: list[str | None] = []
    add_surface, add_lemma = surface.append, lemmas.append
    for w in sentence.words:
        parts, by_lemma = _token_parts(w.text, w.lemma)
        if len(parts) == 1:
            part = (parts[0], w.id, True, True)
            add_surface(part)
            surface_starts.append(parts[0])
            if by_lemma is None:
                add_lemma(part)
                lemma_starts.append(parts[0])
                continue
        else:
            mine = _word_parts(parts, w.id)
            surface.extend(mine)
            surface_starts.extend(_starts_of(parts))
            if by_lemma is None:
                lemmas.extend(mine)
                lemma_starts.extend(_starts_of(parts))
                continue
        if len(by_lemma) == 1:
            add_lemma((by_lemma[0], w.id, True, True))
            lemma_starts.append(by_lemma[0])
        else:
            lemmas.extend(_word_parts(by_lemma, w.id))
            lemma_starts.extend(_starts_of(by_lemma))
    return surface, lemmas, surface_starts, lemma_starts


def starts(flat: list[Part]) -> list[str | None]:
    """Per part of ``flat``: the part where it is a word's first (a phrase may start there), else None."""
    return [part if first else None for part, _, first, _ in flat]


def _starts_of(parts: tuple[str, ...]) -> tuple[str | None, ...]:
    return (parts[0],) + (None,) * (len(parts) - 1) if parts else ()


@lru_cache(maxsize=200_000)
def _token_parts(text: str, lemma: str) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """A token's parts by its text, and by its lemma (None: the same parts)."""
    parts = _parts(text, text)
    by_lemma = parts if lemma == text or lemma in ("", "_") else _parts(lemma, text)
    return parts, (None if by_lemma == parts else by_lemma)


def _word_parts(parts: tuple[str, ...], wid: int) -> list[Part]:
    last = len(parts) - 1
    return [(p, wid, i == 0, i == last) for i, p in enumerate(parts)]


@dataclass
class Mention:
    """A dictionary entry found in a sentence, and the ids of the words it covers."""

    entry: Any  # an ActorEntry, AgentEntry, ... of eventcoder.dictionaries.model, by the matcher
    words: tuple[int, ...]

    def __init__(self, entry: Any, words: tuple[int, ...]) -> None:
        # (written out, not generated by dataclass: compiled, as the dataclass's own is not; the
        # defaults are here)
        self.entry = entry
        self.words = words


class PhraseMatcher:
    """Phrases (tuples of parts) with a value each, compiled for a left-to-right longest match."""

    def __init__(self) -> None:
        self._items: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        #: phrases of two or more parts by their first two parts, longest first
        self.pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], object]]] = {}
        #: one-part phrases by their part
        self.singles: dict[str, list[object]] = {}

    def add(self, parts: tuple[str, ...], value: object) -> None:
        parts = tuple(norm_part(p) for p in parts)
        self._items.setdefault(parts[0], []).append((parts, value))

    def compile(self) -> "PhraseMatcher":
        self.pairs.clear()
        self.singles.clear()
        for items in self._items.values():
            items.sort(key=lambda pv: -len(pv[0]))
            for parts, value in items:
                if len(parts) > 1:
                    self.pairs.setdefault((parts[0], parts[1]), []).append((parts, value))
                else:
                    self.singles.setdefault(parts[0], []).append(value)
        return self

    def __bool__(self) -> bool:
        return bool(self._items)

    def __contains__(self, first: str) -> bool:
        return first in self._items

    def _longest(self, flat: list[Part], i: int) -> tuple[int, object] | None:
        """The longest phrase starting at part ``i`` (a whole word), as (number of parts, value)."""
        part, _, first, last = flat[i]
        if not first or part not in self._items:
            return None
        n = len(flat)
        if i + 1 < n:
            longer = self.pairs.get((part, flat[i + 1][0]))
            for parts, value in longer or ():  # longest first
                k = len(parts)
                if i + k <= n and flat[i + k - 1][3] and (k == 2 or all(flat[i + j][0] == parts[j] for j in range(2, k))):
                    return k, value
        if last:
            values = self.singles.get(part)
            if values:
                return 1, values[0]
        return None

    def find(self, flat: list[Part], heads: list[str | None] | None = None) -> list[Mention]:
        """The phrases in ``flat``, left to right, without overlaps: at each position the longest;
        a phrase that starts inside it, reaches further and is at least as long wins over it ("the
        West" gives way to "West Bank" in "the West Bank").  ``heads``: ``starts(flat)``, when
        the caller has it."""
        found: list[Mention] = []
        after = 0  # the first part not inside a phrase found
        # the parts a phrase may start at (a whole word's first part that begins a phrase: few)
        for i in compress(count(), map(self._items.__contains__, starts(flat) if heads is None else heads)):
            if i < after:
                continue
            best = self._longest(flat, i)
            if best is None:
                continue
            k, value = best
            if k > 1 and any((other := self._longest(flat, j)) is not None and other[0] >= k and j + other[0] > i + k
                             for j in range(i + 1, i + k)):
                continue
            words = (flat[i][1],) if k == 1 else tuple(dict.fromkeys(flat[i + j][1] for j in range(k)))
            found.append(Mention(value, words))
            after = i + k
        return found
