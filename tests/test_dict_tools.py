"""eventcoder dict lint / stats / candidates on the project's dictionaries and on small broken ones."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from eventcoder.dictionaries.ontology import DICTIONARY_DIR
from eventcoder.cli.main import main
from eventcoder.dictionaries.lint import candidates, lint, read_parses, stats
from eventcoder.dictionaries import load_dictionaries

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# the project's own dictionaries


def test_project_dictionaries_lint_clean():
    report = lint(DICTIONARY_DIR)
    assert report.errors == [], "\n".join(str(i) for i in report.errors)


def test_project_dictionaries_reach_every_cameo_code():
    s = stats(DICTIONARY_DIR)
    assert s.codes_total >= 290
    assert s.unreachable == [], s.unreachable


def test_project_dictionaries_cover_states_and_the_seed_article_people():
    d = load_dictionaries(DICTIONARY_DIR)
    assert len(d.country_codes) >= 240  # UN members, observers and main territories
    for code in ("USA", "RUS", "TUR", "SYR", "AZE", "ARM", "PSE", "KSV", "TWN", "ESH", "SSD", "VAT"):
        assert code in d.country_codes
    by_name = {" ".join(parts): e for e in d.actors for parts in e.names}
    story = dt.date(2020, 10, 8)
    expected = {"sergei naryshkin": "RUSSPY", "naryshkin": "RUSSPY", "bashar assad": "SYRGOV", "assad": "SYRGOV",
                "recep tayyip erdogan": "TURGOV", "erdogan": "TURGOV", "emmanuel macron": "FRAGOV",
                "ankara": "TURGOV", "baku": "AZEGOV", "moscow": "RUSGOV", "damascus": "SYRGOV",
                "hamza division": "SYRREB", "hayat tahrir al sham": "SYRREB", "azeris": "AZE", "turks": "TUR"}
    for name, code in expected.items():
        assert by_name[name].code_on(story) == code, name
    # the code follows the date
    assert by_name["naryshkin"].code_on(dt.date(2013, 5, 1)) == "RUSLEG"
    assert by_name["assad"].code_on(dt.date(2025, 3, 1)) == "SYRELI"
    assert by_name["hayat tahrir al sham"].code_on(dt.date(2025, 3, 1)) == "SYRGOV"
    assert by_name["trump"].code_on(dt.date(2023, 1, 1)) == "USAOPP"
    # "US" is listed in capitals, so it is an acronym that never matches the pronoun "us"
    assert ("us",) in by_name["us"].cased


# ---------------------------------------------------------------------------------------------
# lint on a broken dictionary


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    write(tmp_path / "countries.txt",
          "GON | Gondor | Gondorian | Minas Tirith\n"
          "ROH | Rohan; Gondor | Rohirrim | Edoras\n"          # line 2: Gondor again, other code
          "XX | Mordor | |\n")                                  # line 3: malformed (2-letter code)
    write(tmp_path / "actors" / "people.txt",
          "# people\n"
          "Aragorn; Strider => GONGOV 3019-03-25..; GONELI\n"
          "Strider => GONREB\n"                                 # line 3: conflicting codes
          "Denethor => GONGOV 2990..3019-03-15; GONELI 3019-03-01..\n"  # line 4: overlap, different codes
          "Theoden => ROHGOV 2980..3019; ROHGOV 3000..3019\n"   # line 5: overlap, same code (warning)
          "Us => GONGOV\n"                                      # line 6: common English word
          "Saruman => GONGOV 3019-13-01..\n"                    # line 7: bad date
          "Gollum\n")                                           # line 8: no '=>'
    write(tmp_path / "agents.txt",
          "soldier; troops => MIL\n"
          "soldier => REB\n")                                   # line 2: conflicting agent
    write(tmp_path / "verbs.txt",
          "verb accuse [112]\n"
          "    * (of treason) [1121]\n"
          "    * (of treason) [1124]\n"                         # line 3: conflicting pattern
          "verb praise [999]\n"                                 # line 4: unknown CAMEO code
          "verb accuse [112]\n"                                 # line 5: defined twice
          "    * {views; ideas} [040]\n")                       # line 6: a set written as a phrase
    write(tmp_path / "discards.txt", "football; football\n")
    return tmp_path


def test_lint_names_file_and_line_of_each_problem(broken: Path):
    report = lint(broken)
    errors = [str(i) for i in report.errors]
    warnings = [str(i) for i in report.warnings]

    def has(lines, where, *words):
        return any(line.startswith(f"{broken / where}:") and all(w in line for w in words) for line in lines)

    assert has(errors, "countries.txt:3", "3-letter code")
    assert has(errors, "countries.txt:2", "conflicting codes for 'gondor'", "ROH", "GON")
    assert has(errors, "actors/people.txt:3", "conflicting codes for 'strider'", "GONREB", "people.txt:2")
    assert has(errors, "actors/people.txt:4", "overlapping date ranges", "Denethor", "GONELI")
    assert has(warnings, "actors/people.txt:5", "overlapping date ranges", "Theoden")
    assert has(errors, "actors/people.txt:6", "'us' is a common English word")
    assert has(errors, "actors/people.txt:7", "month must be in 1..12")
    assert has(errors, "actors/people.txt:8", "expected")
    assert has(errors, "agents.txt:2", "agent 'soldier' is REB here and MIL")
    assert has(errors, "verbs.txt:3", "pattern '* (of treason)'", "[1124]", "[1121]")
    assert has(errors, "verbs.txt:4", "unknown CAMEO code 999")
    assert has(warnings, "verbs.txt:5", "also defined at line 1")
    assert has(errors, "verbs.txt:6", "{views; ideas} is a phrase", "synonym set")
    assert has(warnings, "discards.txt:1", "discard 'football' is also listed at line 1")
    assert not has(errors, "actors/people.txt:2")  # Aragorn's line itself is fine


def test_dict_lint_command_exit_status(broken: Path, capsys):
    assert main(["dict", "lint", str(broken)]) == 1
    out, err = capsys.readouterr()
    assert "people.txt:6: error:" in out and "errors" in err
    assert main(["dict", "lint", str(DICTIONARY_DIR)]) == 0


def test_dict_lint_missing_directory_is_one_line(tmp_path: Path, capsys):
    assert main(["dict", "lint", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such dictionary directory" in err[0]


# ---------------------------------------------------------------------------------------------
# stats


def test_stats_counts_roots_types_and_unreachable_codes(tmp_path: Path, capsys):
    write(tmp_path / "countries.txt", "GON | Gondor | Gondorian | Minas Tirith\n")
    write(tmp_path / "actors" / "people.txt", "Aragorn => GONGOV 3019..; GONREB\nWhite Council => IGOUNO\n")
    write(tmp_path / "agents.txt", "soldier; troops => MIL\npolice => COP\n")
    write(tmp_path / "verbs.txt", "verb accuse [112]\n    * (of treason) [1121]\nverb attack [190]\n"
                                      "noun visit [042]\n    * (to +) [042:043]\n")
    s = stats(tmp_path)
    assert s.per_root["11"] == 2 and s.per_root["19"] == 1 and s.per_root["04"] == 3 and s.per_root["01"] == 0
    assert s.codes_total >= 290
    assert "112" not in s.unreachable and "1121" not in s.unreachable and "043" not in s.unreachable
    assert "111" in s.unreachable and "020" in s.unreachable
    assert len(s.unreachable) == s.codes_total - 5
    assert s.actors_by_type["GOV"] == 2 and s.actors_by_type["REB"] == 1 and s.actors_by_type["IGO"] == 1
    assert s.actors_by_kind == {"country": 1, "adjective": 1, "capital": 1, "actor": 2}
    assert s.agents_by_role == {"MIL": 2, "COP": 1}
    assert main(["dict", "stats", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "CAMEO codes no pattern reaches" in out and "111" in out


# ---------------------------------------------------------------------------------------------
# candidates

CONLLU = """# doc_id = d1
# date = 2020-10-08
# sent_id = d1-1
# text = The Zorbist Front attacked Turkey on Monday.
1	The	the	DET	DT	_	3	det	_	NER=O
2	Zorbist	Zorbist	PROPN	NNP	_	3	compound	_	NER=B-ORG
3	Front	Front	PROPN	NNP	_	4	nsubj	_	NER=E-ORG
4	attacked	attack	VERB	VBD	_	0	root	_	NER=O
5	Turkey	Turkey	PROPN	NNP	_	4	obj	_	NER=S-GPE
6	on	on	ADP	IN	_	7	case	_	NER=O
7	Monday	Monday	PROPN	NNP	_	4	obl	_	NER=S-DATE
8	.	.	PUNCT	.	_	4	punct	_	NER=O

