"""Rules for real news on hand-written UD parses of made-up sentences: modality (planned,
conditional, possible acts), mutual acts coded both ways, one-sided events, and the story context
(names given earlier, pronouns, the story's country).  Rows: 'form lemma UPOS XPOS head deprel'."""
from __future__ import annotations

import pytest

from eventcoder.coding.coder import Coder
from eventcoder.io.conllu import parse_conllu_lines


def story(*sentences: str, date: str = "2006-11-20"):
    lines = ["# doc_id = story", f"# date = {date}"]
    for n, rows in enumerate(sentences, 1):
        lines.append(f"# sent_id = {n}")
        for i, row in enumerate(r for r in rows.strip().splitlines() if r.strip()):
            form, lemma, upos, xpos, head, rel = row.split()
            lines.append("\t".join([str(i + 1), form, lemma, upos, xpos, "_", head, rel, "_", "_"]))
        lines.append("")
    return list(parse_conllu_lines(lines, "test"))


def about_place(place: str):
    """Three sentences about one place ("Police searched Berlin"): a story about its country."""
    return story(*[f"""
        Police police NOUN NN 2 nsubj
        searched search VERB VBD 0 root
        {place} {place} PROPN NNP 2 obj
    """] * 3)


def triples(events):
    return sorted((e.source.code, e.code, e.target.code) for e in events)


@pytest.fixture(scope="module")
def coder(dictionaries):
    return Coder(dictionaries)


PUTIN_WILL_MEET = """
    Putin Putin PROPN NNP 3 nsubj
    will will AUX MD 3 aux
    meet meet VERB VB 0 root
    Bush Bush PROPN NNP 3 obj
    on on ADP IN 6 case
    Friday Friday PROPN NNP 3 obl
"""


def test_a_planned_meeting_is_the_intent_to_meet_both_ways(coder):
    [s] = story(PUTIN_WILL_MEET)
    assert triples(coder.code(s)) == [("RUSGOV", "036", "USAGOV"), ("USAGOV", "036", "RUSGOV")]
    assert {e.modality for e in coder.code(s)} == {"future"}
    [done] = story("""
        Putin Putin PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        Bush Bush PROPN NNP 2 obj
    """)
    # the same meeting asserted as done: consultations, both ways
    assert [t[1] for t in triples(coder.code(done))] == ["040", "040"]


def test_is_to_and_intent_verbs_plan_the_act(coder):
    [is_to] = story("""
        Putin Putin PROPN NNP 4 nsubj
        is be AUX VBZ 4 cop
        to to PART TO 4 mark
        meet meet VERB VB 0 root
        Bush Bush PROPN NNP 4 obj
    """)
    assert {e.code for e in coder.code(is_to)} == {"036"}
    [agreed] = story("""
        Iran Iran PROPN NNP 2 nsubj
        agreed agree VERB VBD 0 root
        to to PART TO 4 mark
        release release VERB VB 2 xcomp
        British British ADJ JJ 6 amod
        sailors sailor NOUN NNS 4 obj
    """)
    codes = {(e.source.code, e.code, e.target.code) for e in coder.code(agreed) if e.anchor.lemma == "release"}
    assert codes and all(c.startswith("035") for _, c, _ in codes), codes  # the intent to release


def test_a_conditional_attack_is_a_threat_and_a_possible_act_no_event(coder):
    [would] = story("""
        Iran Iran PROPN NNP 3 nsubj
        would would AUX MD 3 aux
        attack attack VERB VB 0 root
        Israel Israel PROPN NNP 3 obj
        if if SCONJ IN 7 mark
        it it PRON PRP 7 nsubj
        struck strike VERB VBD 3 advcl
    """)
    assert ("IRN", "138", "ISR") in triples(coder.code(would))
    [could] = story("""
        Russia Russia PROPN NNP 3 nsubj
        could could AUX MD 3 aux
        attack attack VERB VB 0 root
        Georgia Georgia PROPN NNP 3 obj
    """)
    assert triples(coder.code(could)) == []


def test_reported_would_is_the_future_seen_from_the_past(coder):
    [s] = story("""
        Officials official NOUN NNS 2 nsubj
        said say VERB VBD 0 root
        Putin Putin PROPN NNP 5 nsubj
        would would AUX MD 5 aux
        meet meet VERB VB 2 ccomp
        Bush Bush PROPN NNP 5 obj
    """)
    assert ("RUSGOV", "036", "USAGOV") in triples(coder.code(s))


def test_one_sided_events_only_for_an_unnamed_side(dictionaries):
    [bomb] = story("""
        A a DET DT 3 det
        car car NOUN NN 3 compound
        bomb bomb NOUN NN 4 nsubj
        attacked attack VERB VBD 0 root
        the the DET DT 7 det
        French French ADJ JJ 7 amod
        consulate consulate NOUN NN 4 obj
    """)
    assert triples(Coder(dictionaries).code(bomb)) == [("", "190", "FRAGOV")]
    [e] = Coder(dictionaries).code(bomb)
    assert e.one_sided
    assert Coder(dictionaries, one_sided=False).code(bomb) == []  # --dyadic-only
    # a name the dictionaries do not know is a named side: no one-sided event
    [kim] = story("""
        Kimura Kimura PROPN NNP 2 nsubj
        attacked attack VERB VBD 0 root
        the the DET DT 5 det
        French French ADJ JJ 5 amod
        consulate consulate NOUN NN 2 obj
    """)
    assert Coder(dictionaries).code(kim) == []


def test_a_name_given_in_full_codes_its_later_mentions(coder):
    sentences = story("""
        US US PROPN NNP 2 compound
        negotiator negotiator NOUN NN 5 nsubj
        Christopher Christopher PROPN NNP 2 appos
        Hill Hill PROPN NNP 3 flat
        criticised criticise VERB VBD 0 root
        Syria Syria PROPN NNP 5 obj
    """, """
        Hill Hill PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Iran Iran PROPN NNP 2 obj
    """)
    events = coder.code_story(sentences)
    later = [e for e in events if e.sentence.sentence_id == 2]
    assert triples(later) == [("USAGOV", "111", "IRN")]
    assert later[0].source.basis == "alias"
    # read on its own, the second sentence names nobody the dictionaries know
    assert coder.code(sentences[1]) == []


def test_a_described_organisation_noun_stands_for_the_organisation_named_before(coder):
    sentences = story("""
        The the DET DT 3 det
        African African ADJ JJ 3 amod
        Union Union PROPN NNP 4 nsubj
        criticised criticise VERB VBD 0 root
        Sudan Sudan PROPN NNP 4 obj
    """, """
        The the DET DT 3 det
        pan-African pan-African ADJ JJ 3 amod
        body body NOUN NN 4 nsubj
        criticised criticise VERB VBD 0 root
        Chad Chad PROPN NNP 4 obj
    """, """
        Police police NOUN NNS 2 nsubj
        found find VERB VBD 0 root
        the the DET DT 4 det
        body body NOUN NN 2 obj
    """)
    events = coder.code_story(sentences)
    later = [e for e in events if e.sentence.sentence_id == 2]
    assert triples(later) == [("IGOAFROAU", "111", "TCD")]
    assert later[0].source.text == "pan-African body"
    # an organisation noun with no description is not one ("found the body")
    assert [e for e in events if e.sentence.sentence_id == 3] == []
    # read on its own, "the pan-African body" is no one
    assert coder.code(sentences[1]) == []


def test_an_acronym_given_with_a_name_stands_for_it_later(coder):
    sentences = story("""
        The the DET DT 4 det
        Ugandan Ugandan ADJ JJ 4 amod
        Kivu Kivu PROPN NNP 4 compound
        Army Army PROPN NNP 8 nsubj
        ( ( PUNCT -LRB- 6 punct
        FKA FKA PROPN NNP 4 appos
        ) ) PUNCT -RRB- 6 punct
        attacked attack VERB VBD 0 root
        Kenya Kenya PROPN NNP 8 obj
    """, """
        FKA FKA PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Kenya Kenya PROPN NNP 2 obj
    """)
    events = coder.code_story(sentences)
    named = [e.source for e in events if e.sentence.sentence_id == 1]
    later = [e for e in events if e.sentence.sentence_id == 2]
    assert [s.code for s in named] == ["UGAMIL"]
    assert triples(later) == [("UGAMIL", "111", "KEN")]
    assert later[0].source.basis == "alias"
    # read on its own, the acronym is no one
    assert coder.code(sentences[1]) == []


def test_an_acronym_in_brackets_after_a_name_stands_for_it_however_it_is_parsed(coder):
    # the parser hangs the acronym as a conjunct of the name's last word, not in apposition
    sentences = story("""
        Kenya Kenya PROPN NNP 2 nsubj
        attacked attack VERB VBD 0 root
        the the DET DT 4 det
        Union Union PROPN NNP 2 obj
        of of ADP IN 7 case
        Islamic Islamic ADJ JJ 7 amod
        Courts Courts PROPN NNPS 4 nmod
        ( ( PUNCT -LRB- 9 punct
        UXC UXC PROPN NNP 7 conj
        ) ) PUNCT -RRB- 9 punct
    """, """
        UXC UXC PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Kenya Kenya PROPN NNP 2 obj
    """)
    later = [e for e in coder.code_story(sentences) if e.sentence.sentence_id == 2]
    assert triples(later) == [("SOMREB", "111", "KEN")]


def test_the_name_given_with_a_role_held_names_the_phrase(coder):
    # "His predecessor as foreign minister, Sergei Lavrov, criticised Iran" (the parser hangs the
    # name on the role)
    [s] = story("""
        His his PRON PRP$ 2 nmod:poss
        predecessor predecessor NOUN NN 10 nsubj
        as as ADP IN 5 case
        foreign foreign ADJ JJ 5 amod
        minister minister NOUN NN 2 nmod
        , , PUNCT , 7 punct
        Sergei Sergei PROPN NNP 5 appos
        Lavrov Lavrov PROPN NNP 7 flat
        , , PUNCT , 7 punct
        criticised criticise VERB VBD 0 root
        Iran Iran PROPN NNP 10 obj
    """)
    [e] = coder.code(s)
    assert (e.source.code, e.code, e.target.code) == ("RUSGOV", "111", "IRN")
    assert "Lavrov" in e.source.text


def test_an_attack_saying_something_is_an_attack_in_words(coder):
    rows = """
        Lavrov Lavrov PROPN NNP 2 nsubj
        attacked attack VERB VBD 0 root
        the the DET DT 4 det
        OSCE OSCE PROPN NNP 2 obj
        , , PUNCT , 6 punct
        saying say VERB VBG 2 advcl
        it it PRON PRP 8 nsubj
        lacked lack VERB VBD 6 ccomp
        balance balance NOUN NN 8 obj
    """
    [s] = story(rows)
    assert triples(coder.code(s)) == [("RUSGOV", "111", "IGOEURSCE")]
    # without what was said, an attack is force
    [plain] = story("\n".join(rows.strip().splitlines()[:4]))
    assert triples(coder.code(plain)) == [("RUSGOV", "190", "IGOEURSCE")]


def test_an_object_pronoun_is_not_its_clause_s_subject_and_stands_for_an_object(coder):
    met, praised = story("""
        Obama Obama PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        Putin Putin PROPN NNP 2 obj
    """, """
        Merkel Merkel PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        him he PRON PRP 2 obj
    """, date="2010-06-01")
    later = [e for e in coder.code_story([met, praised]) if e.sentence.sentence_id == 2]
    # "him" is the one Obama met, not Obama (objects stand for objects), and never Merkel
    assert triples(later) == [("DEUGOV", "111", "RUSGOV")]
    [s] = story("""
        Obama Obama PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        Putin Putin PROPN NNP 2 obj
        , , PUNCT , 5 punct
        praising praise VERB VBG 2 advcl
        him he PRON PRP 5 obj
    """, date="2010-06-01")
    # in its own sentence, the name before it that is not the subject of its clause
    assert ("USAGOV", "051", "RUSGOV") in triples(coder.code_story([s]))


def test_beating_a_team_is_no_assault_beating_protesters_is(coder):
    [sport] = story("""
        Brazil Brazil PROPN NNP 2 nsubj
        beat beat VERB VBD 0 root
        Mongolia Mongolia PROPN NNP 2 obj
        2-0 2-0 NUM CD 2 obj
    """)
    assert coder.code(sport) == []
    [police] = story("""
        Egyptian Egyptian ADJ JJ 2 amod
        police police NOUN NN 3 nsubj
        beat beat VERB VBD 0 root
        Sudanese Sudanese ADJ JJ 5 amod
        protesters protester NOUN NNS 3 obj
    """)
    assert triples(coder.code(police)) == [("EGYCOP", "182", "SDNOPP")]


