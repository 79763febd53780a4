"""Dictionary loaders fed damaged files: every problem is one line naming file:line, the lines that
were not damaged still load, and nothing but a DictionaryError/InputError ever escapes.

Small dictionaries in both formats (the project's and the classic TABARI/PETRARCH one) are written
here, plus copies of the project's lexicon.txt, cameo.txt and plover.txt.  Each damaged copy has
exactly one damaged line (replaced, inserted or where the file is cut) or is the whole file
re-encoded; what the clean copy loaded from the other lines is looked for in the damaged one, by
the ``file:line`` each entry records (or, for the lexicon and the ontology, by the line it is on).
The generator is seeded: a failure names its seed, damage and line, and repeats.
"""
from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventcoder.cli.main import main
from eventcoder.dictionaries.lexicon import read_lexicon
from eventcoder.dictionaries.model import phrase_parts
from eventcoder.dictionaries.ontology import DICTIONARY_DIR, MAX_LINE_BYTES, MAX_LISTED
from eventcoder.dictionaries.petrarch import load_petrarch_dictionaries
from eventcoder.dictionaries.project import load_dictionaries
from eventcoder.errors import DictionaryError, InputError

# ---------------------------------------------------------------------------------------------
# Small dictionaries

PROJECT = {
    "countries.txt": """\
# code | names | adjectives | capitals
GON | Gondor; Kingdom of Gondor | Gondorian; Gondorians | Minas Tirith
ROH | Rohan | Rohirrim | Edoras
ARN | Arnor | Arnorian | Annuminas
MOR | Mordor; Land of Shadow | Mordorian | Barad-dur
""",
    "actors/people.txt": """\
# people
Aragorn; Strider; Elessar => GONGOV 3019-03-25..; GONREB
Denethor => GONGOV ..3019-03-15
Theoden; King of Rohan => ROHGOV
Eomer => ROHMIL 3019..3019-12; ROHGOV 3020..
Saruman => ISEGOV
White Council => IGOUNO
Faramir => GONMIL
Gandalf; Mithrandir => IGOUNO
""",
    "agents.txt": """\
soldier; soldiers; troops => MIL
police; policeman => COP
minister; ministers => GOV
rebel; rebels => REB
""",
    "verbs.txt": """\
&CRIME = treason; espionage; war crimes
&TALKS = talks; negotiations
verb accuse; charge [112]
    * (of &CRIME) [1121]
    * (of murder) [1122]
verb attack; assault [190]
    * (with rockets) [195]
verb meet [040]
    * (with +) [040]
    * &TALKS [043]
noun visit [042]
    * (to +) [042:043]
verb praise [051]
verb threaten [130]
    * (with war) [138]
""",
    "discards.txt": """\
football
world cup
+horoscope
chess
""",
}

CLASSIC = {
    "verbs.txt": """\
# classic verbs
&TIEKIND
+TRADE
+CULTURAL
---  RESTORE   [050]  ---
RESTORE
- * TIES                 [064]
- * {&TIEKIND TIES}      [0641]
---  MEET   [040:040]  ---
MEET {MEETS MET MEETING}
CONFER [043]
- * (AT SUMMIT)          [043]
---  ATTACK   [190]  ---
ATTACK
BOMB
- * (WITH ROCKETS)       [195]
--- CRITICIZE [111] ---
CRITICIZE {CRITICISES CRITICISED}
SCOLD
~ a (a b ATTACK) CRITICIZE = a b 112
""",
    "actors.txt": """\
<!-- classic actors -->
FREEDONIA_ [FRE]
+FREEDONIAN
SYLVANIA [SYL]
+SYLVANIAN
RUFUS_T._FIREFLY
+FIREFLY
[FREGOV 330101-331231]
[FRE]
CHICOLINI [SYLSPY <19330601] [SYLCRM]
AMBASSADOR_TRENTINO [SYLGOV]
PINKY [FRECRM]
UN [IGOUNO]
""",
    "agents.txt": """\
!PERSON! = MAN, WOMAN
ARMY [~MIL]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
PEACE_CORPS [NGO~]
SPOKES!PERSON! [~GOV]
COMPANY [~BUS]
""",
    "discards.txt": """\
FOOTBALL
WORLD_CUP
+ HOROSCOPE
CHESS
""",
    "issues.txt": """\
<ISSUE CATEGORY="EDUCATION" TYPE="ALL">
n:school [SCHOOLS]
v:teach [TEACHING]
literacy
</ISSUE>
<ISSUE CATEGORY="HEALTH">
n:hospital [HOSPITALS]
vaccine [VACCINES]
</ISSUE>
""",
    "ontology.txt": """\
010:0x1000
0111:0x1000-0xFFFF
112:0x70a0
120:-0xFFFF+0x0070
190:0x00A0
""",
}
CLASSIC_KINDS = {"verbs.txt": "verbs", "actors.txt": "actors", "agents.txt": "agents", "discards.txt": "discards",
                 "issues.txt": "issues", "ontology.txt": "ontology"}


