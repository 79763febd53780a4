"""Whether a sentence asserts an event as done, or as planned, possible or conditional.

News reports what happened, and as much what is going to happen: "will meet on Friday", "is to
visit", "agreed to sign", "are scheduled to hold talks", "said he would meet".  CAMEO codes an
announced or agreed act as the intent to do it (036 for a meeting, 03x for cooperation), a
conditional use of force as a threat (13x: "would strike back if ..."), and a mere possibility
("could extend the embargo") as nothing.  :func:`modality` reads the event word's auxiliaries and
the verbs that govern it; the words come from the lexicon (``future_auxiliary``,
``conditional_auxiliary``, ``possibility_auxiliary``, ``intent_verb``, ``intent_modifier``,
``condition_mark``, ``copula``, ``infinitive_mark``), the recoding from the CAMEO ontology
(``> FROM TO`` and ``? FROM TO`` lines of ``cameo.txt``).
"""
from __future__ import annotations

from ..model import Sentence, Word

ASSERTED = "asserted"
FUTURE = "future"  # announced, planned or scheduled: coded as the intent to do it
INTENT = "intent"  # wished, planned or agreed by its doer ("hopes to", "agreed to"): the doer's intent
CONDITIONAL = "conditional"  # "would ... if": a hostile act is a threat, anything else no event
POSSIBLE = "possible"  # "could", "might", "may": no event

#: relations through which a clause takes the modality of the word governing it
_GOVERNED = ("xcomp", "csubj", "ccomp", "advcl")


def aim_of(sentence: Sentence, w: Word, lex) -> Word | None:
    """The noun of aim (lexicon ``aim_noun``: "efforts", "steps", "decision", "readiness") whose
    infinitive clause ``w`` is, parsed as the noun's clause ("China's decision to suspend talks")
    or, the noun being a verb's object, as the verb's ("made efforts to improve ties"): the clause
    is aimed at, not done."""
    if w.upos != "VERB" or not any(m.lemma_lower in lex.infinitive_mark for m in sentence.children_by(w, "mark")):
        return None
    gov = sentence.head_of(w)
    if gov is None:
        return None
    if w.deprel == "acl" and gov.upos == "NOUN" and gov.lemma_lower in lex.aim_noun:
        return gov
    if w.deprel == "xcomp":
        return next((c for c in sentence.children_by(gov, "obj") if c.lemma_lower in lex.aim_noun), None)
    return None


def aim_carrier(sentence: Sentence, noun: Word, lex) -> Word | None:
    """The light verb (lexicon ``light_verb``) whose object or phrase the noun of aim ``noun`` is
    ("made efforts to improve ties", "attaches importance to developing relations"): the aim is
    that verb's subject's.  Not another verb's: "foiled an attempt to kill the Pope" is someone
    else's attempt."""
    if noun.deprel not in ("obj", "obl"):
        return None
    verb = sentence.head_of(noun)
    return verb if verb is not None and verb.upos == "VERB" and verb.lemma_lower in lex.light_verb else None


def _auxiliaries(sentence: Sentence, w: Word) -> list[Word]:
    return [c for c in sentence.children(w) if c.deprel in ("aux", "aux:pass")]


def _has_condition(sentence: Sentence, w: Word, lex) -> bool:
    """A clause of ``w`` (or of the verb it depends on) opened by 'if' or 'unless'."""
    heads = [w]
    governor = sentence.head_of(w) if w.deprel in _GOVERNED else None
    if governor is not None:
        heads.append(governor)
    for h in heads:
        for c in sentence.children(h):
            if c.deprel == "advcl" and any(m.lemma_lower in lex.condition_mark for m in sentence.children_by(c, "mark")):
                return True
    return False


def condition_of(sentence: Sentence, w: Word, lex) -> Word | None:
    """The verb of a clause opened by 'if' or 'unless' (lexicon ``condition_mark``) on ``w``, or on
    the clause ``w`` says ("warned that Iran would resort to other means if the EU ...")."""
    heads = [w] + [c for c in sentence.children(w) if c.deprel == "ccomp"]
    for h in heads:
        for c in sentence.children(h):
            if c.deprel == "advcl" and any(m.lemma_lower in lex.condition_mark for m in sentence.children_by(c, "mark")):
                return c
    return None


