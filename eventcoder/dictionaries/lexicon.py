"""The lexicon: the word classes the coder's rules ask about (``lexicon.txt``).

The engine knows no English word.  Where a rule depends on words (abstract nouns that are never
actors, quantity nouns, pronouns, the prepositions that mark a target ...), it asks the
:class:`Lexicon` of the dictionaries in use, read from ``lexicon.txt`` in the dictionary
directory (the project's own file when the directory has none, and for classic PETRARCH sets).

Format: ``[section]`` headers, then words separated by spaces or line breaks; a phrase is
written with underscores (``in_and_around``); ``#`` starts a comment.  Every section in
:data:`SECTIONS` must be present (an empty class is an error ``dict lint`` reports).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

#: the known sections, each with what its words do
SECTIONS: dict[str, str] = {
    "abstract": "nouns a country modifier does not make an actor",
    "quantity": "quantity nouns whose 'of' phrase is the actor",
    "relational": "nouns whose 'of' phrase names who they belong to",
    "place": "common nouns that name a place",
    "person_role": "roles that are one person (antecedents of he/she)",
    "light_verb": "verbs that carry an event noun (the noun's doer is their subject)",
    "carrying_preposition": "prepositions by which a light verb carries an event noun ('went on a visit', 'took part in talks')",
    "itinerary_verb": "verbs that take a traveller somewhere, with a visit for subject ('the tour will take him to Spain')",
    "response_verb": "verbs whose 'with' phrase names the act they answer with ('responded with airstrikes')",
    "aim_noun": "nouns whose infinitive clause is the aim of the subject of their verb ('made efforts to improve ties')",
    "instrument_noun": "weapons and fire, whose owner or user is the actor",
    "here_word": "words that point at the place of the dateline",
    "war": "nouns of war, whose 'on' phrase is their own target",
    "anaphor": "pronouns that stand for an actor named earlier",
    "owned_noun": "nouns whose 'of' phrase names the actor they belong to ('the record of Burma'), as a possessive does",
    "background_mark": "words of a clause or phrase saying since when a state holds ('since Israel withdrew'): background",
    "clause_mark": "words that open a phrase or a clause ('after the talks', 'after police arrested ...')",
    "near_miss": "adverbs of an act that came close to happening and did not ('almost reached'): no event",
    "organisation_noun": "nouns that, described ('the pan-African body'), stand for an organisation named earlier",
    "pair_noun": "plural nouns that with 'two'/'both' stand for the story's two actors",
    "side_noun": "pair nouns that stand for the two sides whatever they are, never a role ('both parties')",
    "pair_word": "words that make a pair noun the story's two actors",
    "occasion_preposition": "prepositions of the occasion of a clause (its subject took part in the act)",
    "cause_mark": "markers of a clause saying how force suffered with no doer named came about",
    "natural_cause": "disasters and accidents: what they do is no one's act",
    "document_noun": "documents that speak or act for their author (the report urged ...)",
    "source_preposition": "prepositions of a document's author (a statement from ...)",
    "speaker_pronoun": "first-person pronouns: in a quote they stand for its speaker",
    "speech_verb": "verbs whose subject is the speaker of a quote",
    "negative_prefix": "prefixes that turn a name into its opposite (anti-)",
    "negation": "words that negate their verb",
    "future_auxiliary": "auxiliaries of an announced or planned act",
    "conditional_auxiliary": "'would': conditional with an 'if' clause, else a future seen from the past",
    "obligation_auxiliary": "auxiliaries of what an actor should do ('said Syria should ...': an appeal)",
    "possibility_auxiliary": "auxiliaries of an act only possible (no event)",
    "intent_verb": "verbs whose infinitive clause its doer wishes, plans or agreed to (one way)",
    "schedule_word": "words whose infinitive clause is scheduled",
    "possibility_word": "words whose infinitive clause, or an event noun they qualify, is only possible",
    "topic_mark": "markers of a clause that says what a noun is about (no event)",
    "content_verb": "verbs whose object is what was said (a statement takes no target from it)",
    "audience_role": "role codes of an audience: plain statements to them are no event",
    "appeal_verb": "verbs of asking someone to act: what they ask for is not done",
    "wish_verb": "verbs of wishing: a wish that an actor will act is an appeal to it",
    "organisation_head": "roles that head what a compound names ('Group leader'): no country role then",
    "unknown_person_role": "the role code of a person unknown to the dictionaries, in a one-country story",
    "failure_verb": "verbs whose clause did not happen (failed to ...)",
    "ending_verb": "verbs whose object act no longer happens (lifted the blockade)",
    "denial_verb": "verbs whose subject took no part in the act of their phrases (denied involvement in the attack)",
    "armed_role": "role codes of a country's armed forces: a show of force does not target its own",
    "protest_addressee": "the role code a protest with no target named is addressed to, of the protesters' country",
    "irregular_role": "role codes of irregular forces: their force is assault (18x), not fighting",
    "intent_modifier": "modifiers that make an event noun planned",
    "condition_mark": "markers of a condition",
    "stative_participle": "verbs whose participle after 'be' is a state of the subject ('was opposed to')",
    "copula": "the copula ('is to meet' is planned)",
    "target_preposition": "prepositions of a verb's phrase that can be its target",
    "noun_target_preposition": "prepositions of an event noun's phrase that can be its target",
    "noun_place_preposition": "prepositions of an event noun's phrase that say where",
    "event_noun_target_preposition": "prepositions of an event noun object's phrase that belong to the noun",
    "agent_preposition": "the preposition of a passive agent or an event noun's doer",
    "of_preposition": "phrases that belong to the noun they modify",
    "belonging_preposition": "other phrases kept inside an actor phrase",
    "role_preposition": "prepositions of a role held ('his predecessor as prime minister, Iyad Allawi')",
    "membership_preposition": "phrases inside which a role's country is found",
    "between_preposition": "classic: the first actor of a phrase 'between A and B'",
    "instrument_preposition": "the partner or instrument phrase of a noun of force",
    "location_preposition": "the preposition of the place force is used in",
    "not_done_mark": "clause markers of actions not done",
    "governing_mark": "clause markers of a clause governed by the object's verb",
    "object_control_mark": "clause markers of a clause whose subject is the governing verb's object",
    "infinitive_mark": "the infinitive marker",
    "perfect_auxiliary": "auxiliaries passed over before a verb (classic '-' terms)",
    "place_preposition": "prepositions whose phrase says where an event happened",
    "place_target_preposition": "prepositions naming the place acted on after attack nouns",
    "place_on_preposition": "a preposition that says where with an area or city noun",
    "place_text_preposition": "phrases kept in the words that name a place",
    "place_naming_preposition": "phrases of a place noun that name the place",
    "relative_preposition": "prepositions of a place given relative to another",
    "place_target": "verbs and nouns whose object can be the place acted on",
    "city_noun": "nouns that say a name is a city",
    "region_noun": "nouns that say a name is a region",
    "area_noun": "nouns of an area around a named place",
    "direction": "words of a place given relative to another",
    "not_place": "capitalised words that are not places",
    "not_actor": "capitalised words that are never actor names",
    "time_name": "names of days: alone, a time the parser may take for an argument ('accused Turkey Tuesday')",
    "time_noun": "nouns of a stretch of time: with a time_modifier and no preposition, a time ('last month')",
    "time_modifier": "words that make a time noun a time ('last', 'next', 'this')",
    "month_name": "names of months: a phrase of one ('on Nov. 1') is a time, never an actor",
    "article": "words left out of a name shown to a maintainer",
}

#: the project's own lexicon, used where a dictionary directory has none
DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "dictionaries" / "lexicon.txt"

_HEADER = re.compile(r"^\[([a-z_]+)\]$")


class Lexicon:
    """The word classes of :data:`SECTIONS`, each a frozenset of lower-case words (attribute per
    section: ``lexicon.abstract``, ``lexicon.target_preposition`` ...)."""

    def __init__(self, sets: dict[str, frozenset[str]], origin: str = ""):
        self.origin = origin
        self.sets = {name: frozenset(sets.get(name, ())) for name in SECTIONS}
        for name, words in self.sets.items():
            setattr(self, name, words)

    if TYPE_CHECKING:  # the sections are set as attributes: each a frozenset of words
        def __getattr__(self, name: str) -> frozenset[str]: ...

    def __repr__(self) -> str:
        return f"<Lexicon {self.origin}: {sum(map(len, self.sets.values()))} words in {len(self.sets)} classes>"


def read_lexicon(path: str | Path, problems: list[str] | None = None,
                 warnings: list[str] | None = None) -> Lexicon:
    """Read a lexicon file; what is wrong is listed as ``file:line: what is wrong`` and the rest
    is read.  ``problems``: lines that cannot be read, malformed headers, unknown sections, words
    outside a section, sections missing or empty.  ``warnings``: what is read anyway (a word not
    in lower case is matched in lower case; a word listed twice once); dropped when None."""
    from .ontology import dictionary_lines

    problems = problems if problems is not None else []
    warnings = warnings if warnings is not None else []
    path = Path(path)
    sets: dict[str, set[str]] = {}
    seen_at: dict[str, int] = {}
    current: str | None = None
    for text_line in dictionary_lines(path, problems):
        line = text_line.text.split("#", 1)[0].strip()
        if not text_line.readable and line.startswith("["):
            current = None  # a lost header: its words are not read into the section before it
        if not line or not text_line.readable:
            continue
        where = f"{path}:{text_line.number}"
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            if current not in SECTIONS:
                problems.append(f"{where}: unknown lexicon section [{current}] (known: {', '.join(SECTIONS)})")
                current = None
            elif current in seen_at:
                warnings.append(f"{where}: section [{current}] given twice (first at line {seen_at[current]}; "
                                f"its words are added)")
            else:
                seen_at[current] = text_line.number
            if current:
                sets.setdefault(current, set())
            continue
        if line.startswith("["):
            problems.append(f"{where}: a section header is [lower_case_name], got {line[:60]!r}; "
                            f"the words up to the next header are not read")
            current = None
            continue
        if current is None:
            problems.append(f"{where}: words outside a known [section] are not read: {line[:60]!r}")
            continue
        for word in line.split():
            item = word.replace("_", " ")
            if item != item.lower():
                warnings.append(f"{where}: '{word}' in [{current}] is not lower case (read as '{item.lower()}')")
                item = item.lower()
            if item in sets[current]:
                warnings.append(f"{where}: '{word}' is listed twice in [{current}]")
            sets[current].add(item)
    for name in SECTIONS:
        if not sets.get(name):
            problems.append(f"{path}:1: lexicon section [{name}] is missing or empty ({SECTIONS[name]})")
    return Lexicon({k: frozenset(v) for k, v in sets.items()}, str(path))