def write_project(directory: Path) -> Path:
    for name, text in PROJECT.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    for name in ("lexicon.txt", "cameo.txt", "plover.txt"):
        shutil.copy(DICTIONARY_DIR / name, directory / name)
    return directory


def write_classic(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in CLASSIC.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def load_classic(directory: Path):
    return load_petrarch_dictionaries(directory, cache=False, **{kind: name for name, kind in CLASSIC_KINDS.items()})


# ---------------------------------------------------------------------------------------------
# What a set holds, entry by entry, with the line each entry comes from


@dataclass(frozen=True)
class Entry:
    file: str  # relative to the set's directory
    line: int  # the entry's own line
    context: int  # the first line it depends on (its header, its root, its block); == line if none
    key: tuple


def _line_of(origin: str, directory: Path) -> tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return str(Path(path).relative_to(directory)), int(line)


def _last_before(lines: list[str], line: int, test) -> int:
    """The number of the last line before ``line`` (1-based) that passes ``test``, else 1."""
    for number in range(line - 1, 0, -1):
        if test(lines[number - 1]):
            return number
    return 1


def _lines_of(directory: Path, name: str) -> list[str]:
    return (directory / name).read_text(encoding="utf-8").split("\n")


def project_entries(d, directory: Path) -> set[Entry]:
    out: set[Entry] = set()
    for a in d.actors:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, (a.kind, tuple(a.names), tuple(a.codes))))
    for a in d.agents:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, ("agent", tuple(a.names), a.code)))
    headers = set()
    for table in (d.verbs, d.nouns):
        for v in table.values():
            name, line = _line_of(v.origin, directory)
            headers.add(line)
            out.add(Entry(name, line, line, ("verb", v.pos, v.lemma, v.code)))
    verbs = _lines_of(directory, "verbs.txt")
    for table in (d.verbs, d.nouns):
        for v in table.values():
            for p in v.patterns:
                name, line = _line_of(p.origin, directory)
                if "&" not in p.text:  # a pattern with a set depends on the set's line too
                    context = max(h for h in headers if h < line)
                    out.add(Entry(name, line, context, ("pattern", v.lemma, p.text, p.code, p.paired_code)))
    out |= _discard_entries(directory, "discards.txt", d, lambda t: t.split("#", 1)[0].strip())
    out |= lexicon_entries(d.lexicon, directory)
    out |= cameo_entries(d.ontology, directory)
    return out


def _discard_entries(directory: Path, name: str, d, clean) -> set[Entry]:
    """A discard phrase per line (as the small files here are written), found in the loaded set."""
    out = set()
    loaded = set(d.discards) | {("+",) + p for p in d.story_discards}
    for number, text in enumerate(_lines_of(directory, name), 1):
        text = clean(text)
        if text:
            parts = phrase_parts(text.lstrip("+"))
            key = ("+",) + parts if text.startswith("+") else parts
            assert key in loaded, (name, number, key)
            out.add(Entry(name, number, number, ("discard", key)))
    return out


def lexicon_entries(lexicon, directory: Path) -> set[Entry]:
    """Each word of lexicon.txt with its line and the line of its section header."""
    out = set()
    header, section = 0, None
    for number, text in enumerate(_lines_of(directory, "lexicon.txt"), 1):
        text = text.split("#", 1)[0].strip()
        if text.startswith("["):
            header, section = number, text[1:-1]
            continue
        for word in text.split():
            out.add(Entry("lexicon.txt", number, header, ("word", section, word.replace("_", " "))))
    assert all(e.key[2] in lexicon.sets[e.key[1]] for e in out)
    return out


