"""The 1995-2010 office holders (actors/officials_1995_2010*.txt) and the earlier terms added to
existing entries: lint-clean, one line per person, bare names only where one person owns them,
and codes that follow the story date, in the dictionaries and in the coder."""
from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.coding.coder import Coder
from eventcoder.dictionaries import load_dictionaries
from eventcoder.dictionaries.lint import COMMON_WORDS, lint
from eventcoder.dictionaries.model import phrase_parts
from eventcoder.dictionaries.ontology import DICTIONARY_DIR
from eventcoder.io.conllu import parse_conllu_lines

NEW_FILES = "officials_1995_2010"


@pytest.fixture(scope="module")
def dictionaries():
    d = load_dictionaries(DICTIONARY_DIR)
    assert not d.problems, d.problems
    return d


@pytest.fixture(scope="module")
def by_name(dictionaries):
    out = {}
    for entry in dictionaries.actors:
        for parts in entry.names:
            out.setdefault(parts, entry)
    return out


def new_entries(d):
    return [e for e in d.actors if NEW_FILES in e.origin]


def code(by_name, name: str, day: str):
    return by_name[phrase_parts(name)].code_on(dt.date.fromisoformat(day))


def test_new_files_have_no_lint_issue(dictionaries):
    report = lint(DICTIONARY_DIR, dictionaries)
    mine = [str(i) for i in report.issues if NEW_FILES in i.where]
    assert mine == [], "\n".join(mine)


def test_new_files_hold_the_period_broadly(dictionaries):
    entries = new_entries(dictionaries)
    assert len(entries) >= 600
    # every region of the brief is there: a few countries (and IGOs) per region have entries
    prefixes = {c.code[:3] for e in entries for c in e.codes} | {c.code[:6] for e in entries for c in e.codes}
    for code in ("USA", "RUS", "SRB", "BIH", "ISR", "PSE", "IRQ", "IRN", "AFG", "PAK", "IND", "LKA", "NPL",
                 "PRK", "KOR", "JPN", "CHN", "TWN", "IDN", "SDN", "SOM", "ETH", "COD", "NGA", "ZWE", "COL", "VEN",
                 "BRA", "ARG", "MEX", "CUB", "IGOUNO", "IGOWTO", "IGOIMF", "IGOWBK", "IGOEUR", "IGOWST", "IGOAFR",
                 "IGOOPC", "IGOSEA"):
        assert code in prefixes, code


def test_one_line_per_person_across_the_actor_files(dictionaries):
    """No name of the new files is listed in another entry: a person already in the project's
    files got dated codes on their own line instead of a second line."""
    owner: dict[tuple[str, ...], str] = {}
    clashes = []
    for entry in dictionaries.actors:
        for parts in entry.names:
            if parts in owner and owner[parts] != entry.origin and (NEW_FILES in entry.origin
                                                                     or NEW_FILES in owner[parts]):
                clashes.append(f"{' '.join(parts)}: {owner[parts]} and {entry.origin}")
            owner.setdefault(parts, entry.origin)
    assert clashes == []


def test_bare_names_are_owned_by_one_person(dictionaries):
    """A one-word name in the new files is no common word and no family name another entry uses
    in a full name (so no 'Kim', 'Rasmussen', 'Karamanlis', 'Koizumi' alone)."""
    family: dict[str, set[int]] = {}
    for entry in dictionaries.actors:
        for parts in entry.names:
            if len(parts) > 1:
                family.setdefault(parts[-1], set()).add(id(entry))
    shared = []
    for entry in new_entries(dictionaries):
        for parts in entry.names:
            if len(parts) == 1 and (parts[0] in COMMON_WORDS or family.get(parts[0], set()) - {id(entry)}):
                shared.append(f"{parts[0]} ({entry.origin})")
    assert shared == []


