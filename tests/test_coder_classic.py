"""The coder with classic PETRARCH dictionaries (tests/fixtures/petrarch, written for these tests):
verb forms, compound and swapped codes, multi-word verbs, '+'/'$' slots, negation through the
internal ontology, agents with and without a country."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventcoder.coding.coder import Coder
from eventcoder.io.conllu import parse_conllu_lines
from eventcoder.dictionaries.petrarch import load_petrarch_dictionaries

FIX = Path(__file__).resolve().parent / "fixtures" / "petrarch"


@pytest.fixture(scope="module")
def coder():
    d = load_petrarch_dictionaries(FIX, verbs="verbs.txt", actors="actors.txt", agents="agents.txt",
                                   discards="discards.txt", issues=[], ontology="ontology.txt", cache=False)
    return Coder(d)


def parse(rows: str):
    """Rows 'word lemma UPOS head deprel', one per line."""
    lines = []
    for i, row in enumerate(r for r in rows.strip().splitlines() if r.strip()):
        word, lemma, upos, head, rel = row.split()
        lines.append("\t".join([str(i + 1), word, lemma, upos, "_", "_", head, rel, "_", "_"]))
    (s,) = parse_conllu_lines(lines, "test", default_doc="t", default_date=dt.date(1933, 3, 1))
    return s


def parse_story(sentences: list[str]):
    """A story of sentences written 'word lemma UPOS head deprel|...', one string each."""
    lines = ["# doc_id = s", "# date = 1933-03-01"]
    for n, rows in enumerate(sentences, 1):
        lines.append(f"# sent_id = {n}")
        for i, row in enumerate(rows.split("|"), 1):
            word, lemma, upos, head, rel = row.split()
            lines.append("\t".join([str(i), word, lemma, upos, "_", "_", head, rel, "_", "_"]))
        lines.append("")
    return list(parse_conllu_lines(lines, "test"))


def triples(coder, rows):
    return sorted((e.source.code, e.target.code, e.code) for e in coder.code(parse(rows)))


def test_surface_form_beats_a_lemmatiser_slip(coder):
    rows = """
    Freedonia Freedonia PROPN 2 nsubj
    criticised criticis VERB 0 root
    Sylvania Sylvania PROPN 2 dobj
    """
    assert triples(coder, rows) == [("FRE", "SYL", "111")]


def test_paired_default_and_compound(coder):
    assert triples(coder, """
    Freedonia Freedonia PROPN 2 nsubj
    met meet VERB 0 root
    Sylvania Sylvania PROPN 2 dobj
    """) == [("FRE", "SYL", "040"), ("SYL", "FRE", "040")]
    # '- % * [046]': coordinated subjects act on each other
    assert triples(coder, """
    Freedonia Freedonia PROPN 4 nsubj
    and and CCONJ 3 cc
    Sylvania Sylvania PROPN 1 conj
    met meet VERB 0 root
    """) == [("FRE", "SYL", "046"), ("SYL", "FRE", "046")]


def test_swapped_only_code(coder):
    # '- * (AT SUMMIT) [:043]': only the swapped event
    assert triples(coder, """
    Freedonia Freedonia PROPN 2 nsubj
    met meet VERB 0 root
    Sylvania Sylvania PROPN 2 dobj
    at at ADP 6 case
    the the DET 6 det
    summit summit NOUN 2 nmod
    """) == [("SYL", "FRE", "043")]


def test_a_planned_visit_is_the_visitor_s_intent_only(coder):
    # '[042:043]': a visit made is the host's hosting too; in a story a planned one is the
    # visitor's intent (036), not yet the host's act
    made = "Freedonia Freedonia PROPN 2 nsubj|visited visit VERB 0 root|Sylvania Sylvania PROPN 2 obj"
    planned = "Freedonia Freedonia PROPN 3 nsubj|will will AUX 3 aux|visit visit VERB 0 root|Sylvania Sylvania PROPN 3 obj"
    events = coder.code_story(parse_story([made, planned]))
    assert sorted((e.sentence.sentence_id, e.source.code, e.target.code, e.code) for e in events) == [
        (1, "FRE", "SYL", "042"), (1, "SYL", "FRE", "043"), (2, "FRE", "SYL", "036")]


def test_in_a_story_the_news_parse_repairs_apply_a_single_sentence_is_read_as_parsed(coder):
    # "Freedonia attacked the Sylvania Monday", the day parsed as the object's head
    rows = "Freedonia Freedonia PROPN 2 nsubj|attacked attack VERB 0 root|the the DET 4 det|" \
           "Sylvania Sylvania PROPN 5 compound|Monday Monday PROPN 2 obj"
    [s] = parse_story([rows])
    assert [(e.source.code, e.target.code, e.code) for e in coder.code_story([s])] == [("FRE", "SYL", "190")]
    in_story = coder.analyse(s).sentence
    assert (in_story.word(4).deprel, in_story.word(5).deprel) == ("obj", "obl:tmod")
    assert coder.rules.repaired(coder, s) is s  # a validation record keeps its parse


def test_in_a_story_a_statement_to_the_media_is_no_event(coder):
    # GAZETTE is [MED] in the test dictionaries ('MED' is also a region code in some sets)
    rows = "Freedonia Freedonia PROPN 2 nsubj|declared declare VERB 0 root|to to ADP 4 case|Gazette Gazette PROPN 2 obl"
    [s] = parse_story([rows])
    assert coder.code_story([s]) == []
    assert [(e.source.code, e.target.code) for e in coder.code(s)] == [("FRE", "MED")]  # a record keeps it


def test_in_a_story_a_negotiation_is_coded_both_ways(coder):
    rows = "Freedonia Freedonia PROPN 2 nsubj|negotiated negotiate VERB 0 root|with with ADP 4 case|Sylvania Sylvania PROPN 2 obl"
    [s] = parse_story([rows])
    assert sorted((e.source.code, e.target.code, e.code) for e in coder.code_story([s])) == [
        ("FRE", "SYL", "046"), ("SYL", "FRE", "046")]
    # a validation record: as the dictionaries name the sides
    assert [(e.source.code, e.target.code) for e in coder.code(s)] == [("FRE", "SYL")]
    # a paired code the same both ways is written once each way
    met = "Freedonia Freedonia PROPN 2 nsubj|met meet VERB 0 root|Sylvania Sylvania PROPN 2 obj"
    assert sorted((e.source.code, e.target.code, e.code) for e in coder.code_story(parse_story([met]))) == [
        ("FRE", "SYL", "040"), ("SYL", "FRE", "040")]


def test_multiword_verb_with_particle(coder):
    # +SIT_DOWN in the MEET block: the block's code [040:040]
    rows = """
    Freedonia Freedonia PROPN 2 nsubj
    sat sit VERB 0 root
    down down ADP 2 compound:prt
    with with ADP 5 case
    Sylvania Sylvania PROPN 2 nmod
    """
    assert triples(coder, rows) == [("FRE", "SYL", "040"), ("SYL", "FRE", "040")]
    # without the particle, 'sit' is no event verb
    assert triples(coder, rows.replace("down down ADP 2 compound:prt", "still still ADV 2 advmod")) == []


def test_subject_target_and_source_phrase(coder):
    # '- + * (FROM $) [195]': the subject is the target, the 'from' phrase the source
    assert triples(coder, """
    Sylvania Sylvania PROPN 3 nsubjpass
    was be AUX 3 auxpass
    attacked attack VERB 0 root
    from from ADP 5 case
    Freedonia Freedonia PROPN 3 nmod
    """) == [("FRE", "SYL", "195")]


def test_negation_through_the_internal_ontology(coder):
    # 010 is 0x1000; "not 010" is 0x1000 - 0xFFFF, which the ontology gives to 0111
    assert triples(coder, """
    Freedonia Freedonia PROPN 4 nsubj
    did do AUX 4 aux
    not not PART 4 neg
    declare declare VERB 0 root
    against against ADP 6 case
    Sylvania Sylvania PROPN 4 nmod
    """) == [("FRE", "SYL", "0111")]
    # 190 has no negated code: no event
    assert triples(coder, """
    Freedonia Freedonia PROPN 4 nsubj
    did do AUX 4 aux
    not not PART 4 neg
    attack attack VERB 0 root
    Sylvania Sylvania PROPN 4 dobj
    """) == []


def test_agents_prefix_and_unknown_country(coder):
    assert triples(coder, """
    The the DET 4 det
    Freedonian Freedonian ADJ 4 amod
    Peace peace PROPN 4 compound
    Corps corps PROPN 5 nsubj
    attacked attack VERB 0 root
    Sylvania Sylvania PROPN 5 dobj
    """) == [("NGOFRE", "SYL", "190")]
    assert triples(coder, """
    The the DET 2 det
    army army NOUN 3 nsubj
    attacked attack VERB 0 root
    Sylvania Sylvania PROPN 3 dobj
    """) == [("---MIL", "SYL", "190")]


def test_date_restricted_actor_code(coder):
    s = parse("""
    Firefly Firefly PROPN 2 nsubj
    criticized criticize VERB 0 root
    Sylvania Sylvania PROPN 2 dobj
    """)
    assert [e.source.code for e in coder.code(s)] == ["FREGOV"]
    s.doc_date = dt.date(1950, 1, 1)
    assert [e.source.code for e in coder.code(s)] == ["FREELI"]


def test_short_names_are_acronyms(coder):
    rows = """
    UN UN PROPN 2 nsubj
    met meet VERB 0 root
    Sylvania Sylvania PROPN 2 dobj
    """
    assert triples(coder, rows) == [("IGOUNO", "SYL", "040"), ("SYL", "IGOUNO", "040")]
    # "Un" in a name (or the pronoun "us" against "US") is no acronym
    assert triples(coder, rows.replace("UN UN PROPN", "Un Un PROPN")) == []


def test_possessive_left_on_the_token(coder):
    # a tokenizer that keeps "Freedonia's" whole still gives the country of the role
    assert triples(coder, """
    Sylvania Sylvania PROPN 2 nsubj
    criticized criticize VERB 0 root
    Freedonia's Freedonia's PROPN 4 compound
    army army NOUN 2 dobj
    """) == [("SYL", "FREMIL", "111")]


def test_a_story_gives_a_role_named_alone_its_country_and_drops_unknown_sides(coder):
    """Read as a story (news), a classic set's role named alone takes the story's country and an
    event with a side of no known country is not written; a single sentence (a validation record)
    keeps PETRARCH's '---' code."""
    sentences = [
        "Freedonia Freedonia PROPN 2 nsubj|attacked attack VERB 0 root|Sylvania Sylvania PROPN 2 dobj",
        "Freedonia Freedonia PROPN 2 nsubj|attacked attack VERB 0 root|Sylvania Sylvania PROPN 2 dobj",
        "Freedonia Freedonia PROPN 2 nsubj|condemned condemn VERB 0 root|Sylvania Sylvania PROPN 2 dobj",
        "The the DET 2 det|army army NOUN 3 nsubj|attacked attack VERB 0 root|Sylvania Sylvania PROPN 3 dobj",
    ]
    story = parse_story(sentences)
    last = [(e.source.code, e.target.code, e.code) for e in coder.code_story(story) if e.sentence.sentence_id == 4]
    assert last == [("FREMIL", "SYL", "190")]  # "the army" of a story about Freedonia
    assert [(e.source.code, e.target.code) for e in coder.code(story[3])] == [("---MIL", "SYL")]