def test_what_was_said_is_no_order_to_do_it(coder):
    # "said he would leave" is no expulsion; "told him to leave" is one
    [said] = story("""
        Putin Putin PROPN NNP 2 nsubj
        said say VERB VBD 0 root
        he he PRON PRP 5 nsubj
        would would AUX MD 5 aux
        leave leave VERB VB 2 ccomp
        Georgia Georgia PROPN NNP 5 obj
    """, date="2006-11-20")
    assert [e.code for e in coder.code(said) if e.code == "174"] == []
    [told] = story("""
        Putin Putin PROPN NNP 2 nsubj
        told tell VERB VBD 0 root
        Saakashvili Saakashvili PROPN NNP 2 obj
        to to PART TO 5 mark
        leave leave VERB VB 2 xcomp
    """, date="2006-11-20")
    assert triples(coder.code(told)) == [("RUSGOV", "174", "GEOGOV")]


def test_a_surname_of_a_dictionary_name_the_tagger_split_names_the_person_later(coder):
    # "Lee Hae-chan" with "chan" tagged as a common noun: "Lee" alone later is still him
    sentences = story("""
        Lee Lee PROPN NNP 4 compound
        Hae Hae PROPN NNP 1 flat
        - - PUNCT HYPH 2 punct
        chan chan NOUN NN 5 nsubj
        criticised criticise VERB VBD 0 root
        Japan Japan PROPN NNP 5 obj
    """, """
        Lee Lee PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        China China PROPN NNP 2 obj
    """, date="2005-11-26")
    later = [e for e in coder.code_story(sentences) if e.sentence.sentence_id == 2]
    assert triples(later) == [("KORGOV", "111", "CHN")]


def test_a_name_with_a_possessive_written_as_its_own_token_matches(coder):
    # "Democratic People 's Republic of Korea": 's is a token of its own; the name is North Korea's
    [s] = story("""
        China China PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        the the DET DT 7 det
        Democratic Democratic ADJ JJ 5 amod
        People People PROPN NNPS 7 nmod:poss
        's 's PART POS 5 case
        Republic Republic PROPN NNP 2 obj
        of of ADP IN 9 case
        Korea Korea PROPN NNP 7 nmod
    """)
    assert triples(coder.code(s)) == [("CHN", "111", "PRK")]


def test_a_clause_controlled_by_a_verb_with_two_subjects_has_both(coder):
    # "Japan and visiting Russian ministers agreed to enhance cooperation", the coordination lost:
    # the parse gives 'agreed' two subjects; both act in 'enhance'
    [s] = story("""
        Japan Japan PROPN NNP 6 nsubj
        and and CCONJ CC 3 cc
        visiting visit VERB VBG 6 conj
        Russian Russian ADJ JJ 5 amod
        ministers minister NOUN NNS 6 nsubj
        agreed agree VERB VBD 0 root
        to to PART TO 8 mark
        enhance enhance VERB VB 6 advcl
        cooperation cooperation NOUN NN 8 obj
    """)
    assert triples(coder.code(s)) == [("JPN", "031", "RUSGOV"), ("RUSGOV", "031", "JPN")]


def test_pointing_the_finger_at_someone_is_an_accusation(coder):
    [s] = story("""
        Iraq Iraq PROPN NNP 2 nsubj
        pointed point VERB VBD 0 root
        the the DET DT 4 det
        finger finger NOUN NN 2 obj
        at at ADP IN 6 case
        Iran Iran PROPN NNP 2 obl
    """)
    assert triples(coder.code(s)) == [("IRQ", "112", "IRN")]


def test_promoting_cooperation_is_cooperation(coder):
    # wire copy's "agreed to promote cooperation", "foster ties": the intent to cooperate, both ways
    [s] = story("""
        China China PROPN NNP 4 nsubj
        and and CCONJ CC 3 cc
        Togo Togo PROPN NNP 1 conj
        agreed agree VERB VBD 0 root
        to to PART TO 6 mark
        promote promote VERB VB 4 xcomp
        cooperation cooperation NOUN NN 6 obj
    """)
    assert [t[1][:2] for t in triples(coder.code(s))] == ["03", "03"]
    assert {t[0] for t in triples(coder.code(s))} == {"CHN", "TGO"}


def test_saying_an_actor_should_act_is_an_appeal_to_it(coder):
    rows = """
        Russia Russia PROPN NNP 2 nsubj
        said say VERB VBD 0 root
        Georgia Georgia PROPN NNP 5 nsubj
        should should AUX MD 5 aux
        withdraw withdraw VERB VB 2 ccomp
    """
    [s] = story(rows)
    assert ("RUS", "020", "GEO") in triples(coder.code(s))
    # said it should: most often the speaker; said Georgia would: no appeal
    [it] = story(rows.replace("Georgia Georgia PROPN NNP 5 nsubj", "it it PRON PRP 5 nsubj"))
    assert [t for t in triples(coder.code(it)) if t[1] == "020"] == []
    [would] = story(rows.replace("should should AUX MD", "would would AUX MD"))
    assert [t for t in triples(coder.code(would)) if t[1] == "020"] == []


def test_a_pronoun_stands_for_the_person_named_before(coder):
    sentences = story("""
        Turkish Turkish ADJ JJ 2 amod
        President President PROPN NNP 4 compound
        Recep Recep PROPN NNP 4 compound
        Erdogan Erdogan PROPN NNP 5 nsubj
        arrived arrive VERB VBD 0 root
        in in ADP IN 7 case
        Baku Baku PROPN NNP 5 obl
    """, """
        He he PRON PRP 2 nsubj
        criticised criticise VERB VBD 0 root
        Armenia Armenia PROPN NNP 2 obj
    """, date="2020-10-08")
    events = [e for e in coder.code_story(sentences) if e.sentence.sentence_id == 2]
    assert triples(events) == [("TURGOV", "111", "ARM")]
    assert events[0].source.basis == "pronoun"


def test_a_role_without_a_country_takes_the_country_of_the_story(coder):
    sentences = story("""
        Denmark Denmark PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Iran Iran PROPN NNP 2 obj
    """, """
        Danish Danish ADJ JJ 2 amod
        troops troops NOUN NNS 3 nsubj
        left leave VERB VBD 0 root
        Iraq Iraq PROPN NNP 3 obj
    """, """
        The the DET DT 2 det
        government government NOUN NN 3 nsubj
        criticised criticise VERB VBD 0 root
        Denmark Denmark PROPN NNP 3 obj
    """, """
        Police police NOUN NNS 2 nsubj
        arrested arrest VERB VBD 0 root
        Danish Danish ADJ JJ 4 amod
        protesters protester NOUN NNS 2 obj
    """)
    events = coder.code_story(sentences)
    last = [e for e in events if e.sentence.sentence_id == 4]
    assert [(e.source.code, e.source.basis) for e in last] == [("DNKCOP", "story")]
    # a story about several countries gives no country to a bare role
    mixed = story("""
        Iran Iran PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Iraq Iraq PROPN NNP 2 obj
    """, """
        Police police NOUN NNS 2 nsubj
        arrested arrest VERB VBD 0 root
        Danish Danish ADJ JJ 4 amod
        protesters protester NOUN NNS 2 obj
    """)
    assert all(e.source.basis != "story" for e in coder.code_story(mixed))


# -- parse repairs, several actors in one phrase, people of one code ---------------------------------

def test_a_bare_day_taken_for_an_object_is_a_time(coder):
    from eventcoder.coding.repairs import repair

    [s] = story("""
        Russia Russia PROPN NNP 2 nsubj
        criticized criticize VERB VBD 0 root
        the the DET DT 5 det
        Turkey Turkey PROPN NNP 5 compound
        Monday Monday PROPN NNP 2 obj
    """)
    fixed = repair(s, coder.lex.time_name)
    turkey, monday = fixed.word(4), fixed.word(5)
    assert (turkey.head, turkey.deprel) == (2, "obj") and (monday.head, monday.deprel) == (2, "obl:tmod")
    assert fixed.word(3).head == 4  # the article goes with the noun
    assert (s.word(4).head, s.word(5).deprel) == (5, "obj")  # the parse itself is not changed
    assert triples(coder.code(s)) == [("RUS", "111", "TUR")]


def test_a_time_phrase_taken_for_the_subject_is_a_time(coder):
    # "The Kremlin last month criticized Turkey": the parser made "month" the subject
    [s] = story("""
        The the DET DT 2 det
        Kremlin Kremlin PROPN NNP 4 compound
        last last ADJ JJ 4 amod
        month month NOUN NN 5 nsubj
        criticized criticize VERB VBD 0 root
        Turkey Turkey PROPN NNP 5 obj
    """)
    assert triples(coder.code(s)) == [("RUSGOV", "111", "TUR")]
    fixed = coder.rules.repaired(coder, s)
    assert (fixed.word(2).deprel, fixed.word(4).deprel, fixed.word(3).head) == ("nsubj", "obl:tmod", 4)
    # "month" without a time word ("the month of talks") is no time
    [plain] = story("""
        The the DET DT 2 det
        Kremlin Kremlin PROPN NNP 3 compound
        month month NOUN NN 4 nsubj
        criticized criticize VERB VBD 0 root
        Turkey Turkey PROPN NNP 4 obj
    """)
    assert coder.rules.repaired(coder, plain) is plain


#: "India's Congress criticised Pakistan" ('Congress' the US Congress in the dictionaries)
INDIA_S_CONGRESS = """
    India India PROPN NNP 3 nmod:poss
    's 's PART POS 1 case
    Congress Congress PROPN NNP 4 nsubj
    criticised criticise VERB VBD 0 root
    Pakistan Pakistan PROPN NNP 4 obj
"""


def test_a_one_word_institution_given_with_another_country_is_that_country_s_in_the_story(coder):
    # "Congress" is the US Congress in the dictionaries; "India's Congress" makes it India's in
    # the whole story, also where it is named alone
    sentences = story(INDIA_S_CONGRESS, """
        The the DET DT 2 det
        Congress Congress PROPN NNP 3 nsubj
        criticised criticise VERB VBD 0 root
        China China PROPN NNP 3 obj
    """, date="1997-04-10")
    assert triples(coder.code_story(sentences)) == [("INDLEG", "111", "CHN"), ("INDLEG", "111", "PAK")]
    # read alone, the second sentence keeps the dictionaries' reading
    assert triples(coder.code(sentences[1])) == [("USALEG", "111", "CHN")]


def test_a_subject_hung_on_a_participle_before_the_verb_is_the_verb_s(coder):
    # "Russian troops backed by Syrian soldiers attacked Turkey", parsed with 'troops' the passive
    # subject of 'backed' and 'attacked' without a subject
    [s] = story("""
        Russian Russian ADJ JJ 2 amod
        troops troops NOUN NNS 3 nsubj:pass
        backed back VERB VBN 7 advcl
        by by ADP IN 6 case
        Syrian Syrian ADJ JJ 6 amod
        soldiers soldier NOUN NNS 3 obl:agent
        attacked attack VERB VBD 0 root
        Turkey Turkey PROPN NNP 7 obj
    """)
    fixed = coder.rules.repaired(coder, s)
    assert (fixed.word(2).head, fixed.word(2).deprel) == (7, "nsubj")
    assert (fixed.word(3).head, fixed.word(3).deprel) == (2, "acl")
    assert ("RUSMIL", "190", "TUR") in triples(coder.code(s))


def test_a_subject_parsed_as_a_conjunct_of_a_fronted_phrase_is_the_verb_s(coder):
    # "In addition, Kuwait criticised Iraq" with 'Kuwait' a conjunct of 'addition'
    [s] = story("""
        In in ADP IN 2 case
        addition addition NOUN NN 5 obl
        , , PUNCT , 2 punct
        Kuwait Kuwait PROPN NNP 2 conj
        criticised criticise VERB VBD 0 root
        Iraq Iraq PROPN NNP 5 obj
    """)
    assert triples(coder.code(s)) == [("KWT", "111", "IRQ")]
    # a real coordination ("In Paris and Lyon, ... ") is left alone
    [both] = story("""
        In in ADP IN 2 case
        Paris Paris PROPN NNP 6 obl
        and and CCONJ CC 4 cc
        Lyon Lyon PROPN NNP 2 conj
        , , PUNCT , 2 punct
        protested protest VERB VBD 0 root
    """)
    assert coder.rules.repaired(coder, both) is both


def test_a_relative_clause_hung_on_a_bare_day_goes_to_the_noun_before_it(coder):
    from eventcoder.coding.repairs import repair

    [s] = story("""
        Russia Russia PROPN NNP 2 nsubj
        adopted adopt VERB VBD 0 root
        a a DET DT 4 det
        statement statement NOUN NN 2 obj
        Thursday Thursday PROPN NNP 2 obj
        that that PRON WDT 7 nsubj
        criticized criticize VERB VBD 5 acl:relcl
        Turkey Turkey PROPN NNP 7 obj
    """)
    fixed = repair(s, coder.lex.time_name)
    assert fixed.word(7).head == 4 and fixed.word(5).deprel == "obl:tmod"
    # a day name that is a time already ("on Monday") is left alone
    [on_monday] = story("""
        Russia Russia PROPN NNP 2 nsubj
        criticized criticize VERB VBD 0 root
        Turkey Turkey PROPN NNP 2 obj
        on on ADP IN 5 case
        Monday Monday PROPN NNP 2 obl
    """)
    assert repair(on_monday, coder.lex.time_name) is on_monday


