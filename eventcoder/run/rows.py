"""Event rows: what the coder found, with its date, place and CAMEO facts, as rows of the event
table (:data:`eventcoder.io.events.EVENT_SCHEMA`)."""
from __future__ import annotations

import hashlib

from ..version import __version__
from ..coding.coder import Event
from ..dictionaries.ontology import load_ontology
from ..enrich.places import Places


def event_id(event: Event) -> str:
    s = event.sentence
    key = f"{s.doc_id}\x1f{s.sentence_id}\x1f{event.anchor.id}\x1f{event.source.code}\x1f{event.target.code}\x1f{event.code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class RowMaker:
    """Turns coder events into rows of the event schema, with the facts of the dictionary set in
    use: CAMEO weights and classes and PLOVER types from its ontology, dates, and places read with
    its lexicon and actors (the gazetteer is loaded when the first event needs a place)."""

    def __init__(self, dictionaries, ontology=None):
        self.ontology = ontology or dictionaries.ontology or load_ontology()
        self.fingerprint = dictionaries.fingerprint
        self.dictionaries = dictionaries
        self._places: Places | None = None
        self._code_columns: dict[str, dict] = {}

    @property
    def places(self) -> Places:
        if self._places is None:
            self._places = Places(self.dictionaries)
        return self._places

    def code_columns(self, code: str) -> dict:
        """The columns that follow from an event code (CAMEO root, class and weight; PLOVER
        type), found in the ontology once per code (do not change the dict: it is shared)."""
        columns = self._code_columns.get(code)
        if columns is None:
            et = self.ontology.get(code)
            plover = self.ontology.plover_for(code)
            columns = self._code_columns[code] = {
                "event_root": et.root if et else code[:2],
                "quad_class": et.quad_class if et else None, "goldstein": et.goldstein if et else None,
                "plover_event": plover.event if plover else None, "plover_mode": plover.mode if plover else None,
                "plover_context": plover.context if plover else None,
            }
        return columns

    def rows(self, events: list[Event]) -> list[dict]:
        out = []
        places = self.places
        for e in events:
            s = e.sentence
            facts = self.code_columns(e.code)
            when = date_of(e)
            place = place_of(e, places)
            out.append({
                "event_id": event_id(e), "doc_id": s.doc_id, "sentence_id": s.sentence_id, "sentence": s.text,
                "doc_date": s.doc_date, "event_date": when.date, "date_precision": when.precision,
                "date_source": when.source, "date_text": when.text,
                "source_code": e.source.code, "source_text": e.source.text, "source_country": e.source.country,
                "source_agent": e.source.agent,
                "target_code": e.target.code, "target_text": e.target.text, "target_country": e.target.country,
                "target_agent": e.target.agent,
                "event_code": e.code, "event_root": facts["event_root"],
                "quad_class": facts["quad_class"], "goldstein": facts["goldstein"],
                "verb_lemma": e.verb.lemma, "matched_pattern": e.matched_pattern, "doc_source": s.doc_source,
                "coder_version": __version__, "dictionary_fingerprint": self.fingerprint,
                "plover_event": facts["plover_event"], "plover_mode": facts["plover_mode"],
                "plover_context": facts["plover_context"],
                "location_text": place.text if place else None, "location_name": place.name if place else None,
                "location_country": place.country if place else None,
                "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
                "location_precision": place.precision if place else None,
                "one_sided": e.one_sided, "modality": e.modality,
                "source_basis": e.source.basis if e.source.code else None,
                "target_basis": e.target.basis if e.target.code else None,
            })
        return out


def date_of(event: Event):
    """The event's date: a phrase the verb governs, else the story date (eventcoder.enrich.dates),
    resolved once per event word by its analysis."""
    return event.analysis.event_date(event.anchor)


def place_of(event: Event, places: Places):
    """Where the event happened, when the sentence says (eventcoder.enrich.places); else the
    place of the story's dateline."""
    countries = [c for c in (event.source.country, event.target.country) if c]
    found = places.locate(event.sentence, event.anchor, countries)
    if found is None and event.analysis.dateline is not None:
        found = places.dateline(*event.analysis.dateline)
    return found