def cameo_entries(ontology, directory: Path) -> set[Entry]:
    """Each code of cameo.txt with its line and its root's line; each line of plover.txt."""
    out = set()
    root = 0
    for number, text in enumerate(_lines_of(directory, "cameo.txt"), 1):
        text = text.split("#", 1)[0].strip()
        if text.startswith("=="):
            root = number
        elif text[:1] in (">", "?"):  # what a planned act is coded as, and a conditional hostile one
            source, target = text[1:].split()
            table = ontology.intents if text[0] == ">" else ontology.threats
            assert table[source] == target
            out.add(Entry("cameo.txt", number, number, ("recoding", text[0], source, target)))
        elif text and text[0].isdigit():
            code = text.split()[0]
            out.add(Entry("cameo.txt", number, root, ("cameo", code, ontology[code])))
    for number, text in enumerate(_lines_of(directory, "plover.txt"), 1):
        text = text.split("#", 1)[0].strip()
        if text:
            code = text.split("|")[0].strip()
            out.add(Entry("plover.txt", number, number, ("plover", code, ontology.plover[code])))
    return out


def classic_entries(d, directory: Path) -> set[Entry]:
    out: set[Entry] = set()
    for a in d.actors:  # the name line (synonyms and code lines after it are not compared)
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, ("actor", a.name, a.names[0])))
    for a in d.agents:
        name, line = _line_of(a.origin, directory)
        if "!" not in a.name:  # a phrase with a substitution set depends on the set's line
            out.add(Entry(name, line, line, ("agent", a.name, tuple(a.names), a.code, a.prefix)))
    verbs = _lines_of(directory, "verbs.txt")
    for v in d.verbs.values():
        name, line = _line_of(v.origin, directory)
        block = _last_before(verbs, line, lambda t: t.startswith("---"))
        out.add(Entry(name, line, block, ("verb", v.lemma, v.code, v.paired_code, v.block)))
    for t in d.transformations:
        name, line = _line_of(t.origin, directory)
        out.add(Entry(name, line, line, ("transformation", t.text)))
    issues = _lines_of(directory, "issues.txt")
    for i in d.issues:
        name, line = _line_of(i.origin, directory)
        opened = _last_before(issues, line, lambda t: t.upper().startswith(("<ISSUE", "</ISSUE")))
        out.add(Entry(name, line, opened, ("issue", i.name, tuple(i.names), i.code, i.category)))
    out |= _discard_entries(directory, "discards.txt", d, lambda t: t.split("#", 1)[0].strip())
    for number, text in enumerate(_lines_of(directory, "ontology.txt"), 1):
        if text.strip():
            code = text.split(":")[0]
            out.add(Entry("ontology.txt", number, number, ("internal", code, d.internal_codes[code])))
    return out


# ---------------------------------------------------------------------------------------------
# Damage


@dataclass(frozen=True)
class Damage:
    """One damaged line (``line``, 1-based in the clean file): ``replace``d, a line ``insert``ed
    before it, or the file ``cut`` in it; or the whole file re-encoded (``line`` 0)."""

    kind: str
    how: str  # replace | insert | cut | whole
    line: int
    #: the damaged line is not plain UTF-8 text of a fitting length: the reader must name it
    unreadable: bool = False

    def spares(self, entry: Entry) -> bool:
        """Whether ``entry`` (and every line it depends on) is untouched by this damage."""
        if self.how == "whole":
            return True
        if self.how == "cut":
            return entry.line < self.line
        if self.how == "insert":  # a line put between an entry's context and the entry cuts it off
            return not entry.context < self.line <= entry.line
        return not entry.context <= self.line <= entry.line

    def moved(self, entry: Entry) -> int:
        """The line of ``entry`` in the damaged file."""
        return entry.line + (1 if self.how == "insert" and entry.line >= self.line else 0)


_NOISE = "[]{}()<>&*+-_~;:=$%^!#|@.,'\"\t abcXYZ0123456789éß\u2019"


