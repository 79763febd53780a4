"""The coder on dependency graphs: hand-written UD parses (v1 and v2 labels) and real stanza parses."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventcoder.coder import Coder
from eventcoder.conllu import parse_conllu_lines
from eventcoder.dictionaries import load_dictionaries

FIXTURES = Path(__file__).parent / "fixtures" / "dictionaries"


@pytest.fixture(scope="module")
def small_coder():
    d = load_dictionaries(FIXTURES)
    assert not d.problems
    return Coder(d)


def conllu(rows: str, date: str = "2020-10-08") -> "Sentence":
    """Rows as 'form lemma UPOS head deprel', one word a line."""
    lines = [f"# doc_id = d1", f"# date = {date}"]
    for i, row in enumerate(r for r in rows.strip().splitlines() if r.strip()):
        form, lemma, upos, head, rel = row.split()
        lines.append("\t".join([str(i + 1), form, lemma, upos, "_", "_", head, rel, "_", "_"]))
    [sentence] = list(parse_conllu_lines(lines + [""], "test"))
    return sentence


def triples(coder, sentence):
    return sorted((e.source.code, e.code, e.target.code) for e in coder.code(sentence))


def test_subject_verb_object_with_leader_and_reported_clause(small_coder):
    s = conllu("""
        Syrian Syrian ADJ 4 amod
        President president PROPN 4 compound
        Bashar Bashar PROPN 4 compound
        Assad Assad PROPN 5 nsubj
        accused accuse VERB 0 root
        Turkey Turkey PROPN 5 obj
        of of SCONJ 8 mark
        attacking attack VERB 5 advcl
        Armenia Armenia PROPN 8 obj
        . . PUNCT 5 punct
    """)
    # the accusation, and the attack it reports with Turkey (the accused) as its subject
    assert triples(small_coder, s) == [("SYRGOV", "112", "TUR"), ("TUR", "190", "ARM")]
    [accuse] = [e for e in small_coder.code(s) if e.code == "112"]
    assert accuse.source.text.endswith("Bashar Assad")
    assert "Assad" in accuse.explain() and "accuse" in accuse.explain()


def test_leader_code_follows_the_story_date(small_coder):
    rows = """
        Erdogan Erdogan PROPN 2 nsubj
        criticized criticize VERB 0 root
        France France PROPN 2 obj
    """
    assert triples(small_coder, conllu(rows, "2020-10-08")) == [("TURGOV", "111", "FRA")]
    assert triples(small_coder, conllu(rows, "1999-01-01")) == []  # not yet in office, no code


def test_passive_voice_takes_the_by_agent_as_source(small_coder):
    s = conllu("""
        Turkey Turkey PROPN 3 nsubj:pass
        was be AUX 3 aux:pass
        accused accuse VERB 0 root
        by by ADP 5 case
        Russia Russia PROPN 3 obl:agent
    """)
    assert triples(small_coder, s) == [("RUS", "112", "TUR")]


def test_coordinated_actors_give_one_event_each(small_coder):
    s = conllu("""
        Armenia Armenia PROPN 4 nsubj
        and and CCONJ 3 cc
        Azerbaijan Azerbaijan PROPN 1 conj
        accused accuse VERB 0 root
        Turkey Turkey PROPN 4 obj
        and and CCONJ 7 cc
        Russia Russia PROPN 5 conj
    """)
    assert triples(small_coder, s) == [("ARM", "112", "RUS"), ("ARM", "112", "TUR"),
                                       ("AZE", "112", "RUS"), ("AZE", "112", "TUR")]


def test_country_adjective_plus_agent_and_capital_metonym(small_coder):
    s = conllu("""
        The the DET 3 det
        Turkish Turkish ADJ 3 amod
        army army NOUN 4 nsubj
        attacked attack VERB 0 root
        Yerevan Yerevan PROPN 4 obj
    """)
    assert triples(small_coder, s) == [("TURMIL", "190", "ARMGOV")]
    [e] = small_coder.code(s)
    assert (e.source.country, e.source.agent) == ("TUR", "MIL")


def test_negated_verb_yields_no_event_v2_and_v1(small_coder):
    v2 = conllu("""
        Russia Russia PROPN 4 nsubj
        did do AUX 4 aux
        not not PART 4 advmod
        criticize criticize VERB 0 root
        Turkey Turkey PROPN 4 obj
    """)
    v1 = conllu("""
        Russia Russia PROPN 4 nsubj
        did do AUX 4 aux
        not not PART 4 neg
        criticize criticize VERB 0 root
        Turkey Turkey PROPN 4 dobj
    """)
    assert triples(small_coder, v2) == [] and triples(small_coder, v1) == []


def test_ud_v1_labels_dobj_nmod_name(small_coder):
    s = conllu("""
        Bashar Bashar PROPN 2 name
        Assad Assad PROPN 3 nsubj
        restored restore VERB 0 root
        ties tie NOUN 3 dobj
        with with ADP 6 case
        France France PROPN 3 nmod
    """)
    assert triples(small_coder, s) == [("SYRGOV", "064", "FRA")]
    [e] = small_coder.code(s)
    assert e.pattern is not None and "&TIES" in e.pattern.text


def test_pattern_prepositional_target_and_default_when_no_pattern(small_coder):
    s = conllu("""
        France France PROPN 2 nsubj
        imposed impose VERB 0 root
        sanctions sanction NOUN 2 obj
        on on ADP 5 case
        Syria Syria PROPN 2 obl
    """)
    assert triples(small_coder, s) == [("FRA", "163", "SYR")]
    # "restore" has [---] as default: without its pattern's object there is no event
    s2 = conllu("""
        France France PROPN 2 nsubj
        restored restore VERB 0 root
        order order NOUN 2 obj
        in in ADP 5 case
        Syria Syria PROPN 2 obl
    """)
    assert triples(small_coder, s2) == []


def test_object_control_in_clausal_complement(small_coder):
    s = conllu("""
        France France PROPN 2 nsubj
        held hold VERB 0 root
        talks talk NOUN 2 obj
        with with ADP 5 case
        Armenia Armenia PROPN 3 nmod
    """)
    assert triples(small_coder, s) == [("FRA", "043", "ARM")]


def test_appositive_name_and_relational_head(small_coder):
    # "The head of Russia's foreign intelligence, Sergei Naryshkin, accused Turkey"
    s = conllu("""
        The the DET 2 det
        head head NOUN 11 nsubj
        of of ADP 7 case
        Russia Russia PROPN 7 nmod:poss
        's 's PART 4 case
        foreign foreign ADJ 7 amod
        intelligence intelligence NOUN 2 nmod
        , , PUNCT 9 punct
        Sergei Sergei PROPN 10 flat
        Naryshkin Naryshkin PROPN 2 appos
        accused accuse VERB 0 root
        Turkey Turkey PROPN 11 obj
    """)
    assert triples(small_coder, s) == [("RUSSPY", "112", "TUR")]


def test_event_noun_with_possessive_source(small_coder):
    s = conllu("""
        Turkey Turkey PROPN 3 nmod:poss
        's 's PART 1 case
        attack attack NOUN 6 nsubj
        on on ADP 5 case
        Armenia Armenia PROPN 3 nmod
        failed fail VERB 0 root
    """)
    assert triples(small_coder, s) == [("TUR", "190", "ARM")]


def test_discarded_sentence_is_not_coded(small_coder):
    s = conllu("""
        Turkey Turkey PROPN 2 nsubj
        attacked attack VERB 0 root
        Armenia Armenia PROPN 2 obj
        in in ADP 5 case
        football football NOUN 2 obl
    """)
    assert triples(small_coder, s) == []


def test_no_self_events_and_no_actor_from_outside_the_text(small_coder):
    s = conllu("""
        Turkey Turkey PROPN 2 nsubj
        criticized criticize VERB 0 root
        Ankara Ankara PROPN 2 obj
    """)
    assert triples(small_coder, s) == [("TUR", "111", "TURGOV")]
    s2 = conllu("""
        He he PRON 2 nsubj
        criticized criticize VERB 0 root
        Turkey Turkey PROPN 2 obj
    """)
    assert triples(small_coder, s2) == []


# -- the real stanza pipeline on real sentences ------------------------------------------------


def test_real_parse_accusation_with_leaders(parse_text, small_coder):
    sents = parse_text("Syrian President Bashar Assad accused his Turkish counterpart Recep Tayyip Erdogan "
                       "on Tuesday of igniting a conflict between Armenia and Azerbaijan.")
    got = {(e.source.code, e.code, e.target.code) for s in sents for e in small_coder.code(s)}
    assert ("SYRGOV", "112", "TURGOV") in got
    codes = {c for t in got for c in (t[0], t[2])}
    assert codes <= {"SYRGOV", "TURGOV", "ARM", "AZE"}


def test_real_parse_passive_and_agent_combination(parse_text, small_coder):
    sents = parse_text("The Turkish army attacked Armenian positions. Turkey was criticized by France.")
    got = {(e.source.code, e.code, e.target.code) for s in sents for e in small_coder.code(s)}
    assert ("FRA", "111", "TUR") in got
    assert all(src != "TUR" or code != "111" for src, code, _ in got)
