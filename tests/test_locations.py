"""Event locations on hand-written UD parses (v2 and the older v1 labels)."""
from __future__ import annotations

import pytest

from eventcoder.enrich import places as locations
from eventcoder.io.conllu import parse_conllu_lines
from eventcoder.enrich.places import Location, Places


@pytest.fixture(scope="module")
def places(dictionaries):
    """Places read with the project's dictionaries (their lexicon, actors and country names)."""
    return Places(dictionaries)


def parse(text: str, rows: str):
    """A sentence from compact rows 'ID FORM LEMMA UPOS HEAD DEPREL' (one per line)."""
    lines = [f"# text = {text}"]
    for row in rows.strip().splitlines():
        i, form, lemma, upos, head, rel = row.split()
        lines.append("\t".join([i, form, lemma, upos, "_", "_", head, rel, "_", "_"]))
    return next(parse_conllu_lines(lines + [""], "test.conllu"))


def anchor(sentence, lemma):
    return next(w for w in sentence.words if w.lemma == lemma)


AFRIN = parse("Turkish troops shelled Kurdish positions near Afrin on Tuesday.", """
1 Turkish Turkish ADJ 2 amod
2 troops troops NOUN 3 nsubj
3 shelled shell VERB 0 root
4 Kurdish Kurdish ADJ 5 amod
5 positions position NOUN 3 obj
6 near near ADP 7 case
7 Afrin Afrin PROPN 5 nmod
8 on on ADP 9 case
9 Tuesday Tuesday PROPN 3 obl
10 . . PUNCT 3 punct
""")

KIRKUK = parse("A car bomb exploded in the northern city of Kirkuk.", """
1 A a DET 3 det
2 car car NOUN 3 compound
3 bomb bomb NOUN 4 nsubj
4 exploded explode VERB 0 root
5 in in ADP 8 case
6 the the DET 8 det
7 northern northern ADJ 8 amod
8 city city NOUN 4 obl
9 of of ADP 10 case
10 Kirkuk Kirkuk PROPN 8 nmod
11 . . PUNCT 4 punct
""")

BORDER = parse("Armenian forces clashed with Azerbaijani troops on the border with Azerbaijan.", """
1 Armenian Armenian ADJ 2 amod
2 forces force NOUN 3 nsubj
3 clashed clash VERB 0 root
4 with with ADP 6 case
5 Azerbaijani Azerbaijani ADJ 6 amod
6 troops troops NOUN 3 obl
7 on on ADP 9 case
8 the the DET 9 det
9 border border NOUN 3 obl
10 with with ADP 11 case
11 Azerbaijan Azerbaijan PROPN 9 nmod
12 . . PUNCT 3 punct
""")

IDLIB = parse("Russian jets bombed rebel positions in Idlib province.", """
1 Russian Russian ADJ 2 amod
2 jets jet NOUN 3 nsubj
3 bombed bomb VERB 0 root
4 rebel rebel NOUN 5 compound
5 positions position NOUN 3 obj
6 in in ADP 8 case
7 Idlib Idlib PROPN 8 compound
8 province province NOUN 5 nmod
9 . . PUNCT 3 punct
""")

ALEPPO = parse("Rebels attacked Aleppo on Sunday.", """
1 Rebels rebel NOUN 2 nsubj
2 attacked attack VERB 0 root
3 Aleppo Aleppo PROPN 2 obj
4 on on ADP 5 case
5 Sunday Sunday PROPN 2 obl
6 . . PUNCT 2 punct
""")

GAZA = parse("Israeli troops entered Gaza City.", """
1 Israeli Israeli ADJ 2 amod
2 troops troops NOUN 3 nsubj
3 entered enter VERB 0 root
4 Gaza Gaza PROPN 5 compound
5 City City PROPN 3 obj
6 . . PUNCT 3 punct
""")

