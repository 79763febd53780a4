"""Repairs of parse errors the coder's rules would otherwise inherit, made before a sentence is read.

A repair returns a copy of the sentence with some words re-attached (the parse itself, cached and
written as CoNLL-U, is never changed); the sentence is returned as it is when nothing needs repair.

* **Stranded subjects**: "Somali parliamentarians based in Mogadishu resolved to ..." parsed with
  the subject under the participle ("based"), the verb left without one: the subject is the
  verb's, the participle a clause of the subject.  So is a subject parsed as a conjunct inside
  a fronted phrase or clause ("Declining to comment on the talks, the spokesman accused ...",
  'spokesman' a conjunct of 'talks'): a noun with no 'and' before it, after a comma, whose
  phrase ends right before the verb.
* **Bare times** (lexicon ``time_name``; and ``time_noun`` with ``time_modifier``: "The Congress
  last month withdrew ..."): wire copy dates acts with a bare day name ("accused
  Turkey Tuesday", "the Congress party Thursday gave ..."), which parsers often take for an
  argument: an object, a subject, a name's last word, the head of the real object ("attacked the
  ODIHR Monday").  A bare day name in such a place becomes a time modifier (``obl:tmod``) of its
  clause's verb; a noun it had swallowed ("the ODIHR") takes its place, and a relative clause
  hung on it ("a statement Thursday that welcomed ...") goes to the noun before it.
* **Names read as verbs**: a name ending like a participle ("Beijing", "Chongqing") tagged as a
  verb, with a clause's relation and its preposition as a clause marker ("in Beijing" as an
  adverbial clause): a name the dictionaries know (``names``) becomes a proper noun, an oblique
  or nominal modifier with its preposition, the subject of the verb after it that has none, the
  object of the verb before it that has none, a compound of the name it modifies; what hung on it
  as on a verb goes to its head.  Read as the root ("Beijing protested to Tokyo", 'protested' a
  clause of 'Beijing'), it is the subject of the verb after it, which becomes the root.  A name
  read as a pronoun ("Hu said", lemma capitalised as no pronoun's is) keeps its relation and
  becomes a proper noun.
* **Particles read as prepositions**: "handed over the suspect to India" with 'over' the
  preposition of 'suspect' (an oblique): where the verb and the word make a phrasal verb of the
  dictionaries, the word is the verb's particle and the noun its object.
* **Clauses read as phrases**: "was delayed after suspected rebels blew up a tractor" parsed as
  a phrase ("after suspected rebels", an oblique of 'delayed') and a conjunct verb ('blew') with
  no subject and no 'and': where a phrase that opens with a word of ``clause_marks`` (lexicon
  ``clause_mark``: "after", "before", "since" ...) ends right before such a verb, its noun is
  the verb's subject, its first word the verb's marker, and the verb a clause of the verb the
  phrase hung on.
* **Split titles and names**: "Rebel leader Laurent Kabila met ..." parsed as two subjects of the
  verb, the title ("Rebel leader") and the name, as if two people acted together: a common noun
  that ends its phrase right before a name, both subjects of the same verb, is the name's title
  (a ``compound`` of it).  So is a name right before another ("Sam Rainsy has blamed ...",
  "Wang Jun, governor of Hebei, criticised ...", "President Le Duc Anh opened ...", 'Sam' and
  'Rainsy' both subjects): what hung on the first after it (an apposition) goes to the second.
* **Doubled words read as a verb**: "agreed to face-to-face talks" split into "to face" (a verb)
  and "- to - face talks" (its phrase): the doubled word modifies the noun after it, which takes
  the verb's place with its 'to'.
"""
from __future__ import annotations

from ..model import Sentence, Word

