"""Names the dictionaries do not know: proper-noun phrases and named entities in subject or object
position that no actor entry matched.  What run diagnostics count beside every event table and
what ``eventcoder dict candidates`` lists for maintainers."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Sentence, Word

#: relations that put a phrase in subject or object position
SLOT_RELATIONS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "csubj"})
_NAME_RELATIONS = frozenset({"flat", "flat:name", "compound", "fixed", "flat:foreign"})



def _entity_span(sentence: Sentence, w: Word) -> list[Word]:
    """The named entity (BIOES tags) that ``w`` belongs to, or [] when it is in none."""
    if not w.ner or w.ner == "O":
        return []
    words = sentence.words
    i = w.id - 1
    lo = i
    while lo > 0 and words[lo].ner[:1] in ("I", "E") and words[lo - 1].ner[:1] in ("B", "I"):
        lo -= 1
    hi = i
    while hi + 1 < len(words) and words[hi].ner[:1] in ("B", "I") and words[hi + 1].ner[:1] in ("I", "E"):
        hi += 1
    return words[lo:hi + 1]


def _name_phrase(sentence: Sentence, head: Word) -> list[Word]:
    """``head`` with its proper-noun name parts (flat, compound, fixed), contiguous."""
    out = {head.id: head}
    stack = [head]
    while stack:
        w = stack.pop()
        for c in sentence.children(w):
            if c.deprel in _NAME_RELATIONS and (c.upos == "PROPN" or c.ner != "O"):
                out[c.id] = c
                stack.append(c)
    ids = sorted(out)
    # keep the contiguous run around the head
    run = [head.id]
    for i in range(head.id - 1, ids[0] - 1, -1):
        if i in out or (sentence.word(i).upos in ("PART", "PUNCT") and i - 1 in out):
            run.insert(0, i)
        else:
            break
    for i in range(head.id + 1, ids[-1] + 1):
        if i in out:
            run.append(i)
        else:
            break
    return [sentence.word(i) for i in run]


def unmatched_names(sentence: Sentence, actor_at, lexicon) -> Iterator[tuple[str, str, str]]:
    """(phrase, slot, entity tag) for every proper-noun phrase or named entity in subject or object
    position of ``sentence`` that no actor entry matched (``actor_at``: word id -> actor mention;
    words of the lexicon's ``not_actor`` class, such as month names, are never candidates)."""
    for w in sentence.words:
        rel = w.deprel
        slot = rel if rel in SLOT_RELATIONS else None
        if slot is None and rel == "conj":
            head = sentence.head_of(w)
            if head is not None and head.deprel in SLOT_RELATIONS:
                slot = head.deprel
        if slot is None:
            continue
        span = _entity_span(sentence, w)
        if not span:
            if w.upos != "PROPN":
                continue
            span = _name_phrase(sentence, w)
        if any(x.id in actor_at for x in span) or all(x.lower in lexicon.not_actor for x in span):
            continue
        words = [x for x in span if x.upos not in ("PUNCT",) and x.lower not in lexicon.article]
        if not words:
            continue
        tag = next((x.ner[2:] for x in span if x.ner and x.ner != "O"), "PROPN")
        yield " ".join(x.text for x in words), slot, tag