def test_two_people_of_one_government_are_two_actors(coder):
    [s] = story("""
        Putin Putin PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        with with ADP IN 4 case
        Medvedev Medvedev PROPN NNP 2 obl
    """, date="2006-11-20")
    assert triples(coder.code(s)) == [("RUSGOV", "040", "RUSGOV"), ("RUSGOV", "040", "RUSGOV")]
    assert {(e.source.text, e.target.text) for e in coder.code(s)} == {("Putin", "Medvedev"), ("Medvedev", "Putin")}
    # one person named twice is not two people
    [same] = story("""
        Putin Putin PROPN NNP 2 nsubj
        praised praise VERB VBD 0 root
        Vladimir Vladimir PROPN NNP 4 compound
        Putin Putin PROPN NNP 2 obj
    """)
    assert triples(coder.code(same)) == []


def test_a_role_of_two_countries_is_two_actors(coder):
    [s] = story("""
        Officials official NOUN NNS 5 nsubj
        of of ADP IN 3 case
        Kuwait Kuwait PROPN NNP 1 nmod
        and and CCONJ CC 5 cc
        signed sign VERB VBD 0 root
        an a DET DT 7 det
        agreement agreement NOUN NN 5 obj
    """)
    # (the parser hangs "Japan" as a conjunct of Kuwait)
    [s] = story("""
        Officials official NOUN NNS 6 nsubj
        of of ADP IN 3 case
        Kuwait Kuwait PROPN NNP 1 nmod
        and and CCONJ CC 5 cc
        Japan Japan PROPN NNP 3 conj
        signed sign VERB VBD 0 root
        an a DET DT 8 det
        agreement agreement NOUN NN 6 obj
    """)
    assert triples(coder.code(s)) == [("JPNGOV", "057", "KWTGOV"), ("KWTGOV", "057", "JPNGOV")]


def test_the_two_countries_are_the_two_the_story_is_about(coder):
    first, second = story("""
        Brazil Brazil PROPN NNP 4 nsubj
        and and CCONJ CC 3 cc
        Russia Russia PROPN NNP 1 conj
        met meet VERB VBD 0 root
    """, """
        The the DET DT 3 det
        two two NUM CD 3 nummod
        countries country NOUN NNS 4 nsubj
        signed sign VERB VBD 0 root
        an a DET DT 6 det
        agreement agreement NOUN NN 4 obj
    """)
    events = [e for e in coder.code_story([first, second]) if e.sentence.sentence_id == 2]
    assert triples(events) == [("BRA", "057", "RUS"), ("RUS", "057", "BRA")]
    assert {e.source.basis for e in events} == {"pair"}
    # read alone, "the two countries" are no one
    assert triples(coder.code(second)) == []
    # "both parties" are the two sides, not political parties; "the two opposition parties" are
    # opposition parties
    both = story("""
        Both both DET DT 2 det
        parties party NOUN NNS 3 nsubj
        signed sign VERB VBD 0 root
        an a DET DT 5 det
        agreement agreement NOUN NN 3 obj
    """)[0]
    both = type(both)("story", 2, both.text, both.words, both.doc_date, both.doc_source)
    events = [e for e in coder.code_story([first, both]) if e.sentence.sentence_id == 2]
    assert triples(events) == [("BRA", "057", "RUS"), ("RUS", "057", "BRA")]


def test_both_parties_a_third_side_speaks_of_are_the_other_two(coder):
    first, second, appeal = story("""
        Israel Israel PROPN NNP 2 nsubj
        attacked attack VERB VBD 0 root
        Palestinians Palestinian PROPN NNPS 2 obj
    """, """
        Cyprus Cyprus PROPN NNP 2 nsubj
        criticized criticize VERB VBD 0 root
        Israel Israel PROPN NNP 2 obj
    """, """
        Cyprus Cyprus PROPN NNP 2 nsubj
        called call VERB VBD 0 root
        on on ADP IN 5 case
        both both DET DT 5 det
        parties party NOUN NNS 2 obl
        to to PART TO 7 mark
        refrain refrain VERB VB 2 xcomp
    """)
    events = [e for e in coder.code_story([first, second, appeal]) if e.sentence.sentence_id == 3]
    # Cyprus, named as often as the Palestinians, is the speaker, not one of the parties
    assert sorted(e.target.code for e in events) == ["ISR", "PSE"]


def test_an_institution_named_with_another_country_is_that_country_s(coder):
    [s] = story("""
        Nigeria Nigeria PROPN NNP 3 nmod:poss
        's 's PART POS 1 case
        Congress Congress PROPN NNP 4 nsubj
        criticized criticize VERB VBD 0 root
        Iran Iran PROPN NNP 4 obj
    """, date="2006-11-20")
    [e] = coder.code(s)
    assert (e.source.code[:3], e.code, e.target.code) == ("NGA", "111", "IRN")


def test_he_stands_for_a_person_whose_code_names_no_role(coder):
    first, second = story("""
        Ahtisaari Ahtisaari PROPN NNP 2 nsubj
        visited visit VERB VBD 0 root
        Serbia Serbia PROPN NNP 2 obj
    """, """
        He he PRON PRP 2 nsubj
        met meet VERB VBD 0 root
        Vojislav Vojislav PROPN NNP 4 compound
        Kostunica Kostunica PROPN NNP 2 obj
    """, date="2006-11-20")
    events = [e for e in coder.code_story([first, second]) if e.sentence.sentence_id == 2]
    assert ("IGOUNO", "040", "SRBGOV") in triples(events)


def test_we_in_a_quote_is_its_speaker(coder):
    [s] = story("""
        " " PUNCT `` 3 punct
        We we PRON PRP 3 nsubj
        condemn condemn VERB VBP 0 root
        Iran Iran PROPN NNP 3 obj
        , , PUNCT , 3 punct
        " " PUNCT '' 3 punct
        Putin Putin PROPN NNP 8 nsubj
        said say VERB VBD 3 parataxis
    """)
    [e] = coder.code_story([s])
    assert (e.source.code, e.code, e.target.code, e.source.basis) == ("RUSGOV", "111", "IRN", "pronoun")
    # a quote whose speaker is named in the next sentence
    first, second = story("""
        " " PUNCT `` 3 punct
        We we PRON PRP 3 nsubj
        condemn condemn VERB VBP 0 root
        Iran Iran PROPN NNP 3 obj
        . . PUNCT . 3 punct
    """, """
        Putin Putin PROPN NNP 2 nsubj
        said say VERB VBD 0 root
        so so ADV RB 2 advmod
    """)
    assert triples(coder.code_story([first, second])) == [("RUSGOV", "111", "IRN")]


def test_the_subjects_of_a_clause_took_part_in_the_clashes_it_happened_in(coder):
    [s] = story("""
        Israeli Israeli ADJ JJ 3 amod
        police police NOUN NN 3 compound
        officers officer NOUN NNS 5 nsubj:pass
        were be AUX VBD 5 aux:pass
        injured injure VERB VBN 0 root
        during during ADP IN 7 case
        clashes clash NOUN NNS 5 obl
        with with ADP IN 10 case
        Palestinian Palestinian ADJ JJ 10 amod
        protesters protester NOUN NNS 7 nmod
    """)
    fights = [t for t in triples(coder.code(s)) if t[1] == "190"]
    # both sides fight: coded both ways
    assert fights == [("ISRCOP", "190", "PSEOPP"), ("PSEOPP", "190", "ISRCOP")]


def test_force_suffered_takes_its_doer_from_the_clause_saying_how(coder):
    [s] = story("""
        Indian Indian ADJ JJ 2 amod
        soldiers soldier NOUN NNS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        killed kill VERB VBN 0 root
        when when ADV WRB 8 advmod
        Pakistani Pakistani ADJ JJ 7 amod
        troops troops NOUN NNS 8 nsubj
        shelled shell VERB VBD 4 advcl
        their their PRON PRP$ 10 nmod:poss
        post post NOUN NN 8 obj
    """)
    events = coder.code(s)
    assert ("PAKMIL", "190", "INDMIL") in triples(events)
    # the doer's act is the dyad: no one-sided event of it beside
    assert not [e for e in events if e.one_sided and e.code[:2] == "19"]


def test_a_passive_parsed_with_a_copula_is_a_passive(coder):
    [s] = story("""
        a a DET DT 3 det
        Thai Thai ADJ JJ 3 amod
        villager villager NOUN NN 5 nsubj
        was be AUX VBD 5 cop
        shot shoot VERB JJ 0 root
        dead dead ADJ JJ 5 xcomp
        by by ADP IN 9 case
        Malaysian Malaysian ADJ JJ 9 amod
        troops troops NOUN NNS 5 obl
    """)
    assert [t for t in triples(coder.code(s)) if t[2]] == [("MYSMIL", "193", "THACVL")]


def test_a_hostile_act_in_a_place_of_another_country_is_against_that_country(coder):
    [s] = story("""
        Israeli Israeli ADJ JJ 2 amod
        troops troops NOUN NNS 3 nsubj
        imposed impose VERB VBD 0 root
        a a DET DT 5 det
        curfew curfew NOUN NN 3 obj
        in in ADP IN 7 case
        Nablus Nablus PROPN NNP 3 obl
    """)
    [e] = coder.code(s)
    assert (e.source.code, e.target.code, e.target.basis) == ("ISRMIL", "PSE", "place")
    # a place of the actor's own country is no target
    [home] = story("""
        Israeli Israeli ADJ JJ 2 amod
        troops troops NOUN NNS 3 nsubj
        imposed impose VERB VBD 0 root
        a a DET DT 5 det
        curfew curfew NOUN NN 3 obj
        in in ADP IN 7 case
        Haifa Haifa PROPN NNP 3 obl
    """)
    assert [e.target.code for e in coder.code(home)] == [""]


def test_a_date_is_no_target_and_force_on_someone_unknown_in_another_country_is_against_it(coder):
    # "On Nov. 3, Israel launched an attack on a convoy in Nablus": the date phrase is parsed as an
    # 'on' phrase of the verb; it fills no '(on +)' target, and the convoy the dictionaries do not
    # know leaves the attack in a Palestinian town against its country
    [s] = story("""
        On on ADP IN 3 case
        Nov. November PROPN NNP 7 obl
        3 3 NUM CD 7 obl
        , , PUNCT , 3 punct
        Israel Israel PROPN NNP 7 nsubj
        soon soon ADV RB 7 advmod
        launched launch VERB VBD 0 root
        an a DET DT 9 det
        attack attack NOUN NN 7 obj
        on on ADP IN 12 case
        a a DET DT 12 det
        convoy convoy NOUN NN 9 nmod
        in in ADP IN 14 case
        Nablus Nablus PROPN NNP 12 nmod
    """)
    [e] = coder.code(s)
    assert (e.source.code, e.code[:2], e.target.code, e.target.basis) == ("ISR", "19", "PSE", "place")
    assert e.target.text == "Nablus"
    [hamas] = story("""
        On on ADP IN 2 case
        Nov. November PROPN NNP 6 obl
        3 3 NUM CD 6 obl
        , , PUNCT , 3 punct
        Israel Israel PROPN NNP 6 nsubj
        launched launch VERB VBD 0 root
        an a DET DT 8 det
        attack attack NOUN NN 6 obj
        on on ADP IN 10 case
        Hamas Hamas PROPN NNP 6 obl
    """)
    assert triples(coder.code(hamas)) == [("ISR", "190", "PSEHMS")]


def test_in_a_story_a_country_named_bare_is_not_acted_on_by_its_own_side(coder):
    # "the PKK bombed Turkey": in news the bare country is where it happened; the act is written
    # one-sided.  A visit of a president to his own country's capital is no event at all.
    bombed, left = story("""
        The the DET DT 2 det
        PKK PKK PROPN NNP 3 nsubj
        bombed bomb VERB VBD 0 root
        Turkey Turkey PROPN NNP 3 obj
    """, """
        Bush Bush PROPN NNP 2 nsubj
        visited visit VERB VBD 0 root
        Washington Washington PROPN NNP 2 obj
    """, date="2005-11-01")
    events = coder.code_story([bombed, left])
    assert [(e.sentence.sentence_id, e.source.code, e.code[:2], e.target.code) for e in events] == \
        [(1, "TURREB", "18", "")]
    # read alone (a single sentence), the dictionaries' reading stays
    assert [(e.source.code, e.target.code) for e in coder.code(bombed)] == [("TURREB", "TUR")]