def test_people_are_people_and_groups_are_not(by_name):
    """The new files list their groups before '@people': a pronoun ("he said") can stand for an
    office holder, never for a rebel movement or a party."""
    for name in ("Movladi Udugov", "Martti Ahtisaari", "Dalai Lama", "Hambali", "King Gyanendra"):
        assert by_name[phrase_parts(name)].kind == "person", name
    for name in ("UNITA", "Free Aceh Movement", "Kuomintang", "Islamic Salvation Front", "LURD", "Khmer Rouge"):
        assert by_name[phrase_parts(name)].kind == "actor", name


@pytest.mark.parametrize("name, day, expected", [
    # the brief's examples, on wire dates of 1997 and 2005-2006
    ("Martti Ahtisaari", "1997-05-01", "FINGOV"),
    ("Ahtisaari", "2006-03-01", "IGOUNO"),
    ("Martti Ahtisaari", "2009-01-01", "FINELI"),
    ("Jacques de Larosiere", "1997-04-01", "IGOEUREBR"),
    ("de Larosière", "2005-01-01", "FRAELI"),
    ("Nicholas Burns", "2006-01-10", "USAGOV"),
    ("Movladi Udugov", "1997-01-15", "RUSREB"),
    # heads of state, ministers, commanders, envoys, rebels
    ("Augusto Pinochet", "1997-06-01", "CHLMIL"),
    ("Pinochet", "2000-03-01", "CHLLEG"),
    ("Pinochet", "2005-06-01", "CHLELI"),
    ("Hans Blix", "1997-06-01", "IGOUNOIAE"),
    ("Blix", "2003-02-01", "IGOUNO"),
    ("Pascal Lamy", "2002-01-01", "IGOEUREEC"),
    ("Pascal Lamy", "2006-01-01", "IGOWTO"),
    ("Rodrigo Rato", "2005-01-01", "IGOIMF"),
    ("Dan Halutz", "2006-07-20", "ISRMIL"),
    ("Rauf Denktash", "1997-07-01", "CYPREB"),
    ("Glafcos Clerides", "1997-07-01", "CYPGOV"),
    ("King Gyanendra", "2006-04-20", "NPLGOV"),
    ("Ali al-Naimi", "2006-01-01", "SAUGOV"),
    ("Abdalla Salem el-Badri", "2007-06-01", "IGOOPC"),
    ("Bizima Karaha", "1997-04-13", "CODREB"),
    ("Bizima Karaha", "1997-09-01", "CODGOV"),
    ("P. Chidambaram", "2005-06-01", "INDGOV"),
    ("Sarath Fonseka", "2006-05-01", "LKAMIL"),
    ("UNITA", "1997-06-01", "AGOREB"),
    ("UNITA", "2005-06-01", "AGOOPP"),
    ("Free Aceh Movement", "2005-01-01", "IDNREB"),
    ("Free Aceh Movement", "2006-06-01", "IDNPTY"),
    # common full names code only during the term, never a namesake later
    ("James Kelly", "2003-01-01", "USAGOV"),
    ("James Kelly", "2015-01-01", None),
    ("Mike Moore", "2000-06-01", "IGOWTO"),
    ("Mike Moore", "2010-06-01", None),
    ("Stephen Smith", "2009-01-01", "AUSGOV"),
    ("Stephen Smith", "2020-01-01", None),
])
def test_new_entries_code_by_date(by_name, name, day, expected):
    assert code(by_name, name, day) == expected