def _junk(rng: random.Random, kind: str, line: bytes) -> bytes:
    """A damaged line of ``kind`` (from the clean ``line``)."""
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120))).replace(b"\n", b"").replace(b"\r", b"")
    if kind == "nul":
        cut = rng.randrange(len(line) + 1)
        return line[:cut] + b"\0" * rng.randrange(1, 4) + line[cut:]
    if kind == "latin1":
        return line.decode("utf-8").replace("a", "\u00e4").replace("e", "\u00e9").encode("latin-1", errors="replace") + b" \xe9"
    if kind == "control":
        cut = rng.randrange(len(line) + 1)
        return line[:cut] + rng.choice(["\x1a", "\x0c", "\x0b", "\x1b[31m", "\u2028", "\x85", "\x7f"]).encode() + line[cut:]
    if kind == "brackets":
        chars = list(line.decode("utf-8"))
        for _ in range(rng.randrange(1, 4)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice("[]{}()<>"))
        return "".join(chars).encode()
    if kind == "huge":
        size = rng.choice([MAX_LINE_BYTES - 1, MAX_LINE_BYTES + 1, 100_000, 1_000_000])
        unit = rng.choice([" ", "[", "{ ", "( ", "- ", "a ", "--- ", "&", "x;"] + [rng.choice(_NOISE)])
        return (line + (unit * (size // len(unit) + 1)).encode())[:size]
    if kind == "noise":
        return "".join(rng.choice(_NOISE) for _ in range(rng.randrange(1, 80))).encode()
    raise ValueError(kind)


LINE_KINDS = ["binary", "nul", "latin1", "control", "brackets", "huge", "noise"]


def damage_file(path: Path, rng: random.Random, kind: str) -> Damage:
    data = path.read_bytes()
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    if kind == "truncate":
        number = rng.randrange(1, len(lines) + 1)
        cut = sum(len(x) + 1 for x in lines[:number - 1]) + rng.randrange(len(lines[number - 1]) + 1)
        path.write_bytes(data[:cut])
        return Damage(kind, "cut", number)
    if kind == "bom-crlf":
        path.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
        return Damage(kind, "whole", 0)
    if kind == "utf16":
        path.write_bytes(data.decode("utf-8").encode("utf-16"))
        return Damage(kind, "whole", 0)
    number = rng.randrange(1, len(lines) + 1)
    how = rng.choice(["replace", "insert"])
    junk = _junk(rng, kind, lines[number - 1])
    lines[number - 1:number] = [junk] if how == "replace" else [junk, lines[number - 1]]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return Damage(kind, how, number, not _plain_text(junk))


def _plain_text(line: bytes) -> bool:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(line) <= MAX_LINE_BYTES and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]", text)


# ---------------------------------------------------------------------------------------------
# The checks

ONE_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): \S.*$")


def check_problems(problems: list[str], directory: Path, damaged: Path, damage: Damage, what: str) -> None:
    for problem in problems:
        assert "\n" not in problem and "\r" not in problem, (what, problem)
        m = ONE_PROBLEM.match(problem)
        assert m, (what, problem)
        where = Path(m["file"])
        assert where.is_file() and directory in where.parents, (what, problem)
        assert 1 <= int(m["line"]) <= len(where.read_bytes().split(b"\n")), (what, problem)
    per_file = [p for p in problems if p.startswith(f"{damaged}:")]
    if damage.kind == "bom-crlf":
        assert problems == [], (what, problems)
    elif damage.kind == "utf16":
        assert per_file == [f"{damaged}:1: UTF-16 text, read as such (dictionary files are UTF-8: save it as UTF-8)"], \
            (what, problems)
    elif damage.unreadable:  # the damaged line is named (its own line, or the inserted one before it)
        assert any(p.startswith(f"{damaged}:{damage.line}:") for p in per_file), (what, problems)


class Loaded:
    """What a (damaged) set holds, asked entry by entry: entries with a ``file:line`` origin are
    looked for at their line; words, discards, codes by their key alone (their line is not kept)."""

    def __init__(self, d, directory: Path):
        self.d = d
        self.at: set[tuple[str, int, tuple]] = set()
        for e in project_entries_of(d, directory) | classic_entries_of(d, directory):
            self.at.add((e.file, e.line, e.key))
        self.discards = set(d.discards) | {("+",) + p for p in d.story_discards}

    def has(self, entry: Entry, line: int) -> bool:
        kind = entry.key[0]
        if kind == "word":
            return entry.key[2] in self.d.lexicon.sets[entry.key[1]]
        if kind == "discard":
            return entry.key[1] in self.discards
        if kind == "cameo":
            return self.d.ontology.get(entry.key[1]) == entry.key[2]
        if kind == "recoding":
            table = self.d.ontology.intents if entry.key[1] == ">" else self.d.ontology.threats
            return table.get(entry.key[2]) == entry.key[3]
        if kind == "plover":
            return self.d.ontology.plover.get(entry.key[1]) == entry.key[2]
        if kind == "internal":
            return self.d.internal_codes.get(entry.key[1]) == entry.key[2]
        return (entry.file, line, entry.key) in self.at


def project_entries_of(d, directory: Path) -> set[Entry]:
    """Actors, agents, verbs and patterns of a set with their lines (no context: not compared)."""
    out: set[Entry] = set()
    if d.name.startswith("petrarch:"):
        return out
    for a in d.actors:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, (a.kind, tuple(a.names), tuple(a.codes))))
    for a in d.agents:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, ("agent", tuple(a.names), a.code)))
    for table in (d.verbs, d.nouns):
        for v in table.values():
            name, line = _line_of(v.origin, directory)
            out.add(Entry(name, line, line, ("verb", v.pos, v.lemma, v.code)))
            for p in v.patterns:
                name, line = _line_of(p.origin, directory)
                out.add(Entry(name, line, line, ("pattern", v.lemma, p.text, p.code, p.paired_code)))
    return out