def test_force_in_a_town_named_in_two_phrases_or_with_its_territory_is_against_its_country(coder):
    # "Israeli shells struck houses in the northern Gaza town of Beit Hanoun", with the town's name
    # split by the parser, and with only the territory named ("the Gaza town")
    [split] = story("""
        Israeli Israeli ADJ JJ 2 amod
        shells shell NOUN NNS 3 nsubj
        struck strike VERB VBD 0 root
        houses house NOUN NNS 3 obj
        in in ADP IN 8 case
        the the DET DT 8 det
        northern northern ADJ JJ 8 amod
        town town NOUN NN 4 nmod
        of of ADP IN 10 case
        Beit Beit PROPN NNP 8 nmod
        Hanoun Hanoun PROPN NNP 8 nmod
    """)
    [e] = coder.code(split)
    assert (e.source.code, e.code[:2], e.target.code, e.target.text) == ("ISR", "19", "PSE", "Beit Hanoun")
    [territory] = story("""
        Israeli Israeli ADJ JJ 2 amod
        shells shell NOUN NNS 3 nsubj
        struck strike VERB VBD 0 root
        houses house NOUN NNS 3 obj
        in in ADP IN 8 case
        the the DET DT 8 det
        Gaza Gaza PROPN NNP 8 compound
        town town NOUN NN 4 nmod
    """)
    assert [(e.source.code, e.target.code) for e in coder.code(territory)] == [("ISR", "PSE")]


def test_arrests_with_no_doer_named_reported_by_security_forces_are_theirs(coder):
    rows = """
        Eight eight NUM CD 3 nummod
        Hamas Hamas PROPN NNP 3 compound
        militants militant NOUN NNS 5 nsubj:pass
        were be AUX VBD 5 aux:pass
        arrested arrest VERB VBN 0 root
        , , PUNCT , 5 punct
        the the DET DT 9 det
        Israeli Israeli ADJ JJ 9 amod
        army army NOUN NN 10 nsubj
        said say VERB VBD 5 parataxis
    """
    [s] = story(rows)
    assert triples(coder.code(s)) == [("ISRMIL", "173", "PSEHMS")]
    # reported by someone else (a minister), the doer stays unnamed
    [other] = story(rows.replace("army army NOUN NN 10 nsubj", "minister minister NOUN NN 10 nsubj"))
    assert triples(coder.code(other)) == [("", "173", "PSEHMS")]


def test_be_opposed_to_is_a_state_of_the_subject_not_a_passive(coder):
    rows = """
        Russia Russia PROPN NNP 3 nsubj:pass
        was be AUX VBD 3 aux:pass
        opposed oppose VERB VBN 0 root
        to to ADP IN 5 case
        Georgia Georgia PROPN NNP 3 obl
    """
    [s] = story(rows)
    assert triples(coder.code(s)) == [("RUS", "110", "GEO")]
    # a real passive keeps its reading: "Russia was opposed by Georgia"
    [by] = story(rows.replace("to to ADP", "by by ADP").replace("Georgia PROPN NNP 3 obl", "Georgia PROPN NNP 3 obl:agent"))
    assert triples(coder.code(by)) == [("GEO", "110", "RUS")]


def test_help_in_general_is_no_one_sided_event_aid_is(coder):
    [helps] = story("""
        The the DET DT 2 det
        agreement agreement NOUN NN 3 nsubj
        helps help VERB VBZ 0 root
        Colombia Colombia PROPN NNP 3 obj
    """)
    assert coder.code(helps) == []
    [aid] = story("""
        Japan Japan PROPN NNP 2 nsubj
        sent send VERB VBD 0 root
        humanitarian humanitarian ADJ JJ 4 amod
        aid aid NOUN NN 2 obj
    """)
    assert triples(coder.code(aid)) == [("JPN", "073", "")]


def test_the_area_of_a_hostile_act_is_the_town_the_story_named(coder):
    first, second = story("""
        Clashes clash NOUN NNS 2 nsubj
        erupted erupt VERB VBD 0 root
        in in ADP IN 4 case
        Jenin Jenin PROPN NNP 2 obl
    """, """
        The the DET DT 3 det
        Israeli Israeli ADJ JJ 3 amod
        army army NOUN NN 4 nsubj
        imposed impose VERB VBD 0 root
        a a DET DT 6 det
        curfew curfew NOUN NN 4 obj
        at at ADP IN 9 case
        the the DET DT 9 det
        area area NOUN NN 4 obl
    """)
    later = [e for e in coder.code_story([first, second]) if e.sentence.sentence_id == 2]
    assert [(e.source.code, e.target.code, e.target.basis) for e in later] == [("ISRMIL", "PSE", "place")]
    # read alone, "the area" is nowhere
    assert [e.target.code for e in coder.code(second)] == [""]


def test_towns_named_in_a_story_count_for_its_country(coder):
    sentences = story(*["""
        Police police NOUN NN 2 nsubj
        searched search VERB VBD 0 root
        Guangzhou Guangzhou PROPN NNP 2 obj
    """] * 3 + ["""
        Police police NOUN NN 2 nsubj
        arrested arrest VERB VBD 0 root
        the the DET DT 4 det
        organisers organiser NOUN NNS 2 obj
    """])
    from eventcoder.coding.story import Story

    analyses = [coder.analyse(s) for s in sentences]
    assert Story(coder, analyses).country == "CHN"


def test_supporters_of_a_party_are_the_party_s(coder):
    [s] = story("""
        Police police NOUN NN 2 nsubj
        dispersed disperse VERB VBD 0 root
        supporters supporter NOUN NNS 2 obj
        of of ADP IN 6 case
        the the DET DT 6 det
        Kuomintang Kuomintang PROPN NNP 3 nmod
    """)
    assert [e.target.code[:3] for e in coder.code(s)] == ["TWN"]


def test_a_document_speaks_for_its_author(coder):
    [s] = story("""
        The the DET DT 3 det
        IAEA IAEA PROPN NNP 3 compound
        report report NOUN NN 4 nsubj
        urged urge VERB VBD 0 root
        Iran Iran PROPN NNP 4 obj
        to to PART TO 7 mark
        cooperate cooperate VERB VB 4 xcomp
    """)
    [e] = coder.code(s)
    assert (e.source.code, e.target.code) == ("IGOUNOIAE", "IRN")
    # a statement "from" its author
    [s] = story("""
        A a DET DT 2 det
        statement statement NOUN NN 6 nsubj
        from from ADP IN 4 case
        Japan Japan PROPN NNP 2 nmod
        strongly strongly ADV RB 6 advmod
        condemned condemn VERB VBD 0 root
        Iran Iran PROPN NNP 6 obj
    """)
    assert triples(coder.code(s)) == [("JPN", "111", "IRN")]
    # no author named: the document is no actor
    [s] = story("""
        A a DET DT 2 det
        report report NOUN NN 3 nsubj
        condemned condemn VERB VBD 0 root
        Iran Iran PROPN NNP 3 obj
    """)
    assert triples(coder.code(s)) == []


def test_a_document_named_with_its_author_before_is_the_author_s(coder):
    first, second = story("""
        The the DET DT 2 det
        IAEA IAEA PROPN NNP 3 nsubj
        released release VERB VBD 0 root
        a a DET DT 5 det
        report report NOUN NN 3 obj
    """, """
        The the DET DT 2 det
        report report NOUN NN 3 nsubj
        condemned condemn VERB VBD 0 root
        Iran Iran PROPN NNP 3 obj
    """)
    events = coder.code_story([first, second])
    assert triples(events) == [("IGOUNOIAE", "111", "IRN")]
    assert events[0].source.basis == "alias"
    # the parser gave the verb two subjects ("Chief ... ElBaradei presented"): the one that is
    # someone is the author
    first, second = story("""
        Chief Chief PROPN NNP 4 nsubj
        Mohamed Mohamed PROPN NNP 3 compound
        ElBaradei ElBaradei PROPN NNP 4 nsubj
        presented present VERB VBD 0 root
        a a DET DT 6 det
        report report NOUN NN 4 obj
    """, """
        The the DET DT 2 det
        report report NOUN NN 3 nsubj
        condemned condemn VERB VBD 0 root
        Iran Iran PROPN NNP 3 obj
    """)
    assert triples(coder.code_story([first, second])) == [("IGOUNOIAE", "111", "IRN")]


def test_a_show_of_force_does_not_target_its_own_country_s_forces(coder):
    [s] = story("""
        The the DET DT 3 det
        Danish Danish ADJ JJ 3 amod
        government government NOUN NN 4 nsubj
        sent send VERB VBD 0 root
        more more ADJ JJR 6 amod
        soldiers soldier NOUN NNS 4 obj
    """)
    [e] = coder.code(s)
    assert (e.source.code, e.code[:2], e.target.code) == ("DNKGOV", "15", "")
    # another country's forces are a target
    [s] = story("""
        The the DET DT 3 det
        Danish Danish ADJ JJ 3 amod
        government government NOUN NN 4 nsubj
        sent send VERB VBD 0 root
        soldiers soldier NOUN NNS 4 obj
        to to ADP IN 7 case
        Afghanistan Afghanistan PROPN NNP 4 obl
    """)
    assert [(e.source.code, e.target.code) for e in coder.code(s)] == [("DNKGOV", "AFG")]


BOTH_SIDES_SIGNED = """
    Both both DET DT 2 det
    sides side NOUN NNS 3 nsubj
    signed sign VERB VBD 0 root
    an a DET DT 5 det
    agreement agreement NOUN NN 3 obj
"""


def test_both_sides_are_not_guessed_when_a_third_actor_is_as_often_named(coder):
    first, second = story("""
        Brazil Brazil PROPN NNP 4 nsubj
        and and CCONJ CC 3 cc
        Russia Russia PROPN NNP 1 conj
        met meet VERB VBD 0 root
        India India PROPN NNP 4 obj
    """, BOTH_SIDES_SIGNED)
    assert [e for e in coder.code_story([first, second]) if e.sentence.sentence_id == 2] == []


def test_a_country_named_bare_and_with_a_role_is_one_side(coder):
    # Brazil twice (once as its president), Russia twice, Japan once: the sides are Brazil and Russia
    first, second, third = story("""
        Lula Lula PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        Putin Putin PROPN NNP 2 obj
    """, """
        Brazil Brazil PROPN NNP 2 nsubj
        criticized criticize VERB VBD 0 root
        Japan Japan PROPN NNP 2 obj
        and and CCONJ CC 5 cc
        Russia Russia PROPN NNP 3 conj
    """, BOTH_SIDES_SIGNED, date="2006-11-20")
    events = [e for e in coder.code_story([first, second, third]) if e.sentence.sentence_id == 3]
    assert triples(events) == [("BRAGOV", "057", "RUSGOV"), ("RUSGOV", "057", "BRAGOV")]


def test_a_clause_parsed_as_the_subject_of_due_takes_its_subject(coder):
    [s] = story("""
        Putin Putin PROPN NNP 3 nsubj
        is be AUX VBZ 3 cop
        due due ADJ JJ 0 root
        to to PART TO 5 mark
        have have VERB VB 3 csubj
        lunch lunch NOUN NN 5 obj
        with with ADP IN 8 case
        Bush Bush PROPN NNP 5 obl
    """)
    assert triples(coder.code(s)) == [("RUSGOV", "036", "USAGOV"), ("USAGOV", "036", "RUSGOV")]


def test_support_received_is_the_supporters_act(coder):
    [s] = story("""
        Japan Japan PROPN NNP 3 nmod:poss
        's 's PART POS 1 case
        motion motion NOUN NN 4 nsubj
        received receive VERB VBD 0 root
        support support NOUN NN 4 obj
        from from ADP IN 7 case
        Norway Norway PROPN NNP 4 obl
    """)
    assert triples(coder.code(s)) == [("NOR", "051", "JPN")]
    [s] = story("""
        Putin Putin PROPN NNP 2 nsubj
        paid pay VERB VBD 0 root
        tribute tribute NOUN NN 2 obj
        to to ADP IN 5 case
        Bush Bush PROPN NNP 2 obl
    """)
    assert triples(coder.code(s)) == [("RUSGOV", "051", "USAGOV")]


def test_what_an_actor_failed_to_do_did_not_happen(coder):
    [failed] = story("""
        Russia Russia PROPN NNP 2 nsubj
        failed fail VERB VBD 0 root
        to to PART TO 4 mark
        reach reach VERB VB 2 xcomp
        an a DET DT 6 det
        agreement agreement NOUN NN 4 obj
        with with ADP IN 8 case
        Ukraine Ukraine PROPN NNP 4 obl
    """)
    assert triples(coder.code(failed)) == []
    [reached] = story("""
        Russia Russia PROPN NNP 2 nsubj
        reached reach VERB VBD 0 root
        an a DET DT 4 det
        agreement agreement NOUN NN 2 obj
        with with ADP IN 6 case
        Ukraine Ukraine PROPN NNP 2 obl
    """)
    assert triples(coder.code(reached)) == [("RUS", "057", "UKR"), ("UKR", "057", "RUS")]


ACCUSED_ON_THURSDAY = """
    Russia Russia PROPN NNP 2 nsubj
    accused accuse VERB VBD 0 root
    on on ADP IN 4 case
    Thursday Thursday PROPN NNP 2 obl
    Georgian Georgian ADJ JJ 6 amod
    rebels rebel NOUN NNS 2 obl
    of of SCONJ IN 8 mark
    attacking attack VERB VBG 2 advcl
    Ukraine Ukraine PROPN NNP 8 obj
"""