# UD v1 labels: dobj, and nmod on the verb where v2 has obl
TRIPOLI_V1 = parse("Gunmen attacked a police station in Tripoli.", """
1 Gunmen gunman NOUN 2 nsubj
2 attacked attack VERB 0 root
3 a a DET 5 det
4 police police NOUN 5 compound
5 station station NOUN 2 dobj
6 in in ADP 7 case
7 Tripoli Tripoli PROPN 5 nmod
8 . . PUNCT 2 punct
""")

SPRINGFIELD_V1 = parse("Protesters rallied in Springfield.", """
1 Protesters protester NOUN 2 nsubj
2 rallied rally VERB 0 root
3 in in ADP 4 case
4 Springfield Springfield PROPN 2 nmod
5 . . PUNCT 2 punct
""")

TRIPOLI_LEBANON = parse("Clashes erupted in Tripoli, Lebanon.", """
1 Clashes clash NOUN 2 nsubj
2 erupted erupt VERB 0 root
3 in in ADP 4 case
4 Tripoli Tripoli PROPN 2 obl
5 , , PUNCT 6 punct
6 Lebanon Lebanon PROPN 4 appos
7 . . PUNCT 2 punct
""")

OFFENSIVE = parse("The Turkish offensive on Afrin began in January.", """
1 The the DET 3 det
2 Turkish Turkish ADJ 3 amod
3 offensive offensive NOUN 6 nsubj
4 on on ADP 5 case
5 Afrin Afrin PROPN 3 nmod
6 began begin VERB 0 root
7 in in ADP 8 case
8 January January PROPN 6 obl
9 . . PUNCT 6 punct
""")

STATEMENT = parse("The ministry condemned the attack in a statement on Monday.", """
1 The the DET 2 det
2 ministry ministry NOUN 3 nsubj
3 condemned condemn VERB 0 root
4 the the DET 5 det
5 attack attack NOUN 3 obj
6 in in ADP 8 case
7 a a DET 8 det
8 statement statement NOUN 3 obl
9 on on ADP 10 case
10 Monday Monday PROPN 3 obl
11 . . PUNCT 3 punct
""")

ELECTION = parse("Voters protested in Georgia.", """
1 Voters voter NOUN 2 nsubj
2 protested protest VERB 0 root
3 in in ADP 4 case
4 Georgia Georgia PROPN 2 obl
5 . . PUNCT 2 punct
""")


def test_place_in_a_phrase_of_the_object(places):
    loc = places.locate(AFRIN, anchor(AFRIN, "shell"), ["TUR", "SYR"])
    assert loc is not None
    assert (loc.text, loc.name, loc.country, loc.precision) == ("Afrin", "Afrin", "SYR", "city")
    assert loc.latitude == pytest.approx(36.51, abs=0.05) and loc.longitude == pytest.approx(36.87, abs=0.05)


def test_name_inside_a_place_noun(places):
    loc = places.locate(KIRKUK, anchor(KIRKUK, "explode"), [])
    assert (loc.text, loc.name, loc.country, loc.precision) == ("the northern city of Kirkuk", "Kirkuk", "IRQ", "city")
    assert loc.latitude == pytest.approx(35.47, abs=0.05)


def test_border_with_a_country(places):
    loc = places.locate(BORDER, anchor(BORDER, "clash"), ["ARM", "AZE"])
    assert (loc.text, loc.name, loc.country, loc.precision) == (
        "the border with Azerbaijan", "Azerbaijan", "AZE", "country")
    # a country's point is the centre of its towns
    assert 38.0 < loc.latitude < 42.0 and 45.0 < loc.longitude < 50.5


def test_province_is_a_region(places):
    loc = places.locate(IDLIB, anchor(IDLIB, "bomb"), ["RUS", "SYR"])
    assert (loc.text, loc.name, loc.country, loc.precision) == ("Idlib province", "Idlib", "SYR", "region")