# sent_id = d1-2
# text = Ankara accused the Zorbist Front and Karl Vogel.
1	Ankara	Ankara	PROPN	NNP	_	2	nsubj	_	NER=S-GPE
2	accused	accuse	VERB	VBD	_	0	root	_	NER=O
3	the	the	DET	DT	_	5	det	_	NER=O
4	Zorbist	Zorbist	PROPN	NNP	_	5	compound	_	NER=B-ORG
5	Front	Front	PROPN	NNP	_	2	obj	_	NER=E-ORG
6	and	and	CCONJ	CC	_	7	cc	_	NER=O
7	Karl	Karl	PROPN	NNP	_	5	conj	_	NER=B-PERSON
8	Vogel	Vogel	PROPN	NNP	_	7	flat	_	NER=E-PERSON
9	.	.	PUNCT	.	_	2	punct	_	NER=O
"""


def test_candidates_ranks_unmatched_names_in_subject_and_object_position(tmp_path: Path):
    path = write(tmp_path / "parses.conllu", CONLLU)
    found = candidates([path], load_dictionaries(DICTIONARY_DIR))
    phrases = [c.phrase for c in found]
    assert phrases[0] == "Zorbist Front"
    top = found[0]
    assert top.count == 2 and top.slots == {"nsubj": 1, "obj": 1} and top.ner == {"ORG": 2}
    assert top.examples[0].startswith("d1#1: The Zorbist Front attacked Turkey")
    assert "Karl Vogel" in phrases  # a coordinated object
    assert "Turkey" not in phrases and "Ankara" not in phrases  # in the dictionaries
    assert "Monday" not in phrases


def test_candidates_read_the_parse_cache(tmp_path: Path, capsys):
    from eventcoder.parsing import ParseCache

    sentences = list(read_parses(write(tmp_path / "p.conllu", CONLLU)))
    cache = ParseCache(tmp_path / "cache.sqlite")
    cache.put(ParseCache.key("model", "text"), [(s.text, s.words) for s in sentences])
    cache.close()
    assert [c.phrase for c in candidates([tmp_path / "cache.sqlite"], load_dictionaries(DICTIONARY_DIR))][0] == "Zorbist Front"
    assert main(["dict", "candidates", str(tmp_path / "cache.sqlite"), "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert out.lstrip().startswith("2  Zorbist Front  [ORG] (")


def test_candidates_refuses_documents_with_a_one_line_reason(tmp_path: Path, capsys):
    docs = write(tmp_path / "docs.jsonl", '{"id": "a", "date": "2020-01-01", "text": "x"}\n')
    assert main(["dict", "candidates", str(docs)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CoNLL-U" in err[0]


@pytest.mark.skipif(not (ROOT / "examples" / "sample.conllu").exists(), reason="examples/sample.conllu not present")
def test_candidates_on_the_sample_parse():
    found = candidates([ROOT / "examples" / "sample.conllu"], load_dictionaries(DICTIONARY_DIR))
    assert all(c.count >= 1 and c.examples for c in found)
    assert found == sorted(found, key=lambda c: -c.count)


# ---------------------------------------------------------------------------------------------
# lint: errors make the exit status 1, warnings alone 0; the lexicon is checked too


def _lexicon_sections(text: str) -> dict[str, set[str]]:
    """The words of each section of a lexicon file (read here, not by the loader)."""
    out: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            current = out.setdefault(line[1:-1], set())
        elif line and current is not None:
            current.update(w.replace("_", " ").lower() for w in line.split())
    return out


def test_dict_lint_exits_zero_on_warnings_only(tmp_path: Path, capsys):
    write(tmp_path / "countries.txt", "GON | Gondor | Gondorian | Minas Tirith\n")
    write(tmp_path / "actors" / "people.txt", "Aragorn => GONGOV\nAragorn => GONGOV\n")  # duplicate, same code
    write(tmp_path / "agents.txt", "soldier => MIL\nsoldier => MIL\n")                   # duplicate, same code
    write(tmp_path / "verbs.txt", "verb accuse [112]\nverb accuse [112]\n")               # defined twice
    write(tmp_path / "discards.txt", "football\nchess\nfootball\n")                       # listed twice
    lexicon = (DICTIONARY_DIR / "lexicon.txt").read_text(encoding="utf-8")
    write(tmp_path / "lexicon.txt", lexicon + "\n[abstract]\nTreaty\n")                   # section twice, capitals
    report = lint(tmp_path)
    assert report.errors == [], report.errors
    warnings = [str(w) for w in report.warnings]
    n = len(lexicon.splitlines())
    for where, what in (("actors/people.txt:2", "duplicate name 'aragorn'"), ("agents.txt:2", "duplicate agent 'soldier'"),
                        ("verbs.txt:2", "also defined at line 1"), ("discards.txt:3", "'football' is also listed at line 1"),
                        (f"lexicon.txt:{n + 2}", "section [abstract] given twice"),
                        (f"lexicon.txt:{n + 3}", "'Treaty' in [abstract] is not lower case")):
        assert any(w.startswith(f"{tmp_path / where}: warning: ") and what in w for w in warnings), (where, warnings)
    assert main(["dict", "lint", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == f"0 errors, {len(warnings)} warnings in {tmp_path}"
    assert main(["dict", "lint", str(tmp_path), "--warnings"]) == 0
    assert capsys.readouterr().out.splitlines() == warnings
    # one error is enough for exit status 1
    write(tmp_path / "verbs.txt", "verb accuse [112]\nverb accuse [112]\nverb praise [9999]\n")
    assert main(["dict", "lint", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{tmp_path / 'verbs.txt'}:3: error: unknown CAMEO code 9999 for 'praise'"]
    assert err.startswith("1 errors, ")


def test_dict_lint_checks_the_lexicon(tmp_path: Path, capsys):
    lexicon = (DICTIONARY_DIR / "lexicon.txt").read_text(encoding="utf-8")
    lines = lexicon.splitlines()
    negation = lines.index("[negation]") + 1
    lines[negation - 1] = "[negations]"            # unknown section: its words are not read, [negation] is missing
    lines.insert(0, "stray words")                 # words before any header
    lines += ["[Bad Header]", "[abstract]", "conflict Conflict"]
    write(tmp_path / "lexicon.txt", "\n".join(lines) + "\n")
    write(tmp_path / "countries.txt", "GON | Gondor | Gondorian | Minas Tirith\n")
    report = lint(tmp_path)
    errors, warnings = [str(i) for i in report.errors], [str(i) for i in report.warnings]
    path, end = tmp_path / "lexicon.txt", len(lines)

    def has(found, line, *words):
        return any(x.startswith(f"{path}:{line}: ") and all(w in x for w in words) for x in found)

    assert has(errors, 1, "words outside a known [section] are not read", "stray words")
    assert has(errors, negation + 1, "unknown lexicon section [negations]")
    words = next(n for n in range(negation + 2, end) if lines[n - 1].split("#", 1)[0].strip())
    assert has(errors, words, "words outside a known [section]")  # the words under it
    assert has(errors, 1, "lexicon section [negation] is missing or empty")
    assert has(errors, end - 2, "a section header is [lower_case_name]", "[Bad Header]")
    assert has(warnings, end - 1, "section [abstract] given twice")
    assert has(warnings, end, "'conflict' is listed twice in [abstract]")
    assert has(warnings, end, "'Conflict' in [abstract] is not lower case")
    assert main(["dict", "lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{negation + 1}: error: unknown lexicon section [negations]" in out


def test_dict_stats_lists_the_lexicon_classes_and_sizes(tmp_path: Path, capsys):
    text = (DICTIONARY_DIR / "lexicon.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("[negation]")
    end = next(i for i in range(at + 1, len(lines)) if lines[i].startswith("["))
    lines[at + 1:end] = []                           # [negation] is left empty
    write(tmp_path / "lexicon.txt", "\n".join(lines) + "\n")
    write(tmp_path / "countries.txt", "GON | Gondor | Gondorian | Minas Tirith\n")
    expected = _lexicon_sections("\n".join(lines))
    s = stats(tmp_path)
    assert s.lexicon_file == str(tmp_path / "lexicon.txt")
    assert s.lexicon == {name: len(words) for name, words in expected.items()}
    assert s.lexicon["negation"] == 0 and s.lexicon["abstract"] > 10
    assert main(["dict", "stats", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"lexicon word classes ({sum(s.lexicon.values())} words; {tmp_path / 'lexicon.txt'}):" in out
    assert re.search(r"^  negation +0   \(empty\)$", out, re.M)
    assert re.search(rf"^  abstract +{s.lexicon['abstract']}$", out, re.M)
    # a directory without a lexicon uses the project's
    (tmp_path / "lexicon.txt").unlink()
    s = stats(tmp_path)
    assert s.lexicon_file == str(DICTIONARY_DIR / "lexicon.txt")
    assert s.lexicon == {k: len(v) for k, v in _lexicon_sections(text).items()}
    assert main(["dict", "stats", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] == s.lexicon