def test_what_an_accusation_accuses_of_is_alleged_not_reported(coder):
    # the object after a time phrase, parsed as an oblique, is the object all the same; the
    # attack it is accused of is no event
    [s] = story(ACCUSED_ON_THURSDAY)
    assert triples(coder.code(s)) == [("RUS", "1123", "GEOREB")]  # accused of aggression
    # reported as fact, the attack is an event
    [s] = story("""
        Georgian Georgian ADJ JJ 2 amod
        rebels rebel NOUN NNS 3 nsubj
        attacked attack VERB VBD 0 root
        Ukraine Ukraine PROPN NNP 3 obj
    """)
    assert [(e.source.code, e.target.code) for e in coder.code(s)] == [("GEOREB", "UKR")]


def test_a_relative_clause_parsed_as_the_root_takes_the_noun_before_its_pronoun(coder):
    # "Putin, who is on a visit to Kuwait, was met by ...", the parse rooted in "visit"
    [s] = story("""
        Putin Putin PROPN NNP 8 dep
        , , PUNCT , 1 punct
        who who PRON WP 8 nsubj
        is be AUX VBZ 8 cop
        on on ADP IN 8 case
        a a DET DT 8 det
        three three NUM CD 8 nummod
        visit visit NOUN NN 0 root
        to to ADP IN 10 case
        Kuwait Kuwait PROPN NNP 8 nmod
    """)
    assert triples(coder.code(s)) == [("RUSGOV", "042", "KWT")]


def test_protests_outside_a_building_and_in_protest(coder):
    [outside] = story("""
        Greek Greek ADJ JJ 2 amod
        students student NOUN NNS 3 nsubj
        held hold VERB VBD 0 root
        a a DET DT 5 det
        protest protest NOUN NN 3 obj
        outside outside ADP IN 9 case
        the the DET DT 9 det
        Turkish Turkish ADJ JJ 9 amod
        embassy embassy NOUN NN 3 obl
    """)
    assert [(e.code, e.target.code) for e in coder.code(outside)] == [("141", "TURGOV")]
    [quit_] = story("""
        Greek Greek ADJ JJ 2 amod
        ministers minister NOUN NNS 3 nsubj
        quit quit VERB VBD 0 root
        in in ADP IN 5 case
        protest protest NOUN NN 3 obl
    """)
    assert [e.code for e in coder.code(quit_)] == ["140"]


def test_praise_and_criticism_of_what_an_actor_holds_judge_its_owner(coder):
    """"criticized the record of Burma" judges Burma, as "Burma's record" does (lexicon
    ``owned_noun``, CAMEO class ``response``); the 'of' phrase of an event noun is who the event
    befell, not whom the criticism is for."""
    [record] = story("""
        France France PROPN NNP 2 nsubj
        criticized criticize VERB VBD 0 root
        the the DET DT 4 det
        record record NOUN NN 2 obj
        of of ADP IN 6 case
        Burma Burma PROPN NNP 4 nmod
    """)
    assert triples(coder.code(record)) == [("FRA", "111", "MMR")]
    [killing] = story("""
        France France PROPN NNP 2 nsubj
        condemned condemn VERB VBD 0 root
        the the DET DT 4 det
        killings killing NOUN NNS 2 obj
        of of ADP IN 7 case
        Burmese Burmese ADJ JJ 7 amod
        monks monk NOUN NNS 4 nmod
    """)
    assert [e.target.code for e in coder.code(killing) if e.target.code] != ["MMR"]
    [demands] = story("""
        Denmark Denmark PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        the the DET DT 4 det
        demands demand NOUN NNS 2 obj
        of of ADP IN 6 case
        NATO NATO PROPN NNP 4 nmod
    """)
    assert triples(coder.code(demands)) == [("DNK", "083", "IGOWSTNAT")]  # yielding, not a meeting
    # a protest against what an actor holds, in a phrase of the verb, protests against the actor
    [protest] = story("""
        Students student NOUN NNS 2 nsubj
        protested protest VERB VBD 0 root
        against against ADP IN 5 case
        the the DET DT 5 det
        plans plan NOUN NNS 2 obl
        of of ADP IN 7 case
        China China PROPN NNP 5 nmod
    """)
    assert [(e.code[:2], e.target.code) for e in coder.code(protest)] == [("14", "CHN")]


def test_the_ruling_party_is_the_government(coder):
    sentences = story("""
        Ethiopian Ethiopian ADJ JJ 3 amod
        opposition opposition NOUN NN 3 compound
        parties party NOUN NNS 4 nsubj
        accused accuse VERB VBD 0 root
        the the DET DT 7 det
        ruling ruling NOUN NN 7 compound
        party party NOUN NN 4 obj
        of of ADP IN 9 case
        fraud fraud NOUN NN 7 nmod
    """, """
        Ethiopia Ethiopia PROPN NNP 2 nsubj
        voted vote VERB VBD 0 root
    """)
    assert [(e.source.code, e.code[:2], e.target.code) for e in coder.code_story(sentences)] == [("ETHOPP", "11", "ETHGOV")]


def test_an_act_that_almost_happened_is_no_event(coder):
    done, almost = story("""
        Japan Japan PROPN NNP 2 nsubj
        reached reach VERB VBD 0 root
        an a DET DT 4 det
        agreement agreement NOUN NN 2 obj
        with with ADP IN 6 case
        China China PROPN NNP 2 obl
    """, """
        Japan Japan PROPN NNP 3 nsubj
        almost almost ADV RB 3 advmod
        reached reach VERB VBD 0 root
        an a DET DT 5 det
        agreement agreement NOUN NN 3 obj
        with with ADP IN 7 case
        China China PROPN NNP 3 obl
    """)
    assert ("JPN", "057", "CHN") in triples(coder.code(done))
    assert coder.code(almost) == []  # lexicon near_miss


@pytest.mark.parametrize("relation", ["advcl", "ccomp"])
def test_force_suffered_is_done_by_the_subject_of_a_when_clause(coder, relation):
    """"Four children were injured when a Syrian soldier fired ..." (lexicon ``cause_mark``): the
    clause's subject did it, whether the parser hangs the clause as adverbial or as complement."""
    [s] = story(f"""
        Four four NUM CD 2 nummod
        children child NOUN NNS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        injured injure VERB VBN 0 root
        when when ADV WRB 9 advmod
        a a DET DT 8 det
        Syrian Syrian ADJ JJ 8 amod
        soldier soldier NOUN NN 9 nsubj
        fired fire VERB VBD 4 {relation}
    """)
    assert [(e.source.code, e.code[:2]) for e in coder.code(s) if e.anchor.lemma == "injure"] == [("SYRMIL", "18")]


def test_a_role_s_country_adjective_hung_on_the_noun_it_modifies(coder):
    """"wounded by Israeli troops' gunfire", parsed with 'Israeli' on the gunfire: the troops are
    Israeli, not of the story's country."""
    sentences = story("""
        Palestinians Palestinian PROPN NNPS 2 nsubj
        protested protest VERB VBD 0 root
    """, """
        Two two NUM CD 2 nummod
        Palestinians Palestinian PROPN NNPS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        wounded wound VERB VBN 0 root
        by by ADP IN 8 case
        Israeli Israeli ADJ JJ 8 amod
        troops' troops' NOUN NN 8 compound
        gunfire gunfire NOUN NN 4 obl:agent
    """)
    events = [e for e in coder.code_story(sentences) if e.sentence.sentence_id == 2]
    assert {e.source.code for e in events} == {"ISRMIL"}


def test_an_act_told_in_the_present_and_dated_after_the_story_is_planned(coder):
    # a story of Monday 20 November 2006: "is travelling ... on Tuesday" has not happened yet
    [travels] = story("""
        Putin Putin PROPN NNP 3 nsubj
        is be AUX VBZ 3 aux
        travelling travel VERB VBG 0 root
        to to ADP IN 5 case
        Kuwait Kuwait PROPN NNP 3 obl
        on on ADP IN 7 case
        Tuesday Tuesday PROPN NNP 3 obl
    """)
    [e] = coder.code_story([travels])
    assert (e.code, e.modality) == ("036", "future")
    [travelled] = story("""
        Putin Putin PROPN NNP 2 nsubj
        travelled travel VERB VBD 0 root
        to to ADP IN 4 case
        Kuwait Kuwait PROPN NNP 2 obl
        on on ADP IN 6 case
        Sunday Sunday PROPN NNP 2 obl
    """)
    [e] = coder.code_story([travelled])
    assert (e.code, e.modality) == ("042", "asserted")


def test_an_event_noun_whose_clause_is_expected_is_planned(coder):
    # "expected the talks between Serbia and Kosovo to start": the talks have not begun
    [s] = story("""
        Russia Russia PROPN NNP 2 nsubj
        expected expect VERB VBD 0 root
        the the DET DT 4 det
        talks talk NOUN NNS 2 obj
        between between ADP IN 6 case
        Serbia Serbia PROPN NNP 4 nmod
        and and CCONJ CC 8 cc
        Kosovo Kosovo PROPN NNP 6 conj
        to to PART TO 10 mark
        start start VERB VB 2 advcl
    """)
    events = [e for e in coder.code(s) if e.anchor.lemma == "talk"]
    assert events and {(e.code, e.modality) for e in events} == {("036", "future")}


def test_a_title_parsed_as_a_second_subject_is_the_name_s(coder):
    # "Rebel leader Kabila met Mobutu" parsed with 'leader' and 'Kabila' both subjects of 'met':
    # one person acting, not two people meeting together
    [s] = story("""
        Rebel rebel PROPN NNP 2 compound
        leader leader NOUN NN 4 nsubj
        Kabila Kabila PROPN NNP 4 nsubj
        met meet VERB VBD 0 root
        Mobutu Mobutu PROPN NNP 4 obj
    """)
    events = coder.code_story([s])
    assert {e.source.text for e in events if e.target.text == "Mobutu"} == {"Rebel leader Kabila"}
    # a day name after a title is a time, not a name ("the ministry Sunday criticised ...")
    [s] = story("""
        Pakistan Pakistan PROPN NNP 3 nmod:poss
        's 's PART POS 1 case
        ministry ministry NOUN NN 5 nsubj
        Sunday Sunday PROPN NNP 5 nsubj
        criticised criticise VERB VBD 0 root
        India India PROPN NNP 5 obj
    """)
    assert [(e.source.code, e.target.code) for e in coder.code_story([s])] == [("PAKGOV", "IND")]


def test_an_unknown_person_with_a_role_in_a_one_country_story_has_that_role(coder):
    # three sentences about Germany, then "the government's spokesman Thomas Steg criticised
    # Israel": Steg is unknown, his phrase says he speaks for the government
    about = about_place("Berlin")
    [s] = story("""
        the the DET DT 2 det
        government government NOUN NN 4 nmod:poss
        's 's PART POS 2 case
        spokesman spokesman NOUN NN 6 compound
        Thomas Thomas PROPN NNP 6 compound
        Steg Steg PROPN NNP 7 nsubj
        criticised criticise VERB VBD 0 root
        Israel Israel PROPN NNP 7 obj
    """)
    events = [e for e in coder.code_story(about + [s]) if e.target.text == "Israel"]
    assert triples(events) == [("DEUGOV", "111", "ISR")]
    # "Association president Rodger Phiri" heads an association, not the government
    [head] = story("""
        Association association PROPN NNP 2 compound
        president president NOUN NN 4 compound
        Rodger Rodger PROPN NNP 4 compound
        Phiri Phiri PROPN NNP 5 nsubj
        criticised criticise VERB VBD 0 root
        Israel Israel PROPN NNP 5 obj
    """)
    events = [e for e in coder.code_story(about + [head]) if e.target.text == "Israel"]
    assert triples(events) == [("DEUCVL", "111", "ISR")]


def test_telling_an_actor_to_act_is_a_demand(coder):
    [s] = story("""
        China China PROPN NNP 2 nsubj
        told tell VERB VBD 0 root
        Japan Japan PROPN NNP 2 obj
        to to PART TO 5 mark
        apologise apologise VERB VB 2 xcomp
    """)
    assert triples(coder.code(s)) == [("CHN", "100", "JPN")]
    [s] = story("""
        China China PROPN NNP 2 nsubj
        told tell VERB VBD 0 root
        Japan Japan PROPN NNP 2 obj
        that that SCONJ IN 7 mark
        it it PRON PRP 7 nsubj
        would would AUX MD 7 aux
        help help VERB VB 2 ccomp
    """)
    assert [e.code for e in coder.code(s)] == ["010"]