def classic_entries_of(d, directory: Path) -> set[Entry]:
    out: set[Entry] = set()
    if not d.name.startswith("petrarch:"):
        return out
    for a in d.actors:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, ("actor", a.name, a.names[0])))
        # each synonym and code of the entry on its own: one read into the wrong entry is a change
        out |= {Entry(name, line, line, ("actor name", a.name, n)) for n in a.names}
        out |= {Entry(name, line, line, ("actor code", a.name, c)) for c in a.codes}
    for a in d.agents:
        name, line = _line_of(a.origin, directory)
        out.add(Entry(name, line, line, ("agent", a.name, tuple(a.names), a.code, a.prefix)))
    for v in d.verbs.values():
        name, line = _line_of(v.origin, directory)
        out.add(Entry(name, line, line, ("verb", v.lemma, v.code, v.paired_code, v.block)))
        out |= {Entry(name, _line_of(p.origin, directory)[1], 0, ("verb pattern", v.lemma, p.text, p.code))
                for p in v.patterns}
    for t in d.transformations:
        name, line = _line_of(t.origin, directory)
        out.add(Entry(name, line, line, ("transformation", t.text)))
    for i in d.issues:
        name, line = _line_of(i.origin, directory)
        out.add(Entry(name, line, line, ("issue", i.name, tuple(i.names), i.code, i.category)))
    return out


def check_entries(clean: set[Entry], loaded: Loaded, damage: Damage, damaged_name: str, what: str) -> int:
    """Every clean entry the damage spares is loaded (at its line, moved by an inserted line);
    returns how many were looked for."""
    looked = 0
    for e in clean:
        if e.file != damaged_name or damage.spares(e):
            line = damage.moved(e) if e.file == damaged_name else e.line
            assert loaded.has(e, line), (what, e)
            looked += 1
    return looked


def check_nothing_changed(clean: Loaded, loaded: Loaded, damage: Damage, damaged_name: str, what: str) -> None:
    """Damage the reader sees (a line not UTF-8, binary, too long) loses entries and says so, it
    never changes one: whatever is read from a line that was not damaged is what the clean file
    gave at that line (an entry cut off from its lost header is skipped, not read into the entry
    before it).  A file re-encoded whole loads exactly as the clean one."""
    if damage.how == "whole":
        assert loaded.at == clean.at, what
        return
    if not damage.unreadable:
        return  # a line damaged into another valid-looking one (a header into a pattern) is read as that
    for file, line, key in loaded.at:
        if file == damaged_name:
            if line == damage.line:
                continue  # the damaged line itself (or, cut, what is left of it)
            if damage.how == "insert" and line > damage.line:
                line -= 1
        assert (file, line, key) in clean.at, (what, file, line, key)