def test_object_of_an_attack_verb(places):
    loc = places.locate(ALEPPO, anchor(ALEPPO, "attack"), ["SYR"])
    assert (loc.name, loc.country, loc.precision) == ("Aleppo", "SYR", "city")
    loc = places.locate(GAZA, anchor(GAZA, "enter"), ["ISR", "PSE"])
    assert (loc.text, loc.name, loc.country, loc.precision) == ("Gaza City", "Gaza", "PSE", "city")


def test_event_noun_with_on(places):
    loc = places.locate(OFFENSIVE, anchor(OFFENSIVE, "offensive"), ["TUR"])
    assert (loc.name, loc.country) == ("Afrin", "SYR")
    # "in January" is a date, not a place: what began took place where the offensive did
    began = places.locate(OFFENSIVE, anchor(OFFENSIVE, "begin"), ["TUR"])
    assert began is not None and began.name == "Afrin"


def test_actor_countries_choose_among_namesakes_in_ud_v1(places):
    lebanon = places.locate(TRIPOLI_V1, anchor(TRIPOLI_V1, "attack"), ["LBN"])
    assert (lebanon.name, lebanon.country) == ("Tripoli", "LBN")
    libya = places.locate(TRIPOLI_V1, anchor(TRIPOLI_V1, "attack"), ["LBY"])
    assert (libya.name, libya.country) == ("Tripoli", "LBY")
    # a country named beside the place is context too
    loc = places.locate(TRIPOLI_LEBANON, anchor(TRIPOLI_LEBANON, "erupt"), [])
    assert (loc.name, loc.country) == ("Tripoli", "LBN")


def test_ambiguous_name_without_context_stays_empty(places):
    # several US towns called Springfield, none much larger than the others
    assert places.locate(SPRINGFIELD_V1, anchor(SPRINGFIELD_V1, "rally"), []) is None
    assert places.locate(SPRINGFIELD_V1, anchor(SPRINGFIELD_V1, "rally"), ["USA"]) is None
    assert places.resolve("Springfield", []) is None


def test_country_or_state_by_actor_context(places):
    assert places.locate(ELECTION, anchor(ELECTION, "protest"), []).country == "GEO"
    state = places.locate(ELECTION, anchor(ELECTION, "protest"), ["USA"])
    assert (state.name, state.country, state.precision) == ("Georgia", "USA", "region")


def test_no_place_in_the_sentence(places):
    assert places.locate(STATEMENT, anchor(STATEMENT, "condemn"), ["USA"]) is None


def test_resolution_rules(places):
    assert places.resolve("Paris", []).country == "FRA"  # far larger than its namesakes
    assert places.resolve("Kiev", []).name == "Kyiv"  # an alternate spelling
    assert places.resolve("Raqqa", ["SYR"]).country == "SYR"
    assert places.resolve("Africa", []) is None  # not a town, though a gazetteer alias says so
    assert places.resolve("Syria", []).kind == "country"


def test_gazetteer_loads_once():
    assert locations.gazetteer() is locations.gazetteer()
    cols = locations.location_columns(Location("Afrin", "Afrin", "SYR", 36.5, 36.9, "city"))
    assert cols["location_country"] == "SYR" and cols["location_precision"] == "city"
    assert set(locations.location_columns(None).values()) == {None}