@pytest.mark.parametrize("name, day, expected", [
    # earlier terms added to existing lines ...
    ("Kabila", "1997-04-01", "CODREB"),          # Laurent-Desire Kabila's rebellion
    ("Kabila", "1998-04-01", "CODGOV"),          # ... and presidency
    ("Vladimir Putin", "1997-05-01", "RUSGOV"),  # Kremlin staff
    ("Romano Prodi", "1997-05-01", "ITAGOV"),
    ("Riek Machar", "1998-01-01", "SDNGOV"),
    ("Pushpa Kamal Dahal", "2005-06-01", "NPLREB"),
    ("Alassane Ouattara", "1997-01-01", "IGOIMF"),
    ("Johnny Paul Koroma", "1997-08-01", "SLEGOV"),
    ("Tzipi Livni", "2005-08-01", "ISRGOV"),
    # ... keep every code the lines had before
    ("Kabila", "2010-01-01", "CODGOV"),
    ("Kabila", "2020-01-01", "CODELI"),
    ("Vladimir Putin", "1999-01-01", "RUSSPY"),
    ("Vladimir Putin", "1990-01-01", "RUSELI"),
    ("Romano Prodi", "2000-01-01", "IGOEUREEC"),
    ("Romano Prodi", "2007-01-01", "ITAGOV"),
    ("Riek Machar", "2014-06-01", "SSDREB"),
    ("Pushpa Kamal Dahal", "2020-01-01", "NPLGOV"),
    ("Johnny Paul Koroma", "2000-01-01", "SLEMIL"),
])
def test_existing_entries_gain_their_earlier_terms(by_name, name, day, expected):
    assert code(by_name, name, day) == expected


def conllu(rows: str, date: str):
    """Rows as 'form lemma UPOS head deprel', one word a line."""
    lines = ["# doc_id = d1", f"# date = {date}"]
    for i, row in enumerate(r for r in rows.strip().splitlines() if r.strip()):
        form, lemma, upos, head, rel = row.split()
        lines.append("\t".join([str(i + 1), form, lemma, upos, "_", "_", head, rel, "_", "_"]))
    [sentence] = list(parse_conllu_lines(lines + [""], "test"))
    return sentence


@pytest.fixture(scope="module")
def coder(dictionaries):
    return Coder(dictionaries, one_sided=False)


def triples(coder, sentence):
    return sorted((e.source.code, e.code, e.target.code) for e in coder.code(sentence))


def test_coder_reads_a_1997_rebel_and_the_president_he_fought(coder):
    rows = """
        Bizima Bizima PROPN 2 compound
        Karaha Karaha PROPN 3 nsubj
        accused accuse VERB 0 root
        Mobutu Mobutu PROPN 3 obj
        . . PUNCT 3 punct
    """
    assert triples(coder, conllu(rows, "1997-04-13")) == [("CODREB", "112", "CODGOV")]
    assert triples(coder, conllu(rows, "2006-03-01")) == []  # neither holds a coded role then


def test_coder_codes_an_envoy_by_the_story_date(coder):
    rows = """
        Ahtisaari Ahtisaari PROPN 2 nsubj
        criticized criticize VERB 0 root
        Vojislav Vojislav PROPN 4 compound
        Kostunica Kostunica PROPN 2 obj
        . . PUNCT 2 punct
    """
    assert triples(coder, conllu(rows, "2006-03-01")) == [("IGOUNO", "111", "SRBGOV")]
    assert triples(coder, conllu(rows, "1997-04-13")) == [("FINGOV", "111", "SRBELI")]