SEEDS = range(3)
KINDS = LINE_KINDS + ["truncate", "bom-crlf", "utf16"]


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory):
    directory = write_project(tmp_path_factory.mktemp("clean-project"))
    d = load_dictionaries(directory)
    assert d.problems == []
    entries = project_entries(d, directory)
    assert len(entries) > 1000  # most are words of the lexicon and codes of the ontology
    return directory, entries, Loaded(d, directory)


@pytest.fixture(scope="module")
def clean_classic(tmp_path_factory):
    directory = write_classic(tmp_path_factory.mktemp("clean-classic"))
    d = load_classic(directory)
    assert d.problems == []
    entries = classic_entries(d, directory)
    assert len(entries) > 30
    return directory, entries, Loaded(d, directory)


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.mark.parametrize("kind", KINDS)
def test_project_loader_survives_damage(kind, clean_project, tmp_path):
    source, clean, clean_loaded = clean_project
    for seed in SEEDS:
        for name in list(PROJECT) + ["lexicon.txt", "cameo.txt", "plover.txt"]:
            rng = random.Random(f"{kind}-{seed}-{name}")
            directory = _copy(source, tmp_path / f"{seed}-{name.replace('/', '-')}")
            damage = damage_file(directory / name, rng, kind)
            what = f"seed {seed}: {name} {damage}"
            try:
                d = load_dictionaries(directory)
            except DictionaryError as exc:  # only an ontology without a single code
                assert name == "cameo.txt" and damage.how == "cut" and "no CAMEO code" in str(exc), (what, exc)
                assert "\n" not in str(exc)
                continue
            check_problems(d.problems, directory, directory / name, damage, what)
            loaded = Loaded(d, directory)
            check_entries(clean, loaded, damage, name, what)
            check_nothing_changed(clean_loaded, loaded, damage, name, what)


@pytest.mark.parametrize("kind", KINDS)
def test_classic_loader_survives_damage(kind, clean_classic, tmp_path):
    source, clean, clean_loaded = clean_classic
    for seed in SEEDS:
        for name in CLASSIC:
            rng = random.Random(f"{kind}-{seed}-{name}")
            directory = _copy(source, tmp_path / f"{seed}-{name}")
            damage = damage_file(directory / name, rng, kind)
            what = f"seed {seed}: {name} {damage}"
            d = load_classic(directory)
            check_problems(d.problems, directory, directory / name, damage, what)
            loaded = Loaded(d, directory)
            check_entries(clean, loaded, damage, name, what)
            check_nothing_changed(clean_loaded, loaded, damage, name, what)


# ---------------------------------------------------------------------------------------------
# Through the command line: one line per problem, no traceback, the good entries code

CONLLU = """\
# doc_id = d1
# date = 3019-04-01
# sent_id = d1-1
# text = Aragorn accused Saruman of treason.
1	Aragorn	Aragorn	PROPN	NNP	_	2	nsubj	_	NER=S-PERSON
2	accused	accuse	VERB	VBD	_	0	root	_	NER=O
3	Saruman	Saruman	PROPN	NNP	_	2	obj	_	NER=S-PERSON
4	of	of	ADP	IN	_	5	case	_	NER=O
5	treason	treason	NOUN	NN	_	2	obl	_	NER=O
6	.	.	PUNCT	.	_	2	punct	_	NER=O

# sent_id = d1-2
# text = Freedonia attacked Sylvania.
1	Freedonia	Freedonia	PROPN	NNP	_	2	nsubj	_	NER=S-GPE
2	attacked	attack	VERB	VBD	_	0	root	_	NER=O
3	Sylvania	Sylvania	PROPN	NNP	_	2	obj	_	NER=S-GPE
4	.	.	PUNCT	.	_	2	punct	_	NER=O

"""

#: the small classic files under the names a classic set is looked for by (``--petrarch-dictionaries``)
PHOENIX_NAMES = {"verbs.txt": "CAMEO.2.0.txt", "actors.txt": "Phoenix.Countries.actors.txt",
                 "agents.txt": "Phoenix.agents.txt", "discards.txt": "Phoenix.discards.txt",
                 "issues.txt": "Phoenix.IssueCoding.txt", "ontology.txt": "PETR.Internal.Coding.Ontology.txt"}