def test_in_a_story_the_place_an_act_happens_in_is_not_its_target(coder):
    """News read as a story: "met in Sylvania" is no meeting with Sylvania; force used in a place is
    against it, and a single sentence (a validation record) keeps PETRARCH's reading."""
    sentences = [
        "Freedonia Freedonia PROPN 2 nsubj|met meet VERB 0 root|in in ADP 4 case|Sylvania Sylvania PROPN 2 obl",
        "Freedonia Freedonia PROPN 2 nsubj|attacked attack VERB 0 root|in in ADP 4 case|Sylvania Sylvania PROPN 2 obl",
    ]
    met, attacked = parse_story(sentences)
    in_story = [(e.sentence.sentence_id, e.source.code, e.target.code) for e in coder.code_story([met, attacked])]
    assert in_story == [(2, "FRE", "SYL")]
    assert [(e.source.code, e.target.code) for e in coder.code(met)][:1] == [("FRE", "SYL")]


def test_in_a_story_a_place_inside_the_target_phrase_is_not_the_target(coder):
    """News read as a story: "negotiated at the conference in Sylvania" names where, not with whom;
    a role in a place is still that place's ("the police in Sylvania"); a validation record keeps
    PETRARCH's reading of 'in'."""
    sentences = [
        "Freedonia Freedonia PROPN 2 nsubj|negotiated negotiate VERB 0 root|at at ADP 5 case|the the DET 5 det|"
        "conference conference NOUN 2 obl|in in ADP 7 case|Sylvania Sylvania PROPN 5 nmod",
        "Freedonia Freedonia PROPN 2 nsubj|negotiated negotiate VERB 0 root|with with ADP 5 case|the the DET 5 det|"
        "police police NOUN 2 obl|in in ADP 7 case|Sylvania Sylvania PROPN 5 nmod",
    ]
    venue, role = parse_story(sentences)
    assert coder.code_story([venue]) == []
    assert [(e.source.code, e.target.code) for e in coder.code(venue)] == [("FRE", "SYL")]
    assert sorted((e.source.code, e.target.code) for e in coder.code_story([role])) == [
        ("FRE", "SYLCOP"), ("SYLCOP", "FRE")]