def test_the_gazetteer_is_built_once_and_then_read_from_its_cache(tmp_path, monkeypatch):
    from eventcoder.io import pickles

    monkeypatch.setattr(pickles, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(locations, "_GAZETTEER", None)
    built = locations.gazetteer()
    [cached] = list(tmp_path.glob("gazetteer-*.pickle"))
    monkeypatch.setattr(locations, "_GAZETTEER", None)
    read = locations.gazetteer()
    assert read is not built  # another object: the one read back from the file
    assert read.namesakes("Karachi") == built.namesakes("Karachi") and read.namesakes("Karachi")[0]
    assert read.country_place("Burma", "MMR") == built.country_place("Burma", "MMR")
    # a damaged file is not read (the gazetteer is built again and the file replaced)
    cached.write_bytes(b"\x80\x05 not a pickle")
    assert locations._cached_gazetteer().namesakes("Karachi") == built.namesakes("Karachi")
    assert list(tmp_path.glob("gazetteer-*.pickle")) == [cached] and cached.stat().st_size > 1000


KARACHI = parse("Police in Karachi arrested five suspects.", """
1 Police police NOUN 4 nsubj
2 in in ADP 3 case
3 Karachi Karachi PROPN 1 nmod
4 arrested arrest VERB 0 root
5 five five NUM 6 nummod
6 suspects suspect NOUN 4 obj
7 . . PUNCT 4 punct
""")

SHELLING = parse("The shelling of Aleppo continued.", """
1 The the DET 2 det
2 shelling shelling NOUN 5 nsubj
3 of of ADP 4 case
4 Aleppo Aleppo PROPN 2 nmod
5 continued continue VERB 0 root
6 . . PUNCT 5 punct
""")


def test_place_of_the_subject_and_of_an_event_noun(places):
    loc = places.locate(KARACHI, anchor(KARACHI, "arrest"), ["PAK"])
    assert (loc.name, loc.country, loc.precision) == ("Karachi", "PAK", "city")
    loc = places.locate(SHELLING, anchor(SHELLING, "shelling"), ["SYR"])
    assert (loc.name, loc.country) == ("Aleppo", "SYR")


CHECKPOINT = parse("Soldiers shot a man at a checkpoint near Nablus.", """
1 Soldiers soldier NOUN 2 nsubj
2 shot shoot VERB 0 root
3 a a DET 4 det
4 man man NOUN 2 obj
5 at at ADP 7 case
6 a a DET 7 det
7 checkpoint checkpoint NOUN 2 obl
8 near near ADP 9 case
9 Nablus Nablus PROPN 7 nmod
10 . . PUNCT 2 punct
""")


def test_place_one_level_below_a_plain_noun(places):
    loc = places.locate(CHECKPOINT, anchor(CHECKPOINT, "shoot"), ["ISR", "PSE"])
    assert (loc.text, loc.name, loc.country, loc.precision) == ("Nablus", "Nablus", "PSE", "city")


NORTH_OF = parse("A bomb struck a patrol in Diyala province north of Baghdad.", """
1 A a DET 2 det
2 bomb bomb NOUN 3 nsubj
3 struck strike VERB 0 root
4 a a DET 5 det
5 patrol patrol NOUN 3 obj
6 in in ADP 9 case
7 Diyala Diyala PROPN 9 compound
8 province province NOUN 9 compound
9 north north NOUN 3 obl
10 of of ADP 11 case
11 Baghdad Baghdad PROPN 9 nmod
12 . . PUNCT 3 punct
""")

RAMALLAH = parse("Judges returned to work in the West Bank town of Ramallah.", """
1 Judges judge NOUN 2 nsubj
2 returned return VERB 0 root
3 to to ADP 4 case
4 work work NOUN 2 obl
5 in in ADP 9 case
6 the the DET 9 det
7 West West PROPN 8 compound
8 Bank Bank PROPN 9 compound
9 town town NOUN 2 obl
10 of of ADP 11 case
11 Ramallah Ramallah PROPN 9 nmod
12 . . PUNCT 2 punct
""")


def test_reference_points_and_qualifiers_are_not_the_place(places):
    # "north of Baghdad" is not in Baghdad: the province is the place
    loc = places.locate(NORTH_OF, anchor(NORTH_OF, "strike"), ["USA", "IRQ"])
    assert (loc.name, loc.country, loc.precision) == ("Diyala", "IRQ", "region")
    # the "of" name of a place noun comes before its qualifier
    loc = places.locate(RAMALLAH, anchor(RAMALLAH, "return"), [])
    assert (loc.name, loc.country, loc.precision) == ("Ramallah", "PSE", "city")
    assert loc.text == "the West Bank town of Ramallah"
