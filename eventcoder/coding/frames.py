"""The arguments of one event word: who acts (source), what is acted on (objects), and the phrases
that may hold the target, read from the dependency graph.

A verb's frame: its subject (or, for a passive, its 'by' agent), its objects (a passive's subject
first), and its prepositional phrases whose preposition can mark a target (lexicon:
``target_preposition``).  A clause without a subject takes the subject of the clause that controls
it (:func:`controller`).  An event noun's frame: its modifiers that may name the doer
(``source_candidates``: a 'by' phrase, a possessive, a compound, an adjective) and its phrases
that may name the target.  What differs between dictionary dialects is asked of the rules
(``rules.finite_verbs_active``, ``rules.comma_participles``, ``rules.noun_places``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Sentence, Word
from .modality import aim_carrier, aim_of

#: relations that never belong to an object phrase (clauses and the like)
CLAUSAL = frozenset({"acl", "acl:relcl", "relcl", "ccomp", "advcl", "xcomp", "parataxis", "csubj", "conj", "cc",
                     "appos", "punct", "dep", "list", "discourse", "vocative", "orphan", "reparandum"})
SUBJECTS = ("nsubj", "nsubj:pass", "csubj")


def is_subject(rel: str) -> bool:
    """``nsubj``, ``csubj`` and the subtypes of ``nsubj`` but the passive one (``nsubj:outer``,
    ``nsubj:xsubj``: "officials are about to restore")."""
    return rel in ("nsubj", "csubj") or (rel.startswith("nsubj:") and rel != "nsubj:pass")


@dataclass
class Frame:
    """The arguments of one verb (or event noun): source, objects, candidate targets."""

    verb: Word
    source: Word | None
    objects: list[Word]
    target_candidates: list[Word]
    subject: Word | None = None  # the grammatical subject (the patient of a passive)
    passive: bool = False
    #: an event noun's modifiers that may name its source, in order ("joint Russian drills")
    source_candidates: list[Word] = field(default_factory=list)
    #: the frame of an event noun (or of a predicate adjective without a subject)
    noun: bool = False
    #: further subjects of a verb whose parse has several (they act together with the source)
    other_subjects: list[Word] = field(default_factory=list)

    def object_phrase(self, sentence: Sentence, obj: Word) -> list[Word]:
        return sentence.subtree(obj, CLAUSAL - {"conj"})

    def preps(self, sentence: Sentence, deep: bool = False) -> list[tuple[str, Word]]:
        """Prepositional phrases of the verb and of its objects; ``deep``: also those attached to the
        verb's own prepositional phrases ("celebrated Eid at the Emirates with Gondor" parsed with
        'with Gondor' under 'Emirates'), after the others."""
        out = []
        for c in sentence.children(self.verb):
            if c.deprel.startswith(("obl", "nmod", "advcl")):
                p = sentence.preposition(c)
                if p:
                    out.append((p, c))
        for obj in self.objects:
            for c in sentence.children(obj):
                if c.deprel.startswith("nmod"):
                    p = sentence.preposition(c)
                    if p:
                        out.append((p, c))
        if deep:
            for _, head in list(out):
                if head.head == self.verb.id:
                    for c in sentence.children(head):
                        if c.deprel.startswith("nmod"):
                            p = sentence.preposition(c)
                            if p:
                                out.append((p, c))
        return out

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
                 if c.deprel.startswith(("obj", "iobj", "obl", "nmod", "nsubj:pass") + clause_rels)
                 and not c.deprel.endswith(("tmod", "agent", "relcl"))
                 and not (c.deprel.startswith("advcl") and c.upos not in ("VERB", "AUX"))]
        while queue:
            w = queue.pop(0)
            if w.id in seen:
                continue
            seen.add(w.id)
            rel_w = w.deprel
            if rel_w.startswith(clause_rels) and w.upos in ("VERB", "AUX"):
                if is_event_word is not None and is_event_word(w):
                    continue
            elif w.upos in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"):
                out.append(w)
            for c in sentence.children(w):
                rel = c.deprel
                if rel.endswith(("tmod", "relcl")):
                    continue
                if rel.startswith(clause_rels) and c.upos in ("VERB", "AUX"):
                    queue.append(c)
                elif rel.startswith(nominal_rels) and c.upos not in ("VERB", "AUX"):
                    queue.append(c)
        return out


def verb_frame(sentence: Sentence, w: Word, rules, lex) -> Frame:
    """The frame of a verb (or of a predicate adjective with a subject)."""
    kids = [(c.deprel, c) for c in sentence.children(w)]
    passive = any(r in ("nsubj:pass", "aux:pass") for r, _ in kids)
    if passive and rules.finite_verbs_active and (w.xpos not in ("VBN", "_", "") or w.deprel in ("root", "ccomp", "parataxis")) \
            and not any(r == "aux:pass" for r, _ in kids) \
            and not (w.deprel == "conj" and w.head > 0 and sentence.children_by(sentence.word(w.head), "aux:pass")):
        # ("one was killed and nine wounded": the second verb shares the first one's auxiliary)
        # a finite verb without a passive auxiliary is active, whatever the label of its
        # subject ("troops clashed" parsed with nsubj:pass), and so is a main verb tagged as a
        # participle ("Iraqi protesters demonstrated", tagged VBN)
        passive = False
        kids = [("nsubj" if r == "nsubj:pass" else r, c) for r, c in kids]
    if not passive and w.upos == "VERB" and w.xpos in ("VBN", "JJ") \
            and any(r == "cop" and c.lemma_lower in lex.copula for r, c in kids):
        # "was shot dead by militants" parsed with a copula: a passive all the same
        passive = True
        kids = [("nsubj:pass" if r == "nsubj" else r, c) for r, c in kids]
    subjects = [c for r, c in kids if is_subject(r)]
    # a parse with two subjects ("Dagolath's ... Minister Telemar left", "the Philippines and the
    # European Union (EU) agree"): the larger phrase, then the nearer one
    subject = (max(subjects, key=lambda c: (len(sentence.subtree(c)), -abs(c.id - w.id)))
               if len(subjects) > 1 else (subjects[0] if subjects else None))
    # the other subjects of a parse with several ("Abe and visiting ... minister Ban agreed",
    # the coordination lost): they act together with the first
    others = [c for c in subjects if c is not subject]
    patient = next((c for r, c in kids if r == "nsubj:pass"), None)
    objects = [c for r, c in kids if r in ("obj", "iobj")]
    if not objects and rules.bare_obliques and not passive:
        # "accused on Thursday a Darfur rebel group of ...": a time phrase before the object made
        # the parser take the object for an oblique
        objects = [c for r, c in kids if r == "obl" and c.id > w.id and c.upos in ("NOUN", "PROPN")
                   and sentence.preposition(c) is None and c.lower not in lex.time_name][:1]
    agent = next((c for r, c in kids if r == "obl:agent" or (r.startswith("obl") and passive
                                                               and sentence.preposition(c) in lex.agent_preposition)), None)
    if passive and agent is None:
        # "was shot dead by Israeli troops": the agent hung on the resultative or on an event noun
        # of the clause ("were killed in an ambush by drug gangs")
        for r, c in kids:
            if r in ("xcomp", "advmod") or (r.startswith("obl") and c.upos == "NOUN"):
                agent = next((x for x in sentence.children(c) if x.deprel.startswith(("obl", "nmod"))
                              and x.deprel != "nmod:poss" and sentence.preposition(x) in lex.agent_preposition), None)
                if agent is not None:
                    break
    if passive and agent is None and patient is not None and rules.predicate_adjectives \
            and w.lemma_lower in lex.stative_participle \
            and any(r.startswith("obl") and sentence.preposition(c) in lex.target_preposition for r, c in kids):
        # "the US was opposed to North Korea's program": a state of its subject, not a passive
        passive = False
        subject = patient
    if passive:
        source = agent
        if patient is not None:
            objects = [patient] + objects
    else:
        source = subject
    if subject is not None and subject.upos == "PRON" and subject.feat("PronType") == "Rel":
        # "X, who is paying a visit": the relative pronoun stands for the noun it follows (the
        # clause's head when the parse attaches it as a relative clause)
        source = sentence.head_of(w) if w.deprel in ("acl:relcl", "relcl") else _antecedent_of_relative(sentence, subject)
    if source is None and not passive:
        source = controller(sentence, w, rules, lex)
        controlling = sentence.head_of(source) if source is not None and source.deprel.startswith("nsubj") \
            and w.deprel in ("xcomp", "advcl") else None
        if controlling is not None and not others:
            # the other subjects of a controlling verb whose parse has several ("Abe and visiting
            # minister Ban agreed to enhance cooperation"): they act in the clause too
            others = [c for c in sentence.children(controlling) if c.deprel == "nsubj" and c is not source]
            subject = subject or source
    elif (source is not None and source.upos == "PRON" and source.lower in lex.anaphor
          and w.deprel in ("ccomp", "conj", "advcl")):
        # "Ethiopia indicated it deplored Libya": the pronoun is the governing clause's subject
        source = controller(sentence, w, rules.pronoun_controller_rules, lex) or source
    targets = list(objects)
    for r, c in kids:
        if r.startswith("obl") and r != "obl:agent" and sentence.preposition(c) in lex.target_preposition:
            targets.append(c)
        elif r.startswith("obl") and sentence.preposition(c) is None and any(
                x.deprel == "compound" and sentence.preposition(x) in lex.target_preposition for x in sentence.children(c)):
            # a misparse that hangs the preposition on a compound of the phrase ("met with his
            # Iraqi counterpart Jalal Talabani Thursday afternoon", 'afternoon' as the head, 'with'
            # on 'counterpart'): the phrase is the verb's all the same
            targets.append(c)
    for obj in objects:
        for c in sentence.children(obj):
            # "talks with Gondor"; "praised the relations between Kuwait and Korea" (the parties)
            if c.deprel == "nmod" and ((prep := sentence.preposition(c)) in lex.target_preposition
                                       or prep in lex.between_preposition):
                targets.append(c)
    return Frame(w, source, objects, targets, subject or patient, passive,
                 other_subjects=others if source is subject else [])


def _antecedent_of_relative(sentence: Sentence, pronoun: Word) -> Word | None:
    """The noun right before a relative pronoun ("al-Moualem, who ..."), up to the head of its name."""
    i = pronoun.id - 1
    while i >= 1 and sentence.word(i).upos == "PUNCT":
        i -= 1
    if i < 1 or sentence.word(i).upos not in ("NOUN", "PROPN"):
        return None
    return sentence.climb(sentence.word(i), ("flat", "flat:name", "compound", "goeswith"))


def controller(sentence: Sentence, w: Word, rules, lex) -> Word | None:
    """The subject of a clause without one: the object (of an open clause, or of a clause marked
    'of', 'for' or 'against') or the subject of the governing verb; for a relative or participle
    clause, the noun it modifies.  With ``rules.comma_participles``, a participle after a comma hung
    on an object or a prepositional phrase ("stormed a building in central Baghdad, kidnapping 100
    people", "shook southern Iran, killing 10 people") is an adverbial clause of the verb above it."""
    seen = 0
    while seen < 4:
        seen += 1
        rel = w.deprel
        gov = sentence.head_of(w)
        if gov is None:
            return None
        aim = aim_of(sentence, w, lex) if rules.purpose_clauses else None
        verb = aim_carrier(sentence, aim, lex) if aim is not None else None
        if aim is not None and verb is not None:
            # "China made efforts to improve ties": the clause is the aim of the verb's subject,
            # or of the possessor of the noun of aim ("defended her decision to deny ...")
            owner = next(iter(sentence.children_by(aim, "nmod:poss")), None)
            subject = next((c for c in sentence.children(verb) if c.deprel == "nsubj"), None)
            return owner or subject or controller(sentence, verb, rules, lex)
        if rel in ("acl", "acl:relcl", "relcl") and gov.upos in ("NOUN", "PROPN", "PRON"):
            if rules.comma_participles and w.xpos == "VBG" and not gov.deprel.startswith("nsubj") \
                    and w.id > 1 and sentence.word(w.id - 1).text == ",":
                clause: Word | None = gov
                steps = 0
                while clause is not None and clause.upos not in ("VERB", "AUX") and steps < 8:
                    clause, steps = sentence.head_of(clause), steps + 1
                if clause is not None:
                    return next((c for c in sentence.children(clause)
                                 if c.deprel in ("nsubj", "csubj") or c.deprel.startswith("nsubj:")), None)
            return gov
        if rel not in ("xcomp", "conj", "advcl", "ccomp", "csubj"):
            # csubj: "X is due to meet Y" parsed with the clause as the subject of "due"
            return None
        kids = [(c.deprel, c) for c in sentence.children(gov)]
        if rel == "xcomp" or (rel == "advcl" and any(m.lemma_lower in lex.object_control_mark
                                                     for m in sentence.children_by(w, "mark"))):
            obj = next((c for r, c in kids if r in ("obj", "iobj")), None)
            if obj is not None:
                return obj
        subj = next((c for r, c in kids if (r in ("nsubj", "csubj") or r.startswith("nsubj:")) and c.id != w.id), None)
        if subj is not None:
            return subj
        w = gov
    return None


def noun_frame(sentence: Sentence, w: Word, rules, lex) -> Frame:
    """The frame of an event noun: its possible doers (a 'by' phrase first, then possessives,
    compounds and adjectives, in sentence order) and its possible targets (phrases with a
    preposition of ``noun_target_preposition``; with ``rules.noun_places``, not those of
    ``noun_place_preposition``: "a summit in Malaysia" is a place)."""
    source = None
    candidates: list[Word] = []
    targets: list[Word] = []
    for c in sentence.children(w):
        rel = c.deprel
        prep = sentence.preposition(c)
        if rel.startswith("nsubj"):
            # the noun as a predicate: "Lee, who is on a visit to Kuwait" (a relative pronoun
            # stands for the noun it qualifies)
            subj: Word | None = c
            if c.feat("PronType") == "Rel" or (c.upos == "PRON" and c.xpos in ("WP", "WDT")):
                # the clause's head when the parse attaches it as a relative clause, else the noun
                # right before the pronoun (the parse made the clause the sentence's root)
                subj = sentence.head_of(w) if w.deprel in ("acl:relcl", "relcl") else _antecedent_of_relative(sentence, c)
            if subj is not None:
                candidates.insert(0, subj)
                source = subj
        elif rel in ("nmod:poss", "amod", "compound"):
            candidates.append(c)
            if source is None:
                source = c
        elif rel == "nmod" and prep in lex.agent_preposition:
            candidates.insert(0, c)
            source = c
        elif rel == "nmod" and prep in lex.noun_target_preposition \
                and not (rules.noun_places and prep in lex.noun_place_preposition):
            targets.append(c)
    order = {"nsubj": -1, "nmod": 0, "nmod:poss": 1, "compound": 2, "amod": 3}
    candidates.sort(key=lambda c: order.get(c.deprel, 4))  # stable: then in sentence order
    return Frame(w, source, [t for t in targets if sentence.preposition(t) in lex.of_preposition], targets,
                 source_candidates=candidates, noun=True)