def test_in_a_story_joined_subjects_of_a_mutual_act_act_with_each_other(coder):
    rows = "Freedonia Freedonia PROPN 4 nsubj|and and CCONJ 3 cc|Sylvania Sylvania PROPN 1 conj|negotiated negotiate VERB 0 root"
    [s] = parse_story([rows])
    assert sorted((e.source.code, e.target.code, e.code) for e in coder.code_story([s])) == [
        ("FRE", "SYL", "046"), ("SYL", "FRE", "046")]
    assert coder.code(s) == []  # a validation record: no target, no event


def test_in_a_story_a_name_modifying_an_abstract_noun_is_no_actor(coder):
    """"the Sylvania economy", "Sylvanian dollars" say what about, not who (lexicon ``abstract``);
    a validation record keeps PETRARCH's reading."""
    rows = "Freedonia Freedonia PROPN 2 nsubj|criticised criticize VERB 0 root|the the DET 5 det|" \
           "Sylvanian Sylvanian ADJ 5 amod|economy economy NOUN 2 obj"
    [s] = parse_story([rows])
    assert coder.code_story([s]) == []
    assert [(e.source.code, e.target.code) for e in coder.code(s)] == [("FRE", "SYL")]


def test_he_after_a_person_the_dictionaries_do_not_know_is_not_someone_named_before(coder):
    first = "The the DET 3 det|Freedonian Freedonian ADJ 3 amod|spokesman spokesman NOUN 4 nsubj|" \
            "criticised criticize VERB 0 root|Sylvania Sylvania PROPN 4 obj"
    unknown = "Smith Smith PROPN 2 nsubj|arrived arrive VERB 0 root"
    again = "He he PRON 2 nsubj|criticised criticize VERB 0 root|Sylvania Sylvania PROPN 2 obj"
    coded = [(e.sentence.sentence_id, e.source.code, e.target.code) for e in coder.code_story(parse_story([first, again]))]
    assert coded == [(1, "FREGOV", "SYL"), (2, "FREGOV", "SYL")]
    coded = [(e.sentence.sentence_id, e.source.code, e.target.code)
             for e in coder.code_story(parse_story([first, unknown, again]))]
    assert coded == [(1, "FREGOV", "SYL")]


