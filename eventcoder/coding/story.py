"""What the coder knows of a story beyond one sentence.

A sentence of a news story rarely names its actors in full: "Hill responded", "he said he would
meet ...", "police arrested 20 migrants".  A :class:`Story` follows the story sentence by
sentence, as a reader does:

* **names given in full** ("US chief negotiator Christopher Hill", "Lieutenant General Sarath
  Fonseka") are remembered with the code their phrase resolved to, so that a later mention of one
  of their names ("Hill", "Fonseka"; "Ban" for "Ban Ki Moon") codes the same (basis ``alias``);
* **an acronym** given with a name ("the National Redemption Front (NRF)") names it later, and a
  **described organisation noun** ("the pan-African body": lexicon ``organisation_noun``) stands
  for the organisation named last (basis ``epithet`` in ``--explain``);
* **pronouns** in argument position (he, she, it, they ... : lexicon ``anaphor``) stand for the
  most recent fitting actor: a person for he/she (a name, or a role that is a person: lexicon
  ``person_role``), a country or organisation for it, a group for they (basis ``pronoun``);
* **a role without a country** ("the government", "police") in a story about one country takes
  that country (basis ``story``): the story's country is the one its actors name far more often
  than any other.

Each such reading is written into the sentence's :class:`~.analysis.Analysis` as a mention with
a dictionary-like entry whose origin says where it came from (``--explain`` shows it), so the
rest of the coder reads it like any other name.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..dictionaries.model import ActorEntry, DatedCode
from ..model import Sentence, Word
from .actors import ActorRef
from .analysis import Analysis
from .phrases import Mention

#: relations in which a pronoun or a name stands for an actor of the clause
_ARGUMENT = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "nmod:poss", "appos", "conj"})
#: relations of the words :meth:`Story.learn` remembers: arguments and the root
_REMEMBERED = _ARGUMENT | {"root"}
_NOMINAL_TAGS = frozenset({"PROPN", "NOUN", "PRON"})
_NAME_PARTS = frozenset({"flat", "flat:name", "compound", "goeswith", "fixed", "nmod:desc"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers", "himself", "herself"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
#: relations of a pronoun that is the object of its clause
_OBJECT = ("obj", "iobj", "obl")
_QUOTES = frozenset({'"', "\u201c", "\u201d", "''", "``"})


@dataclass
class Antecedent:
    ref: ActorRef
    sentence: int  # 1-based sentence of the story
    word: int  # word id of its head
    person: bool
    plural: bool
    subject: bool = False  # the subject of its clause


def _story_entry(code: str, name: str, kind: str, origin: str) -> ActorEntry:
    return ActorEntry(name, [], [DatedCode(code)], kind, origin)


class Story:
    """Names, antecedents and the country of one story, learnt sentence by sentence."""

    #: the story's country must have at least this share of its country mentions
    COUNTRY_SHARE = 0.5

    def __init__(self, coder, analyses: list[Analysis]):
        self.coder = coder
        self.lex = coder.lex
        self.aliases: dict[str, Antecedent] = {}
        self.antecedents: list[Antecedent] = []
        #: (sentence, word) of the people the story made subjects without the dictionaries knowing
        #: them ("Liang arrived on Friday"): "he" after them is not someone named before them
        self.unknown_people: list[tuple[int, int]] = []
        #: roles named with their country, by the role's word ("the Danish minister of foreign
        #: affairs" makes a later bare "Minister of Foreign Affairs" Danish)
        self.roles: dict[str, Antecedent] = {}
        #: the countries of the people named with a title ("Indonesian President Susilo ..."), by
        #: the title's word: a later bare "the president" is of the one country, if only one
        self.titles: dict[str, set[str]] = {}
        #: documents named with their author ("the IAEA report"): (code, text) by the document's word
        self.documents: dict[str, tuple[str, str]] = {}
        #: the dateline ("CAIRO, May 5 (AFP) -"): its place and country; its words are no actors
        self.dateline: tuple[str, str | None] | None = None
        if analyses:
            self.dateline = self._dateline(analyses[0])
            for a in analyses[1:]:
                self._dateline(a)  # a dateline inside the story (a digest of briefs) is no actor either
        self.analyses = analyses
        self._institutions(analyses)
        self.country = self._main_country(analyses)
        #: the country of the first town the story names, for "the area", "the city" (None: none)
        self.place = self._first_place(analyses)
        #: where "here" is: the dateline's country, else that of the first town the story names
        #: ("Arafat arrived here ..., talks at the presidential palace outside Cairo"), else the story's
        self.here = (self.dateline[1] if self.dateline else None) or self.place or self.country

    # -- the dateline ------------------------------------------------------------------------------

    def _dateline(self, a: Analysis) -> tuple[str, str | None] | None:
        """A dateline opening the story ("CAIRO, May 5 (AFP) -", "GENEVA, Switzerland (AP) _"):
        a place in capitals, a comma, then within a few words an agency in brackets and a dash.
        Its words are taken out of the first sentence's mentions (a dateline is no actor); the
        place's country is the story's location."""
        words = a.sentence.words
        if len(words) < 4 or not (words[0].text.isupper() and words[0].text.isalpha() and len(words[0].text) > 2):
            return None
        end = None
        for i, w in enumerate(words[:16]):
            if w.text in ("-", "--", "_", "\u2014", "\u2013") or (w.text.startswith("--") and len(w.text) > 2):
                if any(x.text == "(" for x in words[:i]) and any(x.text == ")" for x in words[:i]):
                    end = i
                break
        if end is None:
            return None
        place = []
        for w in words:
            if w.text.isupper() and w.text.replace(".", "").isalpha():
                place.append(w.text)
            else:
                break
        name = " ".join(place).title()
        country = None
        for wid in range(1, end + 2):
            m = a.actor_at.pop(wid, None)
            if m is not None and country is None:
                code = m.entry.code_on(a.date)
                if code and code[:3] in self.coder.dictionaries.country_codes:
                    country = code[:3]
            a.agent_at.pop(wid, None)
        if country is None:
            country = self.coder.place_country(name) if name else None
        a.dateline = (name, country)
        return name, country

    # -- institutions of another country -----------------------------------------------------------

    def _institutions(self, analyses: list[Analysis]) -> None:
        """A one-word institution name the story gives with another country than the dictionary's
        ("India's Congress (I) party" where "Congress" is USALEG) is that country's institution
        wherever the story names it alone ("The Congress last month withdrew ...")."""
        countries = self.coder.dictionaries.country_codes
        found: dict[str, tuple[str, str]] = {}
        for a in analyses:
            for m in a.actor_mentions():
                entry = m.entry
                code = entry.code_on(a.date)
                if len(m.words) != 1 or entry.kind != "actor" or not code or len(code) <= 3 \
                        or code[:3] not in countries:
                    continue
                word = a.sentence.word(m.words[0])
                for c in a.sentence.children(word):
                    other = a.actor_at.get(c.id)
                    if other is None or c.deprel not in ("nmod:poss", "amod", "compound") \
                            or other.entry.kind not in ("country", "adjective"):
                        continue
                    country = other.entry.code_on(a.date)
                    if country and len(country) == 3 and country != code[:3]:
                        found.setdefault(word.lower, (country + code[3:], f"{c.text} {word.text}"))
        if not found:
            return
        for a in analyses:
            for wid, m in list(a.actor_at.items()):
                word = a.sentence.word(wid)
                if len(m.words) == 1 and m.entry.kind == "actor" and word.lower in found:
                    code, named = found[word.lower]
                    a.actor_at[wid] = Mention(_story_entry(code, named, "alias", f"alias: '{named}' in the story"),
                                              m.words)

    def _first_place(self, analyses: list[Analysis]) -> str | None:
        """The country of the first town or region the story names in a place phrase ("clashes in
        the West Bank city of Jenin"): the gazetteer's, or a territory the dictionaries name."""
        countries = self.coder.dictionaries.country_codes
        lex = self.lex
        for a in analyses:
            sentence = a.sentence
            for w in sentence.words:
                if w.upos != "PROPN" or w.lower in lex.not_place or w.id in a.agent_at:
                    continue
                head = sentence.head_of(w)
                placed = w.deprel.startswith(("obl", "nmod")) and sentence.preposition(w) in lex.place_preposition
                # "in the West Bank city of Jenin": a name of a place noun in a place phrase
                named = head is not None and head.lemma_lower in lex.place and w.deprel in ("nmod", "compound") \
                    and sentence.preposition(head) in lex.place_preposition
                if not (placed or named):
                    continue
                m = a.actor_at.get(w.id)
                if m is not None:
                    code = m.entry.code_on(a.date) if m.entry.kind in ("country", "capital") else None
                    country = code[:3] if code else None
                else:
                    country = self.coder.place_country(w.text)
                if country in countries:
                    return country
        return None

    # -- the story's country ----------------------------------------------------------------------

    def _main_country(self, analyses: list[Analysis]) -> str | None:
        countries = self.coder.dictionaries.country_codes
        counts: Counter[str] = Counter()
        for a in analyses:
            seen: set[int] = set()
            for m in a.actor_at.values():
                if id(m) in seen:
                    continue
                seen.add(id(m))
                code = m.entry.code_on(a.date)
                if code and code[:3] in countries:
                    # who acts counts more than where: a subject's country counts double
                    heads = [a.sentence.word(i) for i in m.words]
                    subject = any(h.deprel.startswith("nsubj") or (h.deprel in ("amod", "nmod:poss", "compound")
                                  and h.head > 0 and a.sentence.word(h.head).deprel.startswith("nsubj"))
                                  for h in heads)
                    counts[code[:3]] += 2 if subject else 1
            # towns and regions the gazetteer knows count as mentions of their country
            # ("police in the provinces of Fujian, Guangdong and Jilin")
            for w in a.sentence.words:
                if w.upos == "PROPN" and w.id not in a.actor_at and w.id not in a.agent_at \
                        and w.deprel not in ("compound", "flat", "flat:name") and w.lower not in self.lex.not_place:
                    place = self.coder.place_country(w.text)
                    if place and place in countries:
                        counts[place] += 1
        if not counts:
            return None
        (top, n), *rest = counts.most_common(2) + [("", 0)]
        total = sum(counts.values())
        if n >= 3 and n >= self.COUNTRY_SHARE * total and n > rest[0][1]:
            return top
        return None

    # -- before a sentence is coded ---------------------------------------------------------------

    def prepare(self, a: Analysis, index: int) -> None:
        """Write the story's readings of names and pronouns into sentence ``index``'s analysis."""
        a.in_story = True
        a.story_country = self.country
        a.here = self.here
        a.story_place = self.place
        a.role_countries = {k: next(iter(v)) for k, v in self.titles.items() if len(v) == 1}
        a.role_countries.update((k, v.ref.country) for k, v in self.roles.items() if v.ref.country)
        a.documents = dict(self.documents)
        if self.dateline is not None:
            a.dateline = self.dateline
        a.person_names = self._person_names(a)
        a.pairs = self._pairs(a, index)
        self._aliases(a)
        self._anaphors(a, index)
        self._epithets(a, index)
        self._speakers(a, index)

    def _aliases(self, a: Analysis) -> None:
        """Names given in full earlier in the story, met again alone ("Hill" after "Christopher Hill")."""
        if self.aliases.keys().isdisjoint(a.sentence.vocabulary):
            return
        for w in a.sentence.words:
            if w.id not in a.actor_at and w.upos == "PROPN" and w.deprel not in ("flat", "flat:name", "goeswith", "fixed"):
                known = self.aliases.get(w.lower)
                if known is not None:
                    self._mention(a, w, known, "alias")

    def _anaphors(self, a: Analysis, index: int) -> None:
        if self.lex.anaphor.isdisjoint(a.sentence.vocabulary):
            return
        sentence = a.sentence
        pronouns = [w for w in sentence.words if w.id not in a.actor_at and w.upos == "PRON"
                    and w.lower in self.lex.anaphor and w.deprel in _ARGUMENT]
        if not pronouns:
            return
        # the subjects before a pronoun in its own sentence are antecedents too ("Ban, who ...,
        # said he is willing to ...")
        known = len(self.antecedents)
        objects = [w for w in pronouns if w.deprel in _OBJECT]
        for w in sentence.words:
            if w.id < pronouns[-1].id and w.deprel.startswith("nsubj") and w.upos in ("PROPN", "NOUN"):
                self._remember(a, w, index)
            elif objects and w.id < objects[-1].id and w.upos == "PROPN" and w.deprel in ("obj", "obl", "nmod", "iobj"):
                # an object pronoun may stand for a name its clause's subject acted on before
                # ("paid tribute to Gerald Ford, praising him")
                self._remember(a, w, index)
        for w in pronouns:
            head = sentence.head_of(w)
            if w.deprel == "nmod:poss" and head is not None and (
                    head.id in a.agent_at or head.lemma_lower in self.lex.person_role):
                continue  # "his counterpart", "its minister": someone else's, not the pronoun's actor
            found = self._antecedent(a, w, index, bound=_clause_subject(sentence, w) if w.deprel in _OBJECT else None)
            if found is not None:
                self._mention(a, w, found, "pronoun")
        del self.antecedents[known:]  # learnt again, with the whole sentence, after it is coded

    def _epithets(self, a: Analysis, index: int) -> None:
        """An organisation noun with 'the' and a description that names no actor ("the pan-African
        body", "the world body", "the 27-nation bloc": lexicon ``organisation_noun``) stands for the
        organisation named most recently, at most five sentences back (one of no country: an
        intergovernmental or non-governmental body)."""
        sentence = a.sentence
        lex = self.lex
        if lex.organisation_noun.isdisjoint(a.sentence.vocabulary):
            return
        for w in sentence.words:
            if w.id in a.actor_at or w.id in a.agent_at or w.upos != "NOUN" or w.deprel not in _ARGUMENT \
                    or (w.lemma_lower not in lex.organisation_noun and w.lower not in lex.organisation_noun):
                continue
            kids = sentence.children(w)
            if not any(c.deprel == "det" and c.lower in lex.article for c in kids) \
                    or not any(c.deprel in ("amod", "compound", "nummod") for c in kids) \
                    or any(x.id in a.actor_at or x.id in a.agent_at for c in kids for x in sentence.subtree(c)):
                continue
            for ante in reversed(self.antecedents):
                if ante.sentence >= index or index - ante.sentence > 5:
                    continue
                if not ante.person and ante.ref.code[:3] not in self.coder.dictionaries.country_codes:
                    self._mention(a, w, ante, "epithet")
                    break

    def _speakers(self, a: Analysis, index: int) -> None:
        """First-person pronouns (lexicon ``speaker_pronoun``) stand for the speaker: the subject of
        a verb of saying in the sentence ("'We will not give in,' the minister said"); in a quote
        without one, the speaker of the next sentence, else of the one before (a quote over
        several sentences)."""
        if self.lex.speaker_pronoun.isdisjoint(a.sentence.vocabulary):
            return
        words = [w for w in a.sentence.words if w.id not in a.actor_at and w.upos == "PRON"
                 and w.lower in self.lex.speaker_pronoun and w.deprel in _ARGUMENT]
        if not words:
            return
        speaker = self._speaker_in(a, index)
        saying = any(w.upos == "VERB" and w.lemma_lower in self.lex.speech_verb for w in a.sentence.words)
        if speaker is None and not saying and any(w.text in _QUOTES for w in a.sentence.words):
            for j in (index + 1, index - 1):
                if 1 <= j <= len(self.analyses) and speaker is None:
                    speaker = self._speaker_in(self.analyses[j - 1], j)
        if speaker is not None:
            for w in words:
                self._mention(a, w, speaker, "pronoun")

    def _speaker_in(self, a: Analysis, index: int) -> Antecedent | None:
        """The actor who speaks in sentence ``index``: the subject of a verb of saying."""
        sentence = a.sentence
        actors = self.coder.actors
        for w in sentence.words:
            if w.upos != "VERB" or w.lemma_lower not in self.lex.speech_verb:
                continue
            subjects = [c for c in sentence.children(w) if c.deprel == "nsubj"]
            head = sentence.head_of(w)
            if not subjects and head is not None and w.deprel in ("advcl", "xcomp", "conj"):
                subjects = [c for c in sentence.children(head) if c.deprel == "nsubj"]  # "X responded, saying: ..."
            for c in subjects:
                if c.lower in self.lex.speaker_pronoun:
                    continue
                ref = actors.resolve(a, c)
                if ref is not None and ref.code and ref.basis in ("text", "alias", "pronoun") \
                        and ref.code[3:].lower() not in self.lex.unknown_person_role \
                        and not (ref.country is None and actors.role_only(ref)):
                    return Antecedent(ref, index, c.id, self._is_person(a, c, ref), self._is_plural(c), True)
        return None

    def _pairs(self, a: Analysis, index: int) -> dict[int, list[tuple[str, str]]]:
        """Phrases that stand for the two actors the story is about ("the two countries", "both
        sides": lexicon ``pair_noun`` with ``pair_word``): the two actors of different codes
        mentioned most often so far (of different countries for a noun of countries or a role, which
        gives them its role: "the two governments"), the more recent first among equals.  A country
        named bare counts for its most named role ("the ROK" and "Lee" are one side); when a third
        actor is named as often as the second, which two are meant is not clear and the phrase
        stands for no one."""
        out: dict[int, list[tuple[str, str]]] = {}
        lex = self.lex
        if lex.pair_noun.isdisjoint(a.sentence.vocabulary) or lex.pair_word.isdisjoint(a.sentence.vocabulary):
            return out
        for w in a.sentence.words:
            if w.id in a.actor_at or (w.lower not in lex.pair_noun and w.lemma_lower not in lex.pair_noun) \
                    or not any(c.lower in lex.pair_word for c in a.sentence.children(w) if c.deprel in ("nummod", "det")):
                continue
            # "both parties", "the two sides" are the two sides whatever they are, not a role; "the
            # two opposition parties" says which they are
            side = w.lower in lex.side_noun or w.lemma_lower in lex.side_noun
            if side and any(c.id in a.agent_at or c.id in a.actor_at for c in a.sentence.children(w)
                            if c.deprel in ("amod", "compound")):
                continue
            agent = None if side else a.agent_at.get(w.id)
            by_country = agent is not None or w.lemma_lower in lex.place or w.lower in lex.place
            # the subject speaking of "both parties" is not one of them ("Cyprus called on both
            # parties to refrain")
            speaker = self._subject_codes(a, w) if side else set()
            score: dict[str, float] = {}
            text: dict[str, str] = {}
            for order, ante in enumerate(self.antecedents):
                if ante.sentence >= index:
                    continue
                key = ante.ref.country if by_country else ante.ref.code
                if not key or (side and (ante.ref.code in speaker or ante.ref.country in speaker)):
                    continue
                score[key] = score.get(key, 0) + (1 + order / 1000)  # recency breaks ties
                text[key] = ante.ref.text
            if not by_country:
                # a country named bare and with a role is one side ("the ROK" and "Lee" are KORGOV)
                for bare in [k for k in score if len(k) == 3]:
                    roles = [k for k in score if len(k) > 3 and k[:3] == bare]
                    if roles:
                        best = max(roles, key=lambda k: score[k])
                        score[best] += int(score.pop(bare))
            ranked = sorted(score.items(), key=lambda kv: kv[1], reverse=True)[:3]  # (ties: first named)
            top = [k for k, _ in ranked[:2]]
            if len(ranked) == 3 and int(ranked[1][1]) == int(ranked[2][1]):
                continue  # a third actor as often named: which two are meant is not clear
            if len(top) == 2:
                role = agent.entry.code if agent is not None else ""
                out[w.id] = [(k + role if by_country else k, text[k]) for k in top]
        return out

    def _subject_codes(self, a: Analysis, w: Word) -> set[str]:
        """The codes and countries of the subject of ``w``'s clause."""
        subject = _clause_subject(a.sentence, w)
        if subject is None:
            return set()
        ref = self.coder.actors.resolve(a, subject)
        return {x for x in (ref.code, ref.country) if x} if ref is not None else set()

    def _person_names(self, a: Analysis) -> set[int]:
        """Words of runs of two or three capitalised proper nouns that no entry knows: the names of
        people ("Guan Jingquan"), which in a story about one country are its people."""
        out: set[int] = set()
        run: list[Word] = []
        for w in a.sentence.words + [None]:
            if w is not None and w.upos == "PROPN" and w.text[:1].isupper() and w.text.isalpha() \
                    and w.id not in a.actor_at and w.id not in a.agent_at and w.lower not in self.lex.not_actor \
                    and w.lower not in self.lex.not_place:
                run.append(w)
                continue
            if 2 <= len(run) <= 3:
                out.update(x.id for x in run)
            run = []
        return out

    def _mention(self, a: Analysis, w: Word, ante: Antecedent, kind: str) -> None:
        origin = f"{kind}: '{ante.ref.text}' in sentence {ante.sentence}"
        entry = _story_entry(ante.ref.code, ante.ref.text, kind, origin)
        a.actor_at[w.id] = Mention(entry, (w.id,))
        a.agent_at.pop(w.id, None)
        if ante.person:
            a.people.add(w.id)

    def _antecedent(self, a: Analysis, w: Word, index: int, bound: Word | None = None) -> Antecedent | None:
        """The actor a pronoun stands for: of the fitting kind (a person for he/she, a group or
        organisation for they, a country or organisation for it), a subject before any other,
        nearest first, at most three sentences back; never ``bound``, the subject of an object
        pronoun's own clause ("Bush ... praising him" is not Bush)."""
        lower = w.lower
        person = lower in _PERSON_PRONOUNS
        group = lower in _GROUP_PRONOUNS

        def fits(ante: Antecedent) -> bool:
            if person:
                return ante.person
            if group:
                return ante.plural or not ante.person
            return not ante.person and not ante.plural

        since = (0, 0)
        if person:
            since = max((p for p in self.unknown_people if p < (index, w.id)), default=since)
        near = [ante for ante in reversed(self.antecedents)
                if not (ante.sentence == index and ante.word >= w.id) and index - ante.sentence <= 3 and fits(ante)
                and not (bound is not None and ante.sentence == index and ante.word == bound.id)
                and (ante.sentence, ante.word) > since]
        if bound is not None:
            # an object pronoun: a name its own sentence gave before it, else one that was not a
            # subject (objects stand for objects: "Hill said he would meet Kim ... 'I look forward
            # to seeing him'"), else a subject
            for ante in near:
                if ante.sentence == index or not ante.subject:
                    return ante
            return near[0] if near else None
        for ante in near:
            if ante.subject:
                return ante
        return near[0] if near else None

    # -- after a sentence is coded -------------------------------------------------------------------

    def learn(self, a: Analysis, index: int) -> None:
        """Remember the actors of sentence ``index``: names given in full, antecedents, the authors
        of documents."""
        sentence = a.sentence
        self._documents(a)
        self._titles(a)
        for w in sentence.words:
            if w.deprel not in _REMEMBERED or w.upos not in _NOMINAL_TAGS:
                continue
            ref = self._remember(a, w, index)
            if ref is None:
                if self._unknown_person(a, w):
                    self.unknown_people.append((index, w.id))
                continue
            if w.id in a.agent_at and ref.country and ref.basis == "text":
                self.roles[w.lemma_lower] = self.antecedents[-1]
            for c in self._acronyms(sentence, a, w):
                # an acronym given with a name ("the National Redemption Front (NRF)") names it later
                self.aliases.setdefault(c.lower, self.antecedents[-1])
            for name in self._names(sentence, a, w):
                name = [x for x in name if x.id not in a.agent_at and x.lemma_lower not in self.lex.person_role]
                for part in {name[0].id: name[0], name[-1].id: name[-1]}.values() if name else ():
                    key = part.lower.removesuffix("'s")
                    if not key.isalpha() or len(key) < 2 or key in self.lex.not_actor:
                        continue
                    m = a.actor_at.get(part.id)
                    if m is None:
                        self.aliases[key] = self.antecedents[-1]
                    elif m.entry.kind in ("actor", "person") and len(m.words) > 1:
                        # a dictionary name: its other mentions are the dictionary's business, but
                        # a surname alone ("Hill" for "Christopher Hill") is ours
                        self.aliases.setdefault(key, self.antecedents[-1])

    def _documents(self, a: Analysis) -> None:
        """The authors of the documents the sentence names ("the IAEA report"), by the document's word."""
        documents = self.lex.document_noun
        if documents.isdisjoint(a.sentence.vocabulary):
            return
        for w in a.sentence.words:
            if (w.lemma_lower in documents or w.lower in documents) and w.upos == "NOUN":
                author = self.coder.actors.author(a, w, 0)
                if author is not None and author.code and (author.country or not self.coder.actors.role_only(author)):
                    self.documents[w.lemma_lower] = (author.code, author.text)

    def _titles(self, a: Analysis) -> None:
        """The titles people of a country are named with ("Indonesian President Susilo Bambang
        Yudhoyono": a person's name right after a role of one person, lexicon ``person_role``),
        however the parser hung the title."""
        sentence = a.sentence
        countries = self.coder.dictionaries.country_codes
        for m in a.actor_mentions():
            if m.entry.kind != "person" or m.words[0] < 2:
                continue
            code = m.entry.code_on(a.date)
            title = sentence.word(m.words[0] - 1)
            if code and code[:3] in countries and title.id in a.agent_at and title.lemma_lower in self.lex.person_role:
                self.titles.setdefault(title.lemma_lower, set()).add(code[:3])

    @staticmethod
    def _acronyms(sentence: Sentence, a: Analysis, head: Word) -> list[Word]:
        """Acronyms given with the name headed by ``head``: in apposition, or in brackets right
        after a word of the name however the parser hung them ("the Coalition for Unity and
        Democracy (CUD)", 'CUD' a conjunct of 'Democracy')."""
        def acronym(c: Word) -> bool:
            return c.upos == "PROPN" and c.id not in a.actor_at and c.text.isalpha() and c.text.isupper() \
                and 2 <= len(c.text) <= 6
        out = [c for c in sentence.children(head) if c.deprel == "appos" and acronym(c)]
        name = a.actor_at.get(head.id)
        last = max(name.words) if name is not None else 0
        if name is None or last + 3 > len(sentence.words) or sentence.word(last + 1).text != "(" \
                or sentence.word(last + 3).text != ")":
            return out
        c = sentence.word(last + 2)  # the word in brackets right after the name
        if c not in out and acronym(c) and _under(sentence, c, head):
            out.append(c)
        return out

    def _remember(self, a: Analysis, w: Word, index: int) -> ActorRef | None:
        """Add the actor of the phrase headed by ``w`` to the antecedents, if it has one."""
        actors = self.coder.actors
        ref = actors.resolve(a, w)
        if ref is None or not ref.code or (ref.country is None and actors.role_only(ref)):
            return None
        self.antecedents.append(Antecedent(ref, index, w.id, self._is_person(a, w, ref), self._is_plural(w),
                                           w.deprel.startswith("nsubj")))
        return ref

    def _names(self, sentence: Sentence, a: Analysis, head: Word) -> list[list[Word]]:
        """The proper names of several words in the phrase of ``head`` ("Christopher Hill")."""
        out = []
        m = a.actor_at.get(head.id)
        if m is not None and m.entry.kind == "person" and len(m.words) > 1 and head.upos != "PROPN":
            # a dictionary person whose last word the tagger took for a common noun ("Lee Hae-chan")
            out.append([sentence.word(i) for i in m.words])
        for w in [head] + [c for c in sentence.children(head) if c.deprel in ("appos", "flat", "flat:name")]:
            if w.upos != "PROPN":
                continue
            parts, stack = [w], [w]
            while stack:  # the name's own parts, not names in its phrases ("of the Chinese PLA")
                for c in sentence.children(stack.pop()):
                    if c.upos == "PROPN" and c.deprel in _NAME_PARTS:
                        parts.append(c)
                        stack.append(c)
            parts.sort(key=lambda x: x.id)
            if len(parts) > 1 and parts[-1].id - parts[0].id < len(parts) + 1:
                out.append(parts)
        return out

    def _unknown_person(self, a: Analysis, w: Word) -> bool:
        """``w`` is the subject of its clause and a person's name the dictionaries do not know
        (one capitalised singular name, not an acronym, no place; a role the coder could not
        place in a country, as in "the government's spokesman Thomas Steg", leaves it unknown)."""
        if not w.deprel.startswith("nsubj") or w.upos != "PROPN" or self._is_plural(w) or w.id in a.actor_at \
                or w.id in a.agent_at or not w.text.isalpha() or not w.text.istitle() or w.lower in self.lex.not_actor:
            return False
        return not any(c.id in a.actor_at or c.deprel == "case" for c in a.sentence.children(w))

    def _is_person(self, a: Analysis, w: Word, ref: ActorRef) -> bool:
        m = a.actor_at.get(w.id)
        if m is not None and m.entry.kind in ("country", "capital", "adjective"):
            return False
        if w.upos == "PRON":
            return w.lower in _PERSON_PRONOUNS
        if w.lemma_lower in self.lex.person_role or w.lower in self.lex.person_role:
            return not self._is_plural(w)
        if m is not None and m.entry.kind == "person":
            return True  # whatever its code ("Ahtisaari", IGOUNO)
        if m is not None and m.entry.kind == "alias":
            # a name given in full before: what it was then; else a dictionary organisation the
            # story placed in another country ("India's Congress"), no person
            known = self.aliases.get(w.lower)
            return known is not None and known.person
        # a name with a role in its code ("Christopher Hill" USAGOV, "Ban" given in full before),
        # not an acronym of an organisation ("PKK", "LTTE")
        if w.upos != "PROPN" or ref.agent is None or w.text.isupper():
            return False
        return m is not None and (m.entry.kind in ("alias", "pronoun") or len(m.words) > 1) or any(
            c.deprel in _NAME_PARTS and c.upos == "PROPN" for c in a.sentence.children(w))

    @staticmethod
    def _is_plural(w: Word) -> bool:
        return w.xpos in ("NNS", "NNPS") or w.feat("Number") == "Plur"


def _under(sentence: Sentence, w: Word, top: Word) -> bool:
    """``w`` is ``top`` or below it in the parse."""
    seen = 0
    while w.id != top.id:
        if w.head == 0 or seen > len(sentence.words):
            return False
        w, seen = sentence.word(w.head), seen + 1
    return True


def _clause_subject(sentence: Sentence, w: Word) -> Word | None:
    """The subject of the clause of ``w`` (of the clause it depends on, for a clause without one:
    "Bush paid tribute ..., praising him")."""
    verb = sentence.head_of(w)
    for _ in range(4):
        if verb is None:
            return None
        subject = next((c for c in sentence.children(verb) if c.deprel in ("nsubj", "nsubj:pass")), None)
        if subject is not None:
            return sentence.climb(subject, ("flat", "flat:name"))
        if verb.deprel not in ("advcl", "xcomp", "conj", "acl"):
            return None
        verb = sentence.head_of(verb)
    return None