def run_cli(*args, env_cache: Path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "EVENTCODER_CACHE": str(env_cache)}
    return subprocess.run([sys.executable, "-m", "eventcoder", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=600)


def damaged_project(directory: Path) -> Path:
    """The small project set with a Latin-1 verb, a binary line among the actors, a UTF-16 agents
    file, a NUL in the lexicon, a BOM and CRLF line ends in countries.txt and a bad CAMEO root."""
    write_project(directory)
    with open(directory / "verbs.txt", "ab") as fh:
        fh.write("verb caf\u00e9 [010]\n".encode("latin-1"))
    people = directory / "actors" / "people.txt"
    people.write_bytes(people.read_bytes().replace(b"Saruman", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\nSaruman", 1))
    (directory / "agents.txt").write_bytes(PROJECT["agents.txt"].encode("utf-16"))
    lexicon = directory / "lexicon.txt"
    lexicon.write_bytes(lexicon.read_bytes().replace(b"\nconflict ", b"\nconf\0lict ", 1))
    (directory / "countries.txt").write_bytes(b"\xef\xbb\xbf" + PROJECT["countries.txt"].replace("\n", "\r\n").encode())
    cameo = directory / "cameo.txt"
    cameo.write_bytes(cameo.read_bytes().replace(b"== 02  1  +3.0", b"== 02  one  +3.0", 1))
    return directory


def test_cli_lint_stats_and_code_with_damaged_project_dictionaries(tmp_path):
    directory = damaged_project(tmp_path / "dicts")
    (tmp_path / "s.conllu").write_text(CONLLU, encoding="utf-8")
    cameo = (directory / "cameo.txt").read_text(encoding="utf-8").split("\n")
    root = next(n for n, text in enumerate(cameo, 1) if text.startswith("== 02"))
    end = next(n for n, text in enumerate(cameo, 1) if n > root and text.startswith("=="))
    codes = [n for n in range(root + 1, end) if cameo[n - 1][:1].isdigit()]
    lint = run_cli("dict", "lint", directory, "--warnings", env_cache=tmp_path / "cache")
    assert lint.returncode == 1 and "Traceback" not in lint.stderr
    lines = lint.stdout.splitlines()
    assert lines and all(re.match(rf"{re.escape(str(directory))}/\S+:\d+: (error|warning): \S", x) for x in lines), lines
    for where, what in (("verbs.txt:16", "not UTF-8 (byte 0xE9 at column 9)"), ("actors/people.txt:6", "not UTF-8 (byte 0x89 at column 1)"),
                        ("actors/people.txt:8", "control character U+0000"),
                        ("agents.txt:1", "UTF-16"), ("lexicon.txt:", "control character U+0000"),
                        (f"cameo.txt:{root}", "bad quad class 'one'"),
                        (f"cameo.txt:{root}", f"the {len(codes)} code lines of the root skipped here "
                                              f"(up to line {codes[-1]})")):
        assert any(x.startswith(f"{directory}/{where}") and what in x for x in lines), (where, lines)
    assert not any(x.startswith(f"{directory}/countries.txt") for x in lines)  # a BOM and CRLF are fine
    assert lint.stderr.strip().splitlines() == [lint.stderr.strip()] and " errors, " in lint.stderr

    stats = run_cli("dict", "stats", directory, env_cache=tmp_path / "cache")
    assert stats.returncode == 0 and "Traceback" not in stats.stderr and "lexicon word classes" in stats.stdout

    out = tmp_path / "events.parquet"
    code = run_cli("code", tmp_path / "s.conllu", "--dictionaries", directory, "-o", out, "--cache", "none", "-q",
                   env_cache=tmp_path / "cache")
    assert code.returncode == 0, code.stderr
    assert "Traceback" not in code.stderr
    warnings = [x for x in code.stderr.splitlines() if x.startswith("WARNING: dictionary: ")]
    assert len(warnings) >= 6 and all(re.match(rf"WARNING: dictionary: {re.escape(str(directory))}/\S+:\d+: \S", x)
                                      for x in warnings), code.stderr
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()  # the good lines still code: Aragorn, accuse ... of treason
    assert [(r["source_code"], r["event_code"], r["target_code"]) for r in rows] == [("GONGOV", "1121", "ISEGOV")]


def test_cli_code_with_damaged_classic_dictionaries(tmp_path):
    directory = tmp_path / "classic"
    directory.mkdir()
    for name, text in CLASSIC.items():
        (directory / PHOENIX_NAMES[name]).write_text(text, encoding="utf-8")
    for name in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        (directory / name).write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0\n" + bytes(range(256)) + b"\nUN [IGOUNO]\n")
    verbs = directory / "CAMEO.2.0.txt"
    verbs.write_bytes(verbs.read_bytes().replace(b"---  MEET", b"---  M\xc9ET", 1))
    (tmp_path / "s.conllu").write_text(CONLLU, encoding="utf-8")
    out = tmp_path / "events.parquet"
    for attempt in ("cold", "cached"):
        code = run_cli("code", tmp_path / "s.conllu", "--petrarch-dictionaries", directory, "-o", out, "--cache", "none",
                       "-q", env_cache=tmp_path / "cache")
        assert code.returncode == 0 and "Traceback" not in code.stderr, (attempt, code.stderr)
        warnings = [x for x in code.stderr.splitlines() if x.startswith("WARNING: dictionary: ")]
        assert any("CAMEO.2.0.txt:9: not UTF-8" in x for x in warnings), (attempt, code.stderr)
        assert any("CAMEO.2.0.txt:9: the 3 verb and pattern lines" in x for x in warnings), (attempt, code.stderr)
        assert any("MilNonState.actors.txt:1: not UTF-8 (byte 0xFF at column 1)" in x for x in warnings), (attempt, code.stderr)
        assert all(re.match(rf"WARNING: dictionary: {re.escape(str(directory))}/\S+:\d+: \S", x) for x in warnings)
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        assert [(r["source_code"], r["event_code"], r["target_code"]) for r in rows] == [("FRE", "190", "SYL")]
        out.unlink()
    assert len(list((tmp_path / "cache").glob("petrarch-*.pickle"))) == 1


def test_an_ontology_without_a_code_is_one_line(tmp_path):
    directory = write_project(tmp_path / "dicts")
    (directory / "cameo.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DictionaryError, match=r"cameo.txt: no CAMEO code in it"):
        load_dictionaries(directory)
    lint = run_cli("dict", "lint", directory, env_cache=tmp_path / "cache")
    assert lint.returncode == 2 and "Traceback" not in lint.stderr
    assert lint.stderr.strip().splitlines() == [f"eventcoder: error: {directory}/cameo.txt: no CAMEO code in it "
                                                f"(lines 'CODE  GOLDSTEIN  NAME' under '== ROOT  QUAD  GOLDSTEIN  NAME' "
                                                f"root lines)"]


def test_a_file_of_unreadable_lines_lists_twenty_and_counts_the_rest(tmp_path):
    directory = write_project(tmp_path / "dicts")
    # UTF-16 without a byte order mark: 50 lines and a last one of the NUL after the last line end
    (directory / "agents.txt").write_bytes("soldier; troops => MIL\n".encode("utf-16-le") * 50)
    d = load_dictionaries(directory)
    mine = [p for p in d.problems if p.startswith(f"{directory}/agents.txt:")]
    assert len(mine) == MAX_LISTED + 1
    assert mine[-1].startswith(f"{directory}/agents.txt:{MAX_LISTED + 1}: 31 more lines like those above up to line 51")
    assert "UTF-16 without a byte order mark?" in mine[-1]
    assert d.agents == []
    assert {a.name for a in d.actors} >= {"Aragorn", "Saruman"}


def test_unreadable_files_and_directories_named_like_files(tmp_path):
    directory = write_project(tmp_path / "dicts")
    (directory / "discards.txt").unlink()
    (directory / "discards.txt").mkdir()
    (directory / "actors" / "more.txt").mkdir()
    d = load_dictionaries(directory)
    assert f"{directory}/discards.txt:1: cannot be read (Is a directory)" in d.problems
    assert f"{directory}/actors/more.txt:1: cannot be read (Is a directory)" in d.problems
    assert "treason" in {p[0] for p in d.verbs["accuse"].patterns[0].terms[0].alternatives}