def test_in_a_story_joined_subjects_of_a_joint_act_act_with_each_other(coder):
    # RESTORE [050]: a cooperative act (CAMEO class 'joint') with no target
    rows = "Freedonia Freedonia PROPN 4 nsubj|and and CCONJ 3 cc|Sylvania Sylvania PROPN 1 conj|restored restore VERB 0 root"
    [s] = parse_story([rows])
    assert sorted((e.source.code, e.target.code, e.code) for e in coder.code_story([s])) == [
        ("FRE", "SYL", "050"), ("SYL", "FRE", "050")]


def test_in_a_story_both_sides_are_the_story_s_two_sides(coder):
    sentences = [
        "Freedonia Freedonia PROPN 2 nsubj|attacked attack VERB 0 root|Sylvania Sylvania PROPN 2 obj",
        "UN UN PROPN 2 nsubj|criticized criticize VERB 0 root|both both DET 4 det|sides side NOUN 2 obj",
    ]
    story = parse_story(sentences)
    last = sorted((e.source.code, e.target.code) for e in coder.code_story(story) if e.sentence.sentence_id == 2)
    assert last == [("IGOUNO", "FRE"), ("IGOUNO", "SYL")]
    assert coder.code(story[1]) == []  # a validation record: "both sides" are no one


def test_in_a_story_a_statement_that_an_actor_should_act_is_an_appeal_to_it(coder):
    rows = "Freedonia Freedonia PROPN 2 nsubj|declared declare VERB 0 root|Sylvania Sylvania PROPN 5 nsubj|" \
           "should should AUX 5 aux|leave leave VERB 2 ccomp"
    [s] = parse_story([rows])
    assert [(e.source.code, e.target.code, e.code) for e in coder.code_story([s])] == [("FRE", "SYL", "020")]
    assert [(e.source.code, e.target.code, e.code) for e in coder.code(s)] == [("FRE", "SYL", "010")]  # a record