@pytest.mark.parametrize("name, day, expected", [
    # lines that were 'XXXGOV ..END' now start where the office began; the years before code as
    # what the person was then (opposition, party, legislature, an international post)
    ("Hugo Chavez", "1998-12-01", "VENOPP"),
    ("Chavez", "1999-02-02", "VENGOV"),
    ("Chavez", "2014-01-01", "VENELI"),
    ("Bouteflika", "1998-06-01", "DZAELI"),
    ("Bouteflika", "1999-04-27", "DZAGOV"),
    ("Megawati", "1998-06-01", "IDNOPP"),
    ("Megawati", "2000-03-01", "IDNGOV"),      # vice-president
    ("Megawati", "2002-03-01", "IDNGOV"),      # president
    ("Megawati", "2006-03-01", "IDNPTY"),
    ("Kibaki", "1997-12-29", "KENOPP"),
    ("Kibaki", "2002-12-30", "KENGOV"),
    ("Kibaki", "1985-01-01", "KENGOV"),        # vice-president under Moi
    ("Aznar", "1996-05-04", "ESPOPP"),
    ("Aznar", "1996-05-05", "ESPGOV"),
    ("John Howard", "1996-03-10", "AUSOPP"),
    ("John Howard", "1996-03-11", "AUSGOV"),
    ("Alexander Downer", "1995-06-01", "AUSOPP"),
    ("Alexander Downer", "2010-01-01", "IGOUNO"),  # UN envoy for Cyprus
    ("Jack Straw", "1997-05-01", "GBROPP"),
    ("Jack Straw", "1997-05-02", "GBRGOV"),
    ("Gordon Brown", "1995-06-01", "GBROPP"),
    ("Geoff Hoon", "1995-06-01", "GBROPP"),
    ("Margaret Beckett", "1995-06-01", "GBROPP"),
    ("Margaret Beckett", "2008-06-01", "GBRLEG"),   # between her two terms in government
    ("Margaret Beckett", "2009-01-01", "GBRGOV"),
    ("Joschka Fischer", "1997-06-01", "DEUOPP"),
    ("Joschka Fischer", "1998-10-27", "DEUGOV"),
    ("Carl Bildt", "1993-06-01", "SWEGOV"),
    ("Carl Bildt", "1995-03-01", "SWEOPP"),
    ("Carl Bildt", "1995-08-01", "IGOEUREEC"),      # EU envoy to the former Yugoslavia
    ("Carl Bildt", "1996-06-01", "IGO"),            # High Representative for Bosnia
    ("Carl Bildt", "1998-09-01", "SWEOPP"),
    ("Carl Bildt", "2000-06-01", "IGOUNO"),         # UN envoy for the Balkans
    ("Carl Bildt", "2004-06-01", "SWEELI"),
    ("Carl Bildt", "2007-06-01", "SWEGOV"),
    ("Gloria Arroyo", "1997-06-01", "PHLLEG"),
    ("Gloria Arroyo", "1999-06-01", "PHLGOV"),      # vice-president
    ("Gloria Arroyo", "2000-12-01", "PHLOPP"),      # out of Estrada's cabinet, against him
    ("Gloria Arroyo", "2005-06-01", "PHLGOV"),
    ("Chen Shui-bian", "1997-06-01", "TWNGOV"),     # mayor of Taipei
    ("Chen Shui-bian", "1999-06-01", "TWNOPP"),
    ("Chen Shui-bian", "2000-05-20", "TWNGOV"),
    ("Chen Shui-bian", "2010-01-01", "TWNELI"),
    ("Ecevit", "1996-06-01", "TUROPP"),
    ("Ecevit", "1997-06-30", "TURGOV"),             # deputy prime minister, then prime minister
    ("Ecevit", "2000-01-01", "TURGOV"),
    ("Kofi Annan", "2009-01-01", "GHAELI"),         # no UN post between his two
    ("Kofi Annan", "2012-05-01", "IGOUNO"),         # Syria envoy
    ("Javier Solana", "1994-06-01", "ESPGOV"),
    ("Joe Lieberman", "2000-10-01", "USALEG"),
    ("Joe Lieberman", "1985-01-01", "USAELI"),
])
def test_open_starts_end_where_the_office_began(by_name, name, day, expected):
    assert code(by_name, name, day) == expected


def test_talabani_codes_as_the_puk_he_led(by_name):
    puk = code(by_name, "Patriotic Union of Kurdistan", "1998-01-01")
    assert puk is not None and puk != code(by_name, "Kurdistan Democratic Party", "1998-01-01")
    assert code(by_name, "Jalal Talabani", "1998-01-01") == puk
    assert code(by_name, "Talabani", "2004-12-01") == puk
    assert code(by_name, "Talabani", "2003-12-01") == "IRQGOV"   # Governing Council
    assert code(by_name, "Talabani", "2005-04-07") == "IRQGOV"   # president