def test_a_name_the_parser_read_as_a_verb_is_a_name(coder):
    # "Beijing" ends like a participle: the small model tags it VERB, as an adverbial clause of the
    # verb after it, or a clause with its preposition as a marker ("arrived in Beijing")
    [subject] = story("""
        Beijing Beijing VERB VBG 3 advcl
        again again ADV RB 1 advmod
        told tell VERB VBD 0 root
        Washington Washington PROPN NNP 3 obj
        to to PART TO 6 mark
        leave leave VERB VB 3 xcomp
    """)
    [e] = coder.code(subject)
    assert (e.source.code, e.target.code) == ("CHNGOV", "USAGOV")
    [visit] = story("""
        Putin Putin PROPN NNP 2 nsubj
        arrived arrive VERB VBD 0 root
        in in ADP IN 4 mark
        Beijing Beijing VERB VBG 2 advcl
        on on ADP IN 6 case
        Monday Monday PROPN NNP 4 obl
    """)
    assert [(e.code, e.target.code[:3]) for e in coder.code(visit)] == [("042", "CHN")]


def test_a_wish_that_an_actor_will_act_is_an_appeal_to_it(coder):
    [s] = story("""
        China China PROPN NNP 2 nsubj
        hopes hope VERB VBZ 0 root
        that that SCONJ IN 8 mark
        the the DET DT 6 det
        United United PROPN NNP 6 compound
        States States PROPN NNP 8 nsubj
        will will AUX MD 8 aux
        keep keep VERB VB 2 ccomp
        its its PRON PRP$ 10 nmod:poss
        promises promise NOUN NNS 8 obj
    """)
    assert triples(coder.code_story([s])) == [("CHN", "020", "USA")]


def test_verbs_that_mobilise_forces_only_with_forces_as_object(coder):
    # "build up", "amass", "draft", "mobilise": a show of force with troops as object, not with
    # an economy, runs or regulations (false friends seen in wire stories)
    [economy] = story("""
        China China PROPN NNP 2 nsubj
        built build VERB VBD 0 root
        up up ADP RP 2 compound:prt
        its its PRON PRP$ 5 nmod:poss
        economy economy NOUN NN 2 obj
    """)
    assert coder.code(economy) == []
    [troops] = story("""
        Russia Russia PROPN NNP 2 nsubj
        amassed amass VERB VBD 0 root
        troops troop NOUN NNS 2 obj
        near near ADP IN 6 case
        the the DET DT 6 det
        border border NOUN NN 2 obl
    """)
    assert [e.code for e in coder.code(troops)] == ["154"]


def test_hitting_is_force_only_against_forces_or_by_weapons(coder):
    # "hit seven boundaries", "hit a peak": sport and figures, not force (seen in wire stories)
    [sport] = story("""
        Australian Australian ADJ JJ 2 amod
        Hayden Hayden PROPN NNP 3 nsubj
        hit hit VERB VBD 0 root
        seven seven NUM CD 5 nummod
        boundaries boundary NOUN NNS 3 obj
    """)
    assert coder.code(sport) == []
    [patrol] = story("""
        Iraqi Iraqi ADJ JJ 2 amod
        rebels rebel NOUN NNS 3 nsubj
        hit hit VERB VBD 0 root
        an a DET DT 7 det
        American American ADJ JJ 7 amod
        army army NOUN NN 7 compound
        patrol patrol NOUN NN 3 obj
    """)
    assert [(e.code[:2], e.target.code[:3]) for e in coder.code(patrol)] == [("18", "USA")]  # rebels assault


def test_a_sport_report_is_not_coded(coder):
    # "wickets" says the story is a cricket report: its "attacked the bowling" is no event
    attacked, wickets = story("""
        Australia Australia PROPN NNP 2 nsubj
        attacked attack VERB VBD 0 root
        England England PROPN NNP 2 obj
    """, """
        Warne Warne PROPN NNP 2 nsubj
        took take VERB VBD 0 root
        five five NUM CD 4 nummod
        wickets wicket NOUN NNS 2 obj
    """)
    assert coder.code_story([attacked]) != []
    assert coder.code_story([attacked, wickets]) == []


def test_showing_something_and_a_month_are_no_protest(coder):
    # "demonstrated its commitment" shows, "demonstrated outside the embassy" protests; "March"
    # read as a verb before a day is a date
    [shows] = story("""
        Iran Iran PROPN NNP 2 nsubj
        demonstrated demonstrate VERB VBD 0 root
        its its PRON PRP$ 4 nmod:poss
        commitment commitment NOUN NN 2 obj
    """)
    assert coder.code(shows) == []
    [protests] = story("""
        Iranian Iranian ADJ JJ 2 amod
        students student NOUN NNS 3 nsubj
        demonstrated demonstrate VERB VBD 0 root
        outside outside ADP IN 7 case
        the the DET DT 7 det
        French French ADJ JJ 7 amod
        embassy embassy NOUN NN 3 obl
    """)
    assert [e.code for e in coder.code(protests)] == ["141"]
    [month] = story("""
        Iran Iran PROPN NNP 0 root
        Security Security PROPN NNP 3 compound
        Council Council PROPN NNP 1 appos
        March march VERB VBD 1 acl
        28 28 NUM CD 4 obj
    """)
    assert coder.code(month) == []


def test_what_a_disaster_or_an_accident_does_is_no_event(coder):
    # lexicon natural_cause: as the doer ("an earthquake killed ...") or as the occasion ("were
    # killed in a road accident"); people killed by troops are an event
    [quake] = story("""
        An a DET DT 2 det
        earthquake earthquake NOUN NN 3 nsubj
        killed kill VERB VBD 0 root
        ten ten NUM CD 6 nummod
        Iranian Iranian ADJ JJ 6 amod
        villagers villager NOUN NNS 3 obj
    """)
    assert coder.code(quake) == []
    [accident] = story("""
        Seven seven NUM CD 2 nummod
        Ugandans Ugandan PROPN NNPS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        killed kill VERB VBN 0 root
        in in ADP IN 8 case
        a a DET DT 8 det
        road road NOUN NN 8 compound
        accident accident NOUN NN 4 obl
    """)
    assert coder.code(accident) == []
    [troops] = story("""
        Seven seven NUM CD 2 nummod
        Ugandans Ugandan PROPN NNPS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        killed kill VERB VBN 0 root
        in in ADP IN 6 case
        clashes clash NOUN NNS 4 obl
    """)
    assert coder.code(troops) != []


def test_handing_down_a_sentence_is_finding_guilty(coder):
    [s] = story("""
        Chinese Chinese ADJ JJ 2 amod
        judges judge NOUN NNS 3 nsubj
        handed hand VERB VBD 0 root
        down down ADP RP 3 compound:prt
        the the DET DT 6 det
        sentence sentence NOUN NN 3 obj
        to to ADP IN 10 case
        the the DET DT 10 det
        Taiwanese Taiwanese ADJ JJ 10 amod
        businessman businessman NOUN NN 3 obl
    """)
    assert triples(coder.code(s)) == [("CHNJUD", "116", "TWNBUS")]


def test_a_short_name_read_as_a_pronoun_stands_for_the_name_given_before(coder):
    # "Hu Jintao ..." then "Hu criticised Japan", with 'Hu' tagged a pronoun (lemma capitalised,
    # as no pronoun's is) and two letters long
    first, second = story("""
        Chinese Chinese ADJ JJ 3 amod
        President President PROPN NNP 3 compound
        Hu Hu PROPN NNP 5 nsubj
        Jintao Jintao PROPN NNP 3 flat
        met meet VERB VBD 0 root
        Bush Bush PROPN NNP 5 obj
    """, """
        Hu Hu PRON PRP 2 nsubj
        criticised criticise VERB VBD 0 root
        Japan Japan PROPN NNP 2 obj
    """)
    events = [e for e in coder.code_story([first, second]) if e.sentence.sentence_id == 2]
    assert triples(events) == [("CHNGOV", "111", "JPN")]


def test_the_open_clause_of_a_negated_verb_is_not_done_and_going_to_is_planned(coder):
    [negated] = story("""
        Israel Israel PROPN NNP 4 nsubj
        did do AUX VBD 4 aux
        not not PART RB 4 advmod
        agree agree VERB VB 0 root
        to to PART TO 6 mark
        release release VERB VB 4 xcomp
        Palestinian Palestinian ADJ JJ 8 amod
        prisoners prisoner NOUN NNS 6 obj
    """)
    assert coder.code(negated) == []
    [going] = story("""
        Israel Israel PROPN NNP 3 nsubj
        is be AUX VBZ 3 aux
        going go VERB VBG 0 root
        to to PART TO 5 mark
        attack attack VERB VB 3 xcomp
        Lebanon Lebanon PROPN NNP 5 obj
    """)
    [e] = coder.code(going)
    assert (e.code[:2], e.modality) == ("13", "future")  # planned force is a threat


def test_what_an_actor_is_urged_to_do_is_not_done(coder):
    [s] = story("""
        Russia Russia PROPN NNP 2 nsubj
        urged urge VERB VBD 0 root
        China China PROPN NNP 2 obj
        to to PART TO 5 mark
        start start VERB VB 2 xcomp
        a a DET DT 7 det
        dialogue dialogue NOUN NN 5 obj
        with with ADP IN 9 case
        Japan Japan PROPN NNP 7 nmod
    """)
    events = coder.code(s)
    assert events and all(e.code.startswith("02") for e in events)  # the appeal, not talks


def test_a_dateline_is_no_actor_wherever_it_opens_a_sentence(coder):
    # a digest of briefs: "BANGKOK, Nov. 28 (Xinhua) -- ..." opens the second sentence too
    first = """
        Thailand Thailand PROPN NNP 2 nsubj
        criticised criticise VERB VBD 0 root
        Laos Laos PROPN NNP 2 obj
    """
    brief = """
        BANGKOK Bangkok PROPN NNP 10 obl
        , , PUNCT , 1 punct
        Nov. Nov. PROPN NNP 1 appos
        28 28 NUM CD 3 nummod
        ( ( PUNCT -LRB- 6 punct
        Xinhua Xinhua PROPN NNP 1 appos
        ) ) PUNCT -RRB- 6 punct
        -- -- PUNCT : 10 punct
        Thailand Thailand PROPN NNP 10 nsubj
        criticised criticise VERB VBD 0 root
        Cambodia Cambodia PROPN NNP 10 obj
    """
    from eventcoder.coding.story import Story

    analyses = [coder.analyse(s) for s in story(first, brief)]
    assert {1, 6} <= set(analyses[1].actor_at)  # Bangkok and Xinhua are names the dictionaries know
    Story(coder, analyses)
    assert not {1, 6} & set(analyses[1].actor_at)  # ... but in a dateline they are no actors
    events = [e for e in coder.code_story(story(first, brief)) if e.sentence.sentence_id == 2]
    assert triples(events) == [("THA", "111", "KHM")]


def test_a_purpose_clause_after_telling_is_no_demand(coder):
    # "told the BBC in an interview to be broadcast Monday": what is to be done with the
    # interview, not what the BBC is told to do
    [s] = story("""
        Annan Annan PROPN NNP 2 nsubj
        told tell VERB VBD 0 root
        Japan Japan PROPN NNP 2 obj
        in in ADP IN 6 case
        an a DET DT 6 det
        interview interview NOUN NN 2 obl
        to to PART TO 9 mark
        be be AUX VB 9 cop
        broadcast broadcast VERB VBN 2 advcl
    """)
    assert [e.code for e in coder.code(s)] != ["100"]


def test_holding_up_talks_is_not_holding_them(coder):
    [s] = story("""
        Germany Germany PROPN NNP 2 nsubj
        held hold VERB VBD 0 root
        up up ADP RP 2 compound:prt
        talks talk NOUN NNS 2 obj
        on on ADP IN 8 case
        Croatia Croatia PROPN NNP 8 nmod:poss
        's 's PART POS 6 case
        membership membership NOUN NN 4 nmod
    """)
    assert not [e for e in coder.code(s) if e.anchor.lemma == "hold"]  # the verb holds no talks


def test_targeting_a_market_is_no_force(coder):
    # in a story about Korea, "Daewoo targets the world market" is no force; "targeted troops" is
    about = about_place("Seoul")
    market, troops = story("""
        Korean Korean ADJ JJ 2 amod
        firms firm NOUN NNS 3 nsubj
        targeted target VERB VBD 0 root
        the the DET DT 6 det
        world world NOUN NN 6 compound
        market market NOUN NN 3 obj
    """, """
        Korean Korean ADJ JJ 2 amod
        rebels rebel NOUN NNS 3 nsubj
        targeted target VERB VBD 0 root
        Japanese Japanese ADJ JJ 5 amod
        troops troop NOUN NNS 3 obj
    """)
    assert coder.code_story(about + [market]) == []
    assert [e.code[:2] for e in coder.code_story(about + [troops])] == ["18"]


def test_measures_alone_are_no_restrictions(coder):
    # "approved measures to promote agricultural production", "announced a package of measures
    # covering assistance": measures are what a government does, not restrictions
    about = about_place("Lagos")
    measures, restrictions = story("""
        The the DET DT 2 det
        government government NOUN NN 3 nsubj
        approved approve VERB VBD 0 root
        new new ADJ JJ 5 amod
        measures measure NOUN NNS 3 obj
    """, """
        The the DET DT 2 det
        government government NOUN NN 3 nsubj
        imposed impose VERB VBD 0 root
        new new ADJ JJ 5 amod
        restrictions restriction NOUN NNS 3 obj
    """)
    assert coder.code_story(about + [measures]) == []
    assert [e.code for e in coder.code_story(about + [restrictions])] == ["172"]


