"""What a run could not code, for dictionary work: verbs with actors around them that no verb
entry knows, and proper-noun phrases in subject or object position that no actor entry matched.

The pipeline feeds every coded sentence to :class:`Diagnostics`; the counts are written beside
the event table as ``<stem>.diagnostics.json`` and shown by ``eventcoder report``.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..coding.analysis import Analysis
from ..coding.coder import Coder, Event
from ..coding.unmatched import unmatched_names
from ..model import Sentence
from ..io.atomic import write_json_atomic

_ARGUMENT_RELS = frozenset({"nsubj", "obj", "nsubj:pass", "iobj"})


class Diagnostics:
    """Counts of what was not coded.  Memory is bounded: when a kind holds more than ``limit``
    distinct phrases, the ones seen only once are dropped (the frequent ones, which a maintainer
    works through first, survive)."""

    def __init__(self, coder: Coder, top: int = 200, limit: int = 50_000):
        self.coder = coder
        self.top = top
        self.limit = limit
        self.counts: dict[str, Counter] = {"uncoded_verb": Counter(), "unmatched_actor": Counter()}
        self.examples: dict[tuple[str, str], str] = {}

    def _add(self, kind: str, text: str, sentence: Sentence) -> None:
        counter = self.counts[kind]
        counter[text] += 1
        if len(counter) > self.limit:
            for rare in [t for t, n in counter.items() if n == 1]:
                del counter[rare]
                self.examples.pop((kind, rare), None)
        key = (kind, text)
        if key not in self.examples:
            self.examples[key] = f"{sentence.doc_id}#{sentence.sentence_id}: {sentence.text[:300]}"

    def add(self, a: Analysis, events: list[Event]) -> None:
        """Count what ``a`` (a sentence as the coder read it, :meth:`Coder.read_story`) left uncoded."""
        sentence, actor_at = a.sentence, a.actor_at
        for text, _slot, _tag in unmatched_names(sentence, actor_at, self.coder.lex):
            self._add("unmatched_actor", text, sentence)
        if events or not actor_at:
            return
        verbs = self.coder.dictionaries.verbs
        above_actors: set[int] | None = None  # found when the first verb needs it
        for w in sentence.words:
            if w.upos != "VERB" or w.lemma_lower in verbs:
                continue
            if above_actors is None:
                above_actors = sentence.at_or_above(actor_at)
            if any(c.id in above_actors for c in sentence.children(w) if c.deprel in _ARGUMENT_RELS):
                self._add("uncoded_verb", w.lemma_lower, sentence)

    def records(self) -> list[dict]:
        out = []
        for kind, counter in self.counts.items():
            for text, n in counter.most_common(self.top):
                out.append({"kind": kind, "text": text, "count": n, "example": self.examples.get((kind, text))})
        return out

    def write(self, path: str | Path) -> Path:
        return write_json_atomic(path, {"diagnostics": self.records()})


def diagnostics_path_for(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(output.stem + ".diagnostics.json")