#: relations a bare day name has only when the parser took it for something else
_MISTAKEN = frozenset({"obj", "iobj", "nsubj", "nsubj:pass", "obl:agent", "appos", "flat", "compound", "xcomp",
                       "conj", "nmod", "obl", "dep"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
#: the tags a day name has
_NAMES = frozenset({"PROPN", "NOUN"})
_PREDICATE = frozenset({"VERB", "AUX", "ADJ"})
#: what a day name can carry that a promoted noun must not take over
#: tags of a finite verb
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_OWN = frozenset({"case", "det", "amod", "nummod", "advmod", "punct", "cc"})


def repair(sentence: Sentence, time_names: frozenset[str], time_nouns: frozenset[str] = frozenset(),
           time_modifiers: frozenset[str] = frozenset(), names: frozenset[int] = frozenset(),
           particles: frozenset[int] = frozenset(), clause_marks: frozenset[str] = frozenset()) -> Sentence:
    """``sentence`` with its bare day names, and its time phrases without a preposition ("last
    month": a ``time_nouns`` word with one of ``time_modifiers``), re-attached as times, and the
    words of ``names`` (ids of words in a dictionary name) that were read as verbs read as names
    (the same object when nothing is repaired)."""
    if names:
        sentence = _misread_names(sentence, names)
    times = time_names | time_nouns
    days = [] if times.isdisjoint(sentence.vocabulary) else [
        w for w in sentence.words if w.upos in _NAMES and w.deprel in _MISTAKEN
            and (w.lower in time_names or (w.lower in time_nouns and any(
                c.deprel in ("amod", "det") and c.lower in time_modifiers for c in sentence.children(w))))
            and not any(c.deprel == "case" for c in sentence.children(w))]
    stranded = _stranded_subjects(sentence)
    titles = _split_titles(sentence, times)
    objects = {p: noun for p in particles if (noun := _particle_object(sentence, p)) is not None}
    clauses = _phrases_of_clauses(sentence, clause_marks) if clause_marks else []
    doubled = _reduplications(sentence)
    if not days and not stranded and not titles and not objects and not clauses and not doubled:
        return sentence
    words = [w.copy() for w in sentence.words]
    changed = False
    for p, noun in objects.items():
        words[p - 1].head, words[p - 1].deprel, words[p - 1].upos = p - 1, "compound:prt", "ADP"
        words[noun - 1].head, words[noun - 1].deprel = p - 1, "obj"  # the verb just before the particle
        changed = True
    for day in days:
        changed |= _bare_time(sentence, words, day.id, time_names, time_modifiers)
    for participle, subject, verb in stranded:
        words[subject - 1].head, words[subject - 1].deprel = verb, "nsubj"
        if participle:
            words[participle - 1].head, words[participle - 1].deprel = subject, "acl"
        changed = True
    for title, name in titles:
        words[title - 1].head, words[title - 1].deprel = name, "compound"
        for c in sentence.children(title):
            if c.id > name:
                words[c.id - 1].head = name  # "Wang Jun, governor of ...": the apposition is the name's
        changed = True
    for mark, subject, verb, governor in clauses:
        words[subject - 1].head, words[subject - 1].deprel = verb, "nsubj"
        words[mark - 1].head, words[mark - 1].deprel, words[mark - 1].upos = verb, "mark", "SCONJ"
        words[verb - 1].head, words[verb - 1].deprel = governor, "advcl"
        changed = True
    for first, noun in doubled:
        w = sentence.word(first)
        words[noun - 1].head, words[noun - 1].deprel = w.head, "obl"
        for c in sentence.children(w):
            if c.deprel == "mark":
                words[c.id - 1].head, words[c.id - 1].deprel, words[c.id - 1].upos = noun, "case", "ADP"
        words[first - 1].head, words[first - 1].deprel, words[first - 1].upos = noun, "amod", "ADJ"
        for i in range(first + 1, noun - 1):
            words[i - 1].head = first
        words[noun - 2].head, words[noun - 2].deprel = first, "fixed"
        changed = True
    if not changed:
        return sentence
    return Sentence(sentence.doc_id, sentence.sentence_id, sentence.text, words, sentence.doc_date, sentence.doc_source)


def _reduplications(sentence: Sentence) -> list[tuple[int, int]]:
    """A doubled word joined by a preposition with hyphens ("face-to-face talks", split into five
    tokens) read as a verb with the noun after it as its phrase ("agreed to face-to-face talks":
    'face' a verb, 'talks' its oblique): the first word and the noun; the noun takes the verb's
    place (an oblique of the verb above, with its 'to' as its preposition), the words before it
    modify it."""
    out = []
    words = sentence.words
    for i in range(len(words) - 5):
        w, h1, p, h2, again, noun = words[i:i + 6]
        if h1.text == "-" and h2.text == "-" and p.upos == "ADP" and again.lower == w.lower \
                and w.upos == "VERB" and noun.upos == "NOUN" and noun.head in (w.id, again.id) \
                and w.deprel in ("xcomp", "advcl"):
            out.append((w.id, noun.id))
    return out


def _particle_object(sentence: Sentence, particle: int) -> int | None:
    """The noun whose preposition the parser made of the particle ``particle`` of the verb just
    before it ("handed over the suspect to India"), if it is that verb's oblique without an object
    of its own."""
    p = sentence.word(particle)
    verb = sentence.word(particle - 1)
    if p.head <= particle or p.head > len(sentence.words):
        return None
    noun = sentence.word(p.head)
    if noun.head != verb.id or not noun.deprel.startswith("obl") \
            or any(c.deprel == "obj" for c in sentence.children(verb)):
        return None
    return noun.id


def _bare_time(original: Sentence, words: list[Word], day_id: int, time_names: frozenset[str],
               time_modifiers: frozenset[str] = frozenset()) -> bool:
    day = words[day_id - 1]
    if day.head == 0:
        return False
    head = words[day.head - 1]
    if day.deprel == "conj" and (head.lower in time_names or any(c.deprel == "cc" for c in original.children(day_id))):
        return False  # "on Monday in Ireland and Tuesday in Scotland": a time already
    verb = _clause_verb(words, day)
    if verb is None or verb.id == day.id:
        return False
    kids = original.children(day_id)
    swallowed = [c for c in kids if c.deprel in ("compound", "flat", "nmod:poss") and c.upos in _NOMINAL
                 and c.id < day.id and c.lower not in time_names]
    if swallowed and day.deprel not in ("flat", "compound", "conj", "appos"):
        noun = words[swallowed[-1].id - 1]
        noun.head, noun.deprel = day.head, day.deprel
        for c in kids:
            if c.id != noun.id and c.deprel not in ("case",) and c.lower not in time_modifiers:
                words[c.id - 1].head = noun.id  # "The Congress last month": "The" is the noun's
    else:
        before = _noun_before(original, words, day)
        for c in kids:
            if c.deprel in ("acl:relcl", "acl") and before is not None:
                words[c.id - 1].head = before.id
    day.head, day.deprel = verb.id, "obl:tmod"
    return True


def _stranded_subjects(sentence: Sentence) -> list[tuple[int, int, int]]:
    """Subjects the parser hung on a participle before a finite verb that has none ("Somali
    parliamentarians based in Mogadishu resolved to ...", 'parliamentarians' the passive subject of
    'based'), or made a conjunct of a fronted phrase ("In addition, the minister called on ..."):
    (participle or 0, subject, verb) ids.  The participle is a reduced relative clause of the
    subject, which is the verb's."""
    out = []
    for w in sentence.words:
        if w.upos != "VERB" or w.xpos not in _FINITE:
            continue
        kids = sentence.children(w)
        if any(c.deprel.startswith(("nsubj", "csubj", "expl")) for c in kids):
            continue
        for c in kids:
            if (c.deprel.startswith("obl") or c.deprel == "advcl") and c.id < w.id:
                # "In addition, Kuwaiti Finance Minister Bader Al-Humaidhi called on ...",
                # "Declining to specify a time limit for the swap, the spokesman accused ...": the
                # subject parsed as a conjunct inside the fronted phrase, with no 'and' before it
                subject = _swallowed_subject(sentence, c, w)
                if subject is not None:
                    out.append((0, subject.id, w.id))
                    break
            if c.deprel != "advcl" or c.id > w.id or c.xpos != "VBN" or c.upos != "VERB":
                continue
            inner = sentence.children(c)
            if any(x.deprel in ("aux", "aux:pass", "mark") for x in inner):
                continue  # a clause of its own ("after it was based ...")
            subject = next((x for x in inner if x.deprel in ("nsubj", "nsubj:pass") and x.id < c.id
                            and x.upos in _NOMINAL), None)
            if subject is not None:
                out.append((c.id, subject.id, w.id))
                break
    return out


def _phrases_of_clauses(sentence: Sentence, clause_marks: frozenset[str]) -> list[tuple[int, int, int, int]]:
    """Clauses the parser read as a phrase and a conjunct verb ("was delayed after suspected rebels
    blew up a tractor": 'rebels' an oblique of 'delayed' with 'after' its preposition, 'blew' a
    conjunct with no subject and no 'and'): (marker, subject, verb, governing verb) ids."""
    out = []
    for v in sentence.words:
        if v.upos != "VERB" or v.deprel != "conj" or v.xpos not in _FINITE | {"VB"} or v.id < 3:
            continue
        if any(c.deprel in ("cc", "mark") or c.deprel.startswith(("nsubj", "csubj", "expl"))
               for c in sentence.children(v)):
            continue
        noun: Word | None = sentence.word(v.id - 1)
        while noun is not None and noun.upos in _NOMINAL | {"ADJ", "NUM"}:
            phrase = sentence.subtree(noun)
            if phrase[-1].id != v.id - 1:
                break
            first = phrase[0]
            if first.deprel == "case" and first.head == noun.id and first.lower in clause_marks \
                    and noun.upos in _NOMINAL and noun.deprel.startswith(("obl", "nmod")):
                governor = sentence.head_of(noun)
                while governor is not None and governor.upos not in _PREDICATE and governor.id != v.id:
                    governor = sentence.head_of(governor)
                if governor is not None and governor.id != v.id:
                    out.append((first.id, noun.id, v.id, governor.id))
                break
            noun = sentence.head_of(noun)
    return out


def _swallowed_subject(sentence: Sentence, fronted: Word, verb: Word) -> Word | None:
    """The conjunct inside the ``fronted`` phrase or clause that is really ``verb``'s subject: a
    noun without 'and' before it, after a comma, whose phrase ends right before the verb."""
    for x in sentence.subtree(fronted):
        if x.deprel != "conj" or x.upos not in _NOMINAL or x.id >= verb.id or x.id == fronted.id:
            continue
        phrase = [y for y in sentence.subtree(x) if y.upos != "PUNCT"]
        if any(y.deprel in ("cc", "case") for y in sentence.children(x)) or phrase[0].id < 2 \
                or sentence.word(phrase[0].id - 1).text != "," or \
                any(y.upos != "PUNCT" for y in sentence.words[phrase[-1].id:verb.id - 1]):
            continue
        return x
    return None


#: what a name read as a verb keeps (the rest hung on it as on a verb and goes to its head)
_NAME_KEEPS = frozenset({"case", "det", "amod", "compound", "flat", "flat:name", "nmod:poss", "punct", "cc", "conj",
                         "appos", "nummod"})


def _misread_names(sentence: Sentence, names: frozenset[int]) -> Sentence:
    """``sentence`` with the names in ``names`` that the parser tagged as verbs or pronouns read
    as names (see the module's notes); the same object when there is none."""
    words: list[Word] | None = None
    for w in sentence.words:
        if w.upos == "PRON" and w.id in names and w.lemma[:1].isupper():
            # a name read as a pronoun ("Hu said ..."): its relation stands, its tag is a name's
            if words is None:
                words = [x.copy() for x in sentence.words]
            words[w.id - 1].upos, words[w.id - 1].xpos, words[w.id - 1].feats = "PROPN", "NNP", "_"
            continue
        if w.upos != "VERB" or w.id not in names or not w.text[:1].isupper():
            continue
        if w.head == 0:
            # the root ("Beijing protested to Tokyo" with 'protested' a clause of 'Beijing'): the
            # verb after it that has no subject is the root, the name its subject
            kids = sentence.children(w)
            verb = next((c for c in kids if c.upos == "VERB" and c.id > w.id
                         and c.deprel in ("xcomp", "ccomp", "advcl", "conj", "parataxis", "acl")
                         and not any(x.deprel.startswith(("nsubj", "csubj")) for x in sentence.children(c))), None)
            if verb is None:
                continue
            if words is None:
                words = [x.copy() for x in sentence.words]
            name = words[w.id - 1]
            name.upos, name.xpos, name.head, name.deprel = "PROPN", "NNP", verb.id, "nsubj"
            words[verb.id - 1].head, words[verb.id - 1].deprel = 0, "root"
            for c in kids:
                if c.id != verb.id and (c.deprel not in _NAME_KEEPS or c.deprel == "punct"):
                    words[c.id - 1].head = verb.id
            continue
        head = sentence.word(w.head)
        kids = sentence.children(w)
        marks = [c for c in kids if c.deprel == "mark" and c.upos in ("ADP", "SCONJ") and c.xpos == "IN"]
        verb_head = head.upos in _PREDICATE
        if marks and w.deprel in ("advcl", "acl", "xcomp", "ccomp", "acl:relcl"):
            rel = "obl" if verb_head else "nmod"
        elif w.deprel == "amod" and head.upos in ("PROPN", "NOUN"):
            rel = "compound"
        elif w.deprel in ("advcl", "csubj", "ccomp", "xcomp") and verb_head and w.id < head.id \
                and not any(c.deprel.startswith(("nsubj", "csubj")) for c in sentence.children(head) if c.id != w.id):
            rel = "nsubj"
        elif w.deprel in ("advcl", "xcomp", "ccomp") and verb_head and w.id > head.id \
                and not any(c.deprel == "obj" for c in sentence.children(head)):
            rel = "obj"
        else:
            continue
        if words is None:
            words = [x.copy() for x in sentence.words]
        name = words[w.id - 1]
        name.upos, name.xpos, name.deprel = "PROPN", "NNP", rel
        for c in kids:
            if any(c.id == m.id for m in marks):
                words[c.id - 1].deprel = "case"
            elif c.deprel not in _NAME_KEEPS:
                words[c.id - 1].head = head.id  # "Beijing again told ...": 'again' is the verb's
    if words is None:
        return sentence
    return Sentence(sentence.doc_id, sentence.sentence_id, sentence.text, words, sentence.doc_date, sentence.doc_source)


def _split_titles(sentence: Sentence, times: frozenset[str]) -> list[tuple[int, int]]:
    """(title, name) ids of a verb's two subjects that are one person's title and name ("Rebel
    leader Laurent Kabila met ..."): the first a common noun that ends its phrase, or a name (its
    apposition after the second: "Wang Jun, governor of ..."), the second a name whose phrase
    starts right after it, both before the verb (a day name or time noun is a time, which the
    bare-time repair reads)."""
    out = []
    for title, name in _two_subjects_before(sentence):
        if title.upos not in ("NOUN", "PROPN") or name.upos != "PROPN" or title.lower in times or name.lower in times:
            continue
        if title.upos == "NOUN" and any(c.id > title.id for c in sentence.children(title)):
            continue  # the title's phrase goes on after it ("a motion presented by ...")
        if title.upos == "PROPN" and any(title.id < c.id < name.id for c in sentence.children(title)):
            continue
        if min(w.id for w in sentence.subtree(name)) == title.id + 1 and sentence.word(title.id + 1).upos != "PUNCT":
            out.append((title.id, name.id))
    return out


def _two_subjects_before(sentence: Sentence) -> list[tuple[Word, Word]]:
    """The subjects (title, name), in sentence order, of each verb that has exactly two before it,
    in the order of the verbs; read in one pass over the words, not once per verb."""
    subjects: dict[int, list[Word]] = {}
    n = len(sentence.words)
    for w in sentence.words:
        if w.deprel in ("nsubj", "nsubj:pass") and w.id < w.head <= n:
            subjects.setdefault(w.head, []).append(w)
    return [(pair[0], pair[1]) for _, pair in sorted(subjects.items()) if len(pair) == 2]


def _clause_verb(words: list[Word], word: Word) -> Word | None:
    """The nearest predicate above ``word``."""
    seen = set()
    w = word
    while w.head and w.id not in seen:
        seen.add(w.id)
        w = words[w.head - 1]
        if w.upos in _PREDICATE:
            return w
    return None


def _noun_before(original: Sentence, words: list[Word], day: Word) -> Word | None:
    """The head of the noun phrase just before the day name on the same head ("a statement" in
    "adopted a statement Thursday that ...")."""
    for w in reversed(words[:day.id - 1]):
        if w.head == day.head and w.upos in _NOMINAL and w.deprel not in _OWN:
            return w
        if w.head == 0:
            break
    return None