def clause_modality(sentence: Sentence, w: Word, lex, depth: int = 0) -> str:
    """The modality of the clause headed by the verb (or predicate) ``w``."""
    lemmas = {a.lemma_lower for a in _auxiliaries(sentence, w)} | {a.lower for a in _auxiliaries(sentence, w)}
    if lemmas & lex.possibility_auxiliary:
        return POSSIBLE
    if lemmas & lex.conditional_auxiliary:
        # "would ... if": conditional; "said he would meet ...": the future seen from the past
        return CONDITIONAL if _has_condition(sentence, w, lex) else FUTURE
    if lemmas & lex.future_auxiliary:
        return FUTURE
    kids = sentence.children(w)
    # "is to meet": a copula (tagged as one or as an auxiliary) and an infinitive marker on the
    # verb itself
    if any(c.deprel in ("cop", "aux") and c.lemma_lower in lex.copula for c in kids) \
            and any(c.deprel == "mark" and c.lemma_lower in lex.infinitive_mark for c in kids) \
            and not any(c.deprel == "mark" and c.lemma_lower in lex.condition_mark for c in kids):
        return FUTURE  # (not "if UMNO were to agree": a condition)
    gov = sentence.head_of(w)
    if aim_of(sentence, w, lex) is not None:
        return INTENT  # "made efforts to improve ties with Japan": aimed at, not done
    if w.deprel == "advcl" and any(m.lemma_lower in lex.condition_mark for m in sentence.children_by(w, "mark")):
        return POSSIBLE  # the condition itself ("... if China invaded Taiwan") is no event
    if w.deprel in ("acl", "advcl") and gov is not None and gov.upos in ("NOUN", "PROPN") \
            and any(m.lemma_lower in lex.topic_mark for m in sentence.children(w) if m.deprel in ("mark", "case")):
        return POSSIBLE  # what a noun is about ("talks on curbing the insurgency") is no event
    if gov is not None and w.deprel in _GOVERNED and depth < 4:
        infinitive = w.deprel == "xcomp" or any(m.lemma_lower in lex.infinitive_mark for m in sentence.children_by(w, "mark"))
        if w.deprel == "advcl" and w.xpos == "VBG" and gov.lemma_lower in lex.intent_verb \
                and any(m.lemma_lower in lex.of_preposition for m in sentence.children_by(w, "mark")):
            return INTENT  # "is confident of forging ties with Cuba"
        if infinitive and w.deprel in ("xcomp", "csubj", "advcl"):
            # "plans to visit", "agreed to meet" (the doer's intent); "is due to have lunch",
            # "are set to be signed" (scheduled); "is able to block" (only possible)
            if gov.lemma_lower in lex.intent_verb:
                return INTENT
            if gov.lemma_lower in lex.schedule_word or gov.lower in lex.schedule_word:
                return FUTURE  # "is due to meet"; "is going to meet" (the form: not "went to meet")
            if gov.lemma_lower in lex.possibility_word:
                return POSSIBLE
            if gov.lemma_lower in lex.appeal_verb and w.deprel == "xcomp":
                return POSSIBLE  # "urged China to start a dialogue": asked for, not done
        if w.deprel == "advcl" and any(m.lemma_lower in lex.infinitive_mark for m in sentence.children_by(w, "mark")):
            return FUTURE  # a purpose ("visited Japan to meet Aso"): intended, not reported as done
        if w.deprel in ("xcomp", "csubj"):
            return clause_modality(sentence, gov, lex, depth + 1)
    if w.deprel == "conj" and gov is not None and depth < 4 and not _auxiliaries(sentence, w):
        # "will arrive on Friday and meet ...": a conjunct shares the auxiliaries of the first
        return clause_modality(sentence, gov, lex, depth + 1)
    return ASSERTED


def modality(sentence: Sentence, w: Word, lex) -> str:
    """The modality of the event word ``w``: a verb's clause; an event noun's own modifiers
    ("the planned talks", "an upcoming visit") or the clause of the verb it is the object or
    subject of ("will hold talks", "talks will be held")."""
    if w.upos in ("NOUN", "PROPN"):
        # (by form and lemma: "planned" is a participle whose lemma is "plan")
        mods = [x for c in sentence.children(w) if c.deprel == "amod" for x in (c.lemma_lower, c.lower)]
        if any(m in lex.possibility_word for m in mods):
            return POSSIBLE  # "a possible meeting between Cyprus and Turkey"
        if any(m in lex.intent_modifier for m in mods):
            return FUTURE
        outer = w
        for _ in range(3):
            up = sentence.head_of(outer)
            if outer.deprel != "nmod" or up is None or up.upos not in ("NOUN", "PROPN"):
                break
            outer = up
        if outer is not w:
            # a noun inside another's phrase is planned or only possible as that one is ("will
            # sign an agreement during Yudhoyono's visit to Russia", "a cessation of attacks could
            # backfire"); not intended ("agreed to build ties during his October visit")
            mode = modality(sentence, outer, lex)
            if mode in (FUTURE, POSSIBLE):
                return mode
        gov = sentence.head_of(w)
        if gov is not None and w.deprel in ("obj", "nsubj", "nsubj:pass", "obl") and gov.upos in ("VERB", "AUX", "ADJ"):
            if gov.lemma_lower in lex.intent_verb and w.deprel in ("obj", "obl"):
                return INTENT  # "agreed to face-to-face talks", "wants talks"
            if w.deprel == "obj":
                # "expected the talks to start next year": the object is the subject of the
                # infinitive clause after it, and the event is as that clause says
                for c in sentence.children(gov):
                    if c.deprel in ("xcomp", "advcl") and c.id > w.id \
                            and any(m.lemma_lower in lex.infinitive_mark for m in sentence.children_by(c, "mark")):
                        mode = clause_modality(sentence, c, lex)
                        if mode != ASSERTED:
                            return mode
            return clause_modality(sentence, gov, lex)
        return ASSERTED
    return clause_modality(sentence, w, lex)


def recode(code: str | None, mode: str, ontology) -> str | None:
    """The code of an act with modality ``mode``: itself when asserted; its intent when planned
    (``> 04 036``: "will meet" is 036); a threat when a hostile act is conditional (``? 19 138``)
    or planned; nothing when only possible, or conditional and not hostile."""
    if code is None or mode == ASSERTED:
        return code
    if mode == POSSIBLE:
        return None
    if mode == CONDITIONAL:
        return ontology.threat_of(code)
    return ontology.intent_of(code) or ontology.threat_of(code) or code