@pytest.mark.parametrize("bare, full", [
    ("Annan", "Kofi Annan"), ("Qurei", "Ahmed Qurei"), ("Qureia", "Ahmed Qurei"),
    ("Meshaal", "Khaled Meshaal"), ("Mashaal", "Khaled Meshaal"), ("Khaled Meshal", "Khaled Meshaal"),
])
def test_bare_names_on_the_persons_line(by_name, bare, full):
    assert by_name[phrase_parts(bare)] is by_name[phrase_parts(full)]


def test_bare_names_that_others_share_are_not_listed(by_name):
    """'Meshal' is also Kuwait's emir (Reuters' spelling) and 'Lieberman' also the US senator: no
    bare entry; the emir's spelling is on his own line."""
    assert phrase_parts("Meshal") not in by_name
    assert phrase_parts("Lieberman") not in by_name
    assert code(by_name, "Sheikh Meshal al-Ahmad", "2024-06-01") == code(by_name, "Mishal al-Ahmad", "2024-06-01") == "KWTGOV"


def test_solana_alone_is_dated(by_name):
    """Javier Solana in his years in office; no code afterwards (the cryptocurrency)."""
    assert code(by_name, "Solana", "2005-01-01") == code(by_name, "Javier Solana", "2005-01-01") == "IGOEUREEC"
    assert code(by_name, "Solana", "1997-01-01") == "IGOWSTNAT"
    assert code(by_name, "Solana", "2022-01-01") is None
    assert code(by_name, "Javier Solana", "2022-01-01") == "ESPELI"


def story(rows_by_sentence: list[str], date: str):
    lines = []
    for n, rows in enumerate(rows_by_sentence, 1):
        lines += ["# doc_id = d1", f"# sent_id = d1-{n}", f"# date = {date}"]
        for i, row in enumerate(r for r in rows.strip().splitlines() if r.strip()):
            form, lemma, upos, head, rel = row.split()
            lines.append("\t".join([str(i + 1), form, lemma, upos, "_", "_", head, rel, "_", "_"]))
        lines.append("")
    return list(parse_conllu_lines(lines, "test"))


@pytest.mark.parametrize("first_name, date, expected", [
    ("Joe", "2008-03-01", "USALEG"),
    ("Joe", "2000-10-01", "USALEG"),
    ("Avigdor", "2010-03-01", "ISRGOV"),
])
def test_lieberman_alone_is_whoever_the_story_named(coder, first_name, date, expected):
    """With no bare 'Lieberman' in the dictionaries, the surname takes the code of the full name
    the story gave first (the senator or the Israeli minister)."""
    sentences = story([f"""
        {first_name} {first_name} PROPN 2 compound
        Lieberman Lieberman PROPN 3 nsubj
        criticized criticize VERB 0 root
        Iran Iran PROPN 3 obj
        . . PUNCT 3 punct
    """, """
        Lieberman Lieberman PROPN 2 nsubj
        accused accuse VERB 0 root
        Syria Syria PROPN 2 obj
        . . PUNCT 2 punct
    """], date)
    events = sorted((e.source.code, e.code, e.target.code) for e in coder.code_story(sentences))
    assert events == [(expected, "111", "IRN"), (expected, "112", "SYR")]


def test_parties_code_as_their_country_s_party_and_follow_the_date(by_name):
    assert code(by_name, "PASOK", "2009-10-04") == "GRCPTY"
    assert code(by_name, "Jatiya Party", "2006-12-28") == "BGDPTY"
    # one name, two countries' parties, told apart by the date
    assert code(by_name, "People Power Party", "2008-01-01") == "THAPTY"
    assert code(by_name, "People Power Party", "2022-03-09") == "KORPTY"
    # a name many countries' parties bear is never listed alone
    assert phrase_parts("Socialist Party") not in by_name and phrase_parts("Democratic Party") not in by_name