def test_are_to_meet_is_planned_also_with_be_tagged_an_auxiliary(coder):
    [s] = story("""
        Japan Japan PROPN NNP 6 nsubj
        and and CCONJ CC 3 cc
        China China PROPN NNP 1 conj
        are be AUX VBP 6 aux
        to to PART TO 6 mark
        meet meet VERB VB 0 root
        on on ADP IN 8 case
        Friday Friday PROPN NNP 6 obl
    """)
    assert {(e.code, e.modality) for e in coder.code(s)} == {("036", "future")}


def test_a_subject_parsed_as_a_conjunct_inside_a_fronted_clause_is_the_verb_s(coder):
    # "Declining to comment on talks, Kuwait criticised Iraq" with 'Kuwait' a conjunct of 'talks'
    [s] = story("""
        Declining decline VERB VBG 8 advcl
        to to PART TO 3 mark
        comment comment VERB VB 1 xcomp
        on on ADP IN 5 case
        talks talk NOUN NNS 3 obl
        , , PUNCT , 7 punct
        Kuwait Kuwait PROPN NNP 5 conj
        criticised criticise VERB VBD 0 root
        Iraq Iraq PROPN NNP 8 obj
    """)
    assert triples(coder.code(s)) == [("KWT", "111", "IRQ")]
    # a conjunct whose phrase does not end at the verb is no subject
    [apart] = story("""
        Declining decline VERB VBG 9 advcl
        to to PART TO 3 mark
        comment comment VERB VB 1 xcomp
        on on ADP IN 5 case
        talks talk NOUN NNS 3 obl
        , , PUNCT , 7 punct
        Kuwait Kuwait PROPN NNP 5 conj
        quickly quickly ADV RB 9 advmod
        criticised criticise VERB VBD 0 root
        Iraq Iraq PROPN NNP 9 obj
    """)
    assert coder.rules.repaired(coder, apart) is apart


def test_it_stands_for_an_organisation_the_story_placed_in_another_country(coder):
    # "India's Congress criticised the government. It accused Pakistan": 'Congress' (a legislature
    # the dictionaries know) is India's here, and an organisation, so 'it' stands for it
    sents = story(INDIA_S_CONGRESS, """
        It it PRON PRP 2 nsubj
        accused accuse VERB VBD 0 root
        China China PROPN NNP 2 obj
    """)
    events = triples(coder.code_story(sents))
    assert ("INDLEG", "112", "CHN") in events, events


def test_here_is_the_first_town_the_story_names_when_it_has_no_dateline(coder):
    # "Arafat arrived here. He held talks in Cairo. ...": a story about Palestinians, told from Cairo
    sents = story("""
        Arafat Arafat PROPN NNP 2 nsubj
        arrived arrive VERB VBD 0 root
        here here ADV RB 2 advmod
    """, """
        Arafat Arafat PROPN NNP 2 nsubj
        spoke speak VERB VBD 0 root
        in in ADP IN 4 case
        Cairo Cairo PROPN NNP 2 obl
    """, *[f"""
        Palestinian Palestinian ADJ JJ 2 amod
        police police NOUN NN 3 nsubj
        searched search VERB VBD 0 root
        Gaza Gaza PROPN NNP 3 obj
    """] * 3, date="1997-04-14")
    events = triples(coder.code_story(sents))
    assert ("PSEGOV", "042", "EGY") in events, events


def test_a_visit_with_no_place_visited_is_to_the_other_party_of_its_clause(coder):
    # "Brazil and Russia signed a pact during a visit by Putin"
    [s] = story("""
        Brazil Brazil PROPN NNP 4 nsubj
        and and CCONJ CC 3 cc
        Russia Russia PROPN NNP 1 conj
        signed sign VERB VBD 0 root
        a a DET DT 6 det
        pact pact NOUN NN 4 obj
        during during ADP IN 9 case
        a a DET DT 9 det
        visit visit NOUN NN 4 obl
        by by ADP IN 11 case
        Putin Putin PROPN NNP 9 nmod
    """)
    events = triples(coder.code(s))
    assert ("RUSGOV", "042", "BRA") in events, events
    assert not any(e[1] == "042" and e[2].startswith("RUS") for e in events)


def test_buying_arms_from_a_country_is_military_cooperation_with_it(coder):
    # "India bought jets from Russia"; "Indonesia plans to buy Russian arms"; not any purchase
    [bought] = story("""
        India India PROPN NNP 2 nsubj
        bought buy VERB VBD 0 root
        jets jet NOUN NNS 2 obj
        from from ADP IN 5 case
        Russia Russia PROPN NNP 2 obl
    """)
    assert triples(coder.code(bought)) == [("IND", "062", "RUS")]
    [planned] = story("""
        Indonesia Indonesia PROPN NNP 2 nsubj
        plans plan VERB VBZ 0 root
        to to PART TO 4 mark
        buy buy VERB VB 2 xcomp
        Russian Russian ADJ JJ 6 amod
        arms arm NOUN NNS 4 obj
    """)
    assert triples(coder.code(planned)) == [("IDN", "0312", "RUS")]
    [shares] = story("""
        Chinese Chinese ADJ JJ 2 amod
        farmers farmer NOUN NNS 3 nsubj
        bought buy VERB VBD 0 root
        shares share NOUN NNS 3 obj
        from from ADP IN 6 case
        Japan Japan PROPN NNP 3 obl
    """)
    assert coder.code(shares) == []


def test_force_against_a_role_s_possession_targets_the_role(coder):
    # "Peruvian troops stormed the Japanese ambassador's residence"
    [s] = story("""
        Peruvian Peruvian ADJ JJ 2 amod
        troops troops NOUN NNS 3 nsubj
        stormed storm VERB VBD 0 root
        the the DET DT 6 det
        Japanese Japanese ADJ JJ 6 amod
        ambassador ambassador NOUN NN 8 nmod:poss
        's 's PART POS 6 case
        residence residence NOUN NN 3 obj
    """)
    assert triples(coder.code(s)) == [("PERMIL", "190", "JPNGOV")]


def test_the_parties_between_which_an_object_lies_are_targets(coder):
    # "The UN welcomed the talks between Uganda and Kenya"; "Kenya praised the ties between Kenya and Uganda"
    [s] = story("""
        The the DET DT 2 det
        UN UN PROPN NNP 3 nsubj
        welcomed welcome VERB VBD 0 root
        the the DET DT 5 det
        talks talk NOUN NNS 3 obj
        between between ADP IN 7 case
        Uganda Uganda PROPN NNP 5 nmod
        and and CCONJ CC 9 cc
        Kenya Kenya PROPN NNP 7 conj
    """)
    events = triples(coder.code(s))
    assert ("IGOUNO", "051", "KEN") in events and ("IGOUNO", "051", "UGA") in events, events
    [own] = story("""
        Kenya Kenya PROPN NNP 2 nsubj
        praised praise VERB VBD 0 root
        the the DET DT 4 det
        ties tie NOUN NNS 2 obj
        between between ADP IN 6 case
        Kenya Kenya PROPN NNP 4 nmod
        and and CCONJ CC 8 cc
        Uganda Uganda PROPN NNP 6 conj
    """)
    assert triples(coder.code(own)) == [("KEN", "051", "UGA")]


def test_working_with_an_actor_is_cooperation_and_confidence_of_doing_an_intent(coder):
    # "China is ready to work with Cuba"; "China is confident of forging ties with Cuba"
    [ready] = story("""
        China China PROPN NNP 3 nsubj
        is be AUX VBZ 3 cop
        ready ready ADJ JJ 0 root
        to to PART TO 5 mark
        work work VERB VB 3 xcomp
        with with ADP IN 7 case
        Cuba Cuba PROPN NNP 5 obl
    """)
    assert triples(coder.code(ready)) == [("CHN", "031", "CUB")]
    [confident] = story("""
        China China PROPN NNP 3 nsubj
        is be AUX VBZ 3 cop
        confident confident ADJ JJ 0 root
        of of SCONJ IN 5 mark
        forging forge VERB VBG 3 advcl
        ties tie NOUN NNS 5 obj
        with with ADP IN 8 case
        Cuba Cuba PROPN NNP 5 obl
    """)
    assert triples(coder.code(confident)) == [("CHN", "032", "CUB")]


def test_a_hostile_act_ended_or_denied_is_no_act_of_the_subject(coder):
    # "Israel lifted the blockade of Gaza": no blockade; "Syria denied involvement in the attack"
    [lifted] = story("""
        Israel Israel PROPN NNP 2 nsubj
        lifted lift VERB VBD 0 root
        the the DET DT 4 det
        blockade blockade NOUN NN 2 obj
        of of ADP IN 6 case
        Gaza Gaza PROPN NNP 4 nmod
    """)
    assert not any(code.startswith("19") for _, code, _ in triples(coder.code(lifted)))
    [denied] = story("""
        Syria Syria PROPN NNP 2 nsubj
        denied deny VERB VBD 0 root
        involvement involvement NOUN NN 2 obj
        in in ADP IN 6 case
        the the DET DT 6 det
        attack attack NOUN NN 2 obl
    """)
    assert coder.code(denied) == []
    # a visit ended was made
    [ended] = story("""
        Putin Putin PROPN NNP 2 nsubj
        ended end VERB VBD 0 root
        his his PRON PRP$ 4 nmod:poss
        visit visit NOUN NN 2 obj
        to to ADP IN 6 case
        Japan Japan PROPN NNP 4 nmod
    """)
    assert ("RUSGOV", "042", "JPN") in triples(coder.code(ended))


def test_a_name_read_as_the_root_verb_is_the_subject_of_the_verb_after_it(coder):
    # "Beijing protested to Tokyo" with 'Beijing' a verb, the root, and 'protested' its clause
    [s] = story("""
        Beijing Beijing VERB VBG 0 root
        protested protest VERB VBN 1 xcomp
        to to ADP IN 4 case
        Tokyo Tokyo PROPN NNP 2 obl
        . . PUNCT . 1 punct
    """)
    assert triples(coder.code(s)) == [("CHNGOV", "114", "JPNGOV")]


def test_retaliation_is_force_only_when_force_is_named(coder):
    # "Israel retaliated against Syria" (how, the sentence does not say); "... with airstrikes"
    [bare] = story("""
        Israel Israel PROPN NNP 2 nsubj
        retaliated retaliate VERB VBD 0 root
        against against ADP IN 4 case
        Syria Syria PROPN NNP 2 obl
    """)
    assert coder.code(bare) == []
    [force] = story("""
        Israel Israel PROPN NNP 2 nsubj
        retaliated retaliate VERB VBD 0 root
        with with ADP IN 4 case
        airstrikes airstrike NOUN NNS 2 obl
        on on ADP IN 6 case
        Syria Syria PROPN NNP 4 nmod
    """)
    assert triples(coder.code(force)) == [("ISR", "195", "SYR")]


def test_two_country_adjectives_joined_on_the_second_make_two_actors(coder):
    # "Annan met the Israeli and Palestinian leaders" with 'and' hung on 'Palestinian'
    [s] = story("""
        Annan Annan PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        the the DET DT 7 det
        Israeli Israeli ADJ JJ 7 amod
        and and CCONJ CC 6 cc
        Palestinian Palestinian ADJ JJ 7 amod
        leaders leader NOUN NNS 2 obj
    """)
    events = triples(coder.code(s))
    assert ("IGOUNO", "040", "ISRGOV") in events and ("IGOUNO", "040", "PSEGOV") in events, events


def test_a_particle_read_as_a_preposition_makes_the_phrasal_verb(coder):
    # "Pakistan handed over the suspect to India" with 'over' the preposition of 'suspect'
    [s] = story("""
        Pakistan Pakistan PROPN NNP 2 nsubj
        handed hand VERB VBD 0 root
        over over ADP IN 5 case
        the the DET DT 5 det
        suspect suspect NOUN NN 2 obl
        to to ADP IN 7 case
        India India PROPN NNP 5 nmod
    """)
    assert triples(coder.code(s)) == [("PAK", "063", "IND")]
    # a preposition that makes no phrasal verb of the dictionaries stays one
    [kept] = story("""
        Annan Annan PROPN NNP 2 nsubj
        presided preside VERB VBD 0 root
        over over ADP IN 5 case
        the the DET DT 5 det
        talks talk NOUN NNS 2 obl
    """)
    assert coder.rules.repaired(coder, kept) is kept


def test_concern_over_an_actor_s_plan_is_a_comment_on_that_actor(coder):
    # "Russia voiced concern over the US plan"
    [s] = story("""
        Russia Russia PROPN NNP 2 nsubj
        voiced voice VERB VBD 0 root
        concern concern NOUN NN 2 obj
        over over ADP IN 7 case
        the the DET DT 7 det
        US US PROPN NNP 7 compound
        plan plan NOUN NN 2 obl
    """)
    assert triples(coder.code(s)) == [("RUS", "012", "USA")]


def test_a_clause_read_as_a_phrase_and_a_conjunct_verb_is_a_clause(coder):
    # "The talks were delayed after Greek troops shelled Cyprus" with 'troops' an oblique of
    # 'delayed' ("after Greek troops") and 'shelled' a conjunct with no subject and no 'and'
    rows = """
        The the DET DT 2 det
        talks talk NOUN NNS 4 nsubj:pass
        were be AUX VBD 4 aux:pass
        delayed delay VERB VBN 0 root
        after after ADP IN 7 case
        Greek Greek ADJ JJ 7 amod
        troops troops NOUN NNS 4 obl
        shelled shell VERB VBD 4 {rel}
        Cyprus Cyprus PROPN NNP 8 obj
    """
    [s] = story(rows.replace("{rel}", "conj"))
    assert triples(coder.code(s)) == [("GRCMIL", "194", "CYP")]
    repaired = coder.rules.repaired(coder, s)
    assert [(w.head, w.deprel) for w in repaired.words[4:8]] == [(8, "mark"), (7, "amod"), (8, "nsubj"), (4, "advcl")]
    # with 'and' before it the verb is a real conjunct: nothing to repair
    [joined] = story(rows.replace("{rel}", "conj").replace("shelled shell VERB VBD 4 conj",
                                                           "and and CCONJ CC 9 cc\n shelled shell VERB VBD 4 conj")
                     .replace("Cyprus Cyprus PROPN NNP 8 obj", "Cyprus Cyprus PROPN NNP 9 obj"))
    assert coder.rules.repaired(coder, joined) is joined


def test_an_act_since_which_a_state_holds_is_background(coder):
    # "The border has been closed since Israel invaded Lebanon": the invasion is background
    since = """
        The the DET DT 2 det
        border border NOUN NN 5 nsubj:pass
        has have AUX VBZ 5 aux
        been be AUX VBN 5 aux:pass
        closed close VERB VBN 0 root
        {mark} {mark} SCONJ IN 8 mark
        Israel Israel PROPN NNP 8 nsubj
        invaded invade VERB VBD 5 advcl
        Lebanon Lebanon PROPN NNP 8 obj
    """
    [s] = story(since.replace("{mark}", "since"))
    assert coder.code(s) == []
    [after] = story(since.replace("{mark}", "after"))
    assert ("ISR", "192", "LBN") in triples(coder.code(after))


def test_an_event_noun_in_a_topic_phrase_of_a_light_verb_is_not_its_subject_s(coder):
    # "Egypt expressed condolences to Israel over the attack": 'express' carries 'condolences',
    # not the attack in its 'over' phrase (lexicon carrying_preposition)
    [s] = story("""
        Egypt Egypt PROPN NNP 2 nsubj
        expressed express VERB VBD 0 root
        condolences condolence NOUN NNS 2 obj
        to to ADP IN 5 case
        Israel Israel PROPN NNP 2 obl
        over over ADP IN 8 case
        the the DET DT 8 det
        attack attack NOUN NN 2 obl
    """)
    assert triples(coder.code(s)) == [("EGY", "018", "ISR")]


def test_an_infinitive_clause_of_a_noun_of_aim_is_the_aim_of_the_light_verb_s_subject(coder):
    # "Japan made efforts to improve ties with China" (lexicon aim_noun, light_verb): Japan's
    # intent to cooperate, whether the clause hangs on 'efforts' or on 'made'
    rows = """
        Japan Japan PROPN NNP 2 nsubj
        {verb} {lemma} VERB VBD 0 root
        efforts effort NOUN NNS 2 obj
        to to PART TO 5 mark
        improve improve VERB VB {head} {rel}
        ties tie NOUN NNS 5 obj
        with with ADP IN 8 case
        China China PROPN NNP 5 obl
    """
    for head, rel in (("3", "acl"), ("2", "xcomp")):
        [s] = story(rows.format(verb="made", lemma="make", head=head, rel=rel))
        assert [(e.source.code, e.code[:2], e.target.code, e.modality) for e in coder.code(s)] \
            == [("JPN", "03", "CHN", "intent")]
    # someone else's attempt: "Japan foiled efforts to improve ties with China" is not Japan's
    [foiled] = story(rows.format(verb="foiled", lemma="foil", head="3", rel="acl"))
    assert not any(e.source.code == "JPN" for e in coder.code(foiled))


def test_an_attempt_or_decision_to_act_is_no_act_done(coder):
    # "Police foiled an attempt to kill the minister": the killing is aimed at (lexicon
    # aim_noun), not done, and whose aim it was is not said: no event of force
    [s] = story("""
        Police police NOUN NNS 2 nsubj
        foiled foil VERB VBD 0 root
        an a DET DT 4 det
        attempt attempt NOUN NN 2 obj
        to to PART TO 6 mark
        kill kill VERB VB 4 acl
        the the DET DT 9 det
        Greek Greek ADJ JJ 9 amod
        minister minister NOUN NN 6 obj
    """)
    assert not any(e.code[:2] in ("18", "19", "20") for e in coder.code(s))


def test_a_name_after_a_comma_hung_on_a_role_as_a_conjunct_is_its_apposition():
    # "the Afghan minister, Rangeen Spanta, ..." parsed with the name a conjunct of 'minister':
    # one person, not two actors; with 'and' the name is another actor
    from eventcoder.coding.actors import apposed_names
    rows = """
        Pakistan Pakistan PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        the the DET DT 5 det
        Afghan Afghan ADJ JJ 5 amod
        minister minister NOUN NN 2 obj
        {sep} {sep} {tag} {tag} 7 {rel}
        Rangeen Rangeen PROPN NNP 5 conj
        Spanta Spanta PROPN NNP 7 flat
    """
    [apposed] = story(rows.format(sep=",", tag="PUNCT", rel="punct"))
    [joined] = story(rows.format(sep="and", tag="CCONJ", rel="cc"))
    roles = frozenset({"minister"})
    assert apposed_names(apposed, apposed.word(5), roles) == {7}
    assert apposed_names(joined, joined.word(5), roles) == set()
    assert apposed_names(apposed, apposed.word(5), frozenset()) == set()


def test_an_unknown_name_apposed_to_a_role_is_no_second_actor_of_the_story_country(coder):
    # in a story about Pakistan, "Musharraf met the Afghan minister, Rangeen Spanta": the name is
    # the minister's, not a Pakistani civilian's
    sents = about_place("Islamabad") + story("""
        Musharraf Musharraf PROPN NNP 2 nsubj
        met meet VERB VBD 0 root
        the the DET DT 5 det
        Afghan Afghan ADJ JJ 5 amod
        minister minister NOUN NN 2 obj
        , , PUNCT , 7 punct
        Rangeen Rangeen PROPN NNP 5 conj
        Spanta Spanta PROPN NNP 7 flat
    """)
    assert {(e.source.code, e.target.code) for e in coder.code_story(sents) if e.code == "040"} \
        == {("PAKGOV", "AFGGOV"), ("AFGGOV", "PAKGOV")}


def test_a_name_split_into_two_subjects_is_one_name(coder):
    # "Wang Jun, governor of Hebei, criticised ..." parsed with 'Wang' and 'Jun' both subjects and
    # the apposition on 'Wang': one person, the apposition the name's
    [s] = story("""
        Wang Wang PROPN NNP 7 nsubj
        Jun Jun PROPN NNP 7 nsubj
        , , PUNCT , 4 punct
        governor governor NOUN NN 1 appos
        of of ADP IN 6 case
        Hebei Hebei PROPN NNP 4 nmod
        criticised criticise VERB VBD 0 root
        Taiwan Taiwan PROPN NNP 7 obj
    """)
    repaired = coder.rules.repaired(coder, s)
    assert [(w.head, w.deprel) for w in repaired.words[:4]] == [(2, "compound"), (7, "nsubj"), (4, "punct"), (2, "appos")]
    # two names with a comma between are two subjects, left as they are
    [listed] = story("""
        Wang Wang PROPN NNP 4 nsubj
        , , PUNCT , 3 punct
        Li Li PROPN NNP 4 nsubj
        criticised criticise VERB VBD 0 root
        Taiwan Taiwan PROPN NNP 4 obj
    """)
    assert coder.rules.repaired(coder, listed) is listed


def test_an_unknown_person_takes_the_role_of_their_apposition(coder):
    # in a story about China, "Wang Jun, governor of Hebei, criticised Taiwan": a governor (GOV),
    # not a civilian of the story's country
    sents = about_place("Beijing") + story("""
        Wang Wang PROPN NNP 2 compound
        Jun Jun PROPN NNP 7 nsubj
        , , PUNCT , 4 punct
        governor governor NOUN NN 2 appos
        of of ADP IN 6 case
        Hebei Hebei PROPN NNP 4 nmod
        criticised criticise VERB VBD 0 root
        Taiwan Taiwan PROPN NNP 7 obj
    """)
    assert [(e.source.code, e.code, e.target.code) for e in coder.code_story(sents) if e.code == "111"] \
        == [("CHNGOV", "111", "TWN")]


def test_a_noun_inside_a_planned_act_s_phrase_is_planned_too(coder):
    # "Indonesia and Russia will sign an agreement on trade during Yudhoyono's visit to Russia": the
    # visit is to come (036), as the signing is
    [s] = story("""
        Indonesia Indonesia PROPN NNP 5 nsubj
        and and CCONJ CC 3 cc
        Russia Russia PROPN NNP 1 conj
        will will AUX MD 5 aux
        sign sign VERB VB 0 root
        an a DET DT 7 det
        agreement agreement NOUN NN 5 obj
        on on ADP IN 9 case
        trade trade NOUN NN 7 nmod
        during during ADP IN 13 case
        Yudhoyono Yudhoyono PROPN NNP 13 nmod:poss
        's 's PART POS 11 case
        visit visit NOUN NN 9 nmod
        to to ADP IN 15 case
        Russia Russia PROPN NNP 13 nmod
    """)
    got = triples(coder.code(s))
    assert ("IDNGOV", "036", "RUS") in got and ("IDNGOV", "042", "RUS") not in got


def test_a_doubled_word_read_as_a_verb_modifies_the_noun_after_it(coder):
    # "Kenya and Uganda agreed to face-to-face talks" split as "to face" (a verb) with "talks" its
    # oblique: the talks are what was agreed to (an intent to meet), not an accord
    rows = """
        Kenya Kenya PROPN NNP 4 nsubj
        and and CCONJ CC 3 cc
        Uganda Uganda PROPN NNP 1 conj
        agreed agree VERB VBD 0 root
        to to PART TO 6 mark
        face face VERB VB 4 xcomp
        - - PUNCT HYPH 8 punct
        to to ADP IN 11 case
        - - PUNCT HYPH 8 punct
        face face NOUN NN 11 compound
        talks talk NOUN NNS 6 obl
    """
    [s] = story(rows)
    got = triples(coder.code(s))
    assert ("KEN", "036", "UGA") in got and ("UGA", "036", "KEN") in got
    assert not any(c == "019" for _, c, _ in got)
    repaired = coder.rules.repaired(coder, s)
    assert (repaired.word(11).head, repaired.word(11).deprel) == (4, "obl")
    assert (repaired.word(5).head, repaired.word(5).deprel) == (11, "case")


def test_a_planned_visit_is_planned_when_the_tagger_gives_the_participle_its_verb_s_lemma(coder):
    # 'planned' as an amod VBN with lemma 'plan': lexicon intent_modifier holds the form
    rows = """
        Officials official NOUN NNS 2 nsubj
        announced announce VERB VBD 0 root
        the the DET DT 5 det
        Kenyan Kenyan ADJ JJ 5 amod
        president president NOUN NN 8 nmod:poss
        's 's PART POS 5 case
        {tag}
        visit visit NOUN NN 2 obj
        to to ADP IN 10 case
        Uganda Uganda PROPN NNP 8 nmod
    """
    for tag in ("planned plan VERB VBN 8 amod", "planned planned ADJ JJ 8 amod"):
        [s] = story(rows.replace("{tag}", tag))
        assert triples(coder.code(s)) == [("KENGOV", "036", "UGA")], tag


def test_troops_stationed_somewhere_are_a_state_not_a_deployment(coder):
    # a show of force (class posture) as a reduced participle of its noun is a state
    rows = """
        The the DET DT 3 det
        British British ADJ JJ 3 amod
        troops troops NOUN NNS 8 nsubj
        {verb}
        in in ADP IN 6 case
        Iraq Iraq PROPN NNP 4 obl
        are be AUX VBP 8 cop
        tired tired ADJ JJ 0 root
    """
    [s] = story(rows.replace("{verb}", "stationed station VERB VBN 3 acl"))
    assert not any(c.startswith("15") for _, c, _ in triples(coder.code(s)))
