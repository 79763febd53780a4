"""Tools for dictionary maintainers: ``eventcoder dict lint | stats | candidates``.

Each command is a thin wrapper over a library function of the same name that works on the
loader's data model (:mod:`eventcoder.dictionaries`, :mod:`eventcoder.cameo`):

* :func:`lint` finds malformed entries (the loader's problems: lines that cannot be read or
  parsed, unknown CAMEO event codes, lexicon sections unknown, missing or empty), duplicate names,
  one name with conflicting codes, overlapping date ranges, code shapes that no country, region or
  organisation type explains, names that are common English words, and lexicon words that are
  not in lower case or listed twice.  Errors make ``dict lint`` exit 1; warnings alone do not.
* :func:`stats` counts entries per CAMEO root and per actor type, the lexicon's classes and
  their sizes, and lists the CAMEO codes that no verb or noun pattern reaches.
* :func:`candidates` lists proper-noun phrases and named entities in subject or object position
  that no actor entry matched, ranked by frequency with example sentences.
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .lexicon import DEFAULT_LEXICON, SECTIONS, read_lexicon
from .model import ActorEntry, DatedCode, Dictionaries, fold, phrase_parts
from .ontology import DICTIONARY_DIR, dictionary_lines, load_ontology
from .project import _strip_comment, _verb_header, load_dictionaries
from ..errors import InputError
from ..model import Sentence

# ---------------------------------------------------------------------------------------------
# CAMEO actor code vocabulary (facts from the CAMEO codebook's actor chapters)

#: role / sector codes an actor code may end with
ROLE_CODES = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "LEG", "REF",
    "HLH", "UAF", "LAB", "REL", "AGR", "ENV", "HRI", "DEV", "PKO", "SET", "ELI", "MOD", "RAD", "INS", "SEP",
    "IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS", "UNO", "AMN", "IRC", "GRP",
})
#: CAMEO region codes (first three letters of a regional actor or organisation)
REGION_CODES = frozenset({
    "AFR", "ASA", "BLK", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA", "MDT", "NAF",
    "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "CRB", "USR", "YUG", "CSK", "DDR",
})
#: CAMEO religion codes (second part of IMG/NGM codes: IMGMOSALQ)
RELIGION_CODES = frozenset({"MOS", "SHI", "SUN", "CHR", "CTH", "ORT", "PRO", "JEW", "HIN", "BUD", "SFI", "ALE"})
#: actor types that stand first in a code instead of a country (IGOUNO, NGOAMN, IMGMOSALQ ...)
TYPE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "NGM", "MNC", "INT", "UIS"})
#: names that would match ordinary English words once matching ignores case ("US" is "us")
COMMON_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "in", "on", "at", "to", "by", "as", "is", "it", "its",
    "be", "am", "are", "was", "we", "us", "he", "me", "my", "no", "so", "up", "do", "go", "who", "may", "can",
    "will", "new", "man", "men", "said", "says", "after", "all", "any", "one", "not", "now", "out", "our",
    "let", "tip", "raw", "car", "spa", "jam", "bar", "art", "sun", "fact", "mend", "gallant", "tenet", "pence",
    "kiwi", "chuan", "rice", "gates", "brown", "may", "hope", "young", "grant", "mark", "bill", "will", "rose",
})
#: CAMEO codes of known groups and organisations (facts from the CAMEO codebook's list of known
#: groups, as published in GDELT's CAMEO.knowngroup.txt), plus the few group codes chosen for
#: this project's dictionaries (ISI, SCO, BRX, CST, G20, NDB, OIF)
KNOWN_GROUPS = frozenset("""
AAM ABD ACC ADB AEU AFB ALQ AMF AML AMN AMU ANO APE ARL ASL ASN ATD BCA BIS BTH CEM CFA CIS CMN COE CPA CPC CRC
CSS CWN DFL EBR ECA EEC EFT ENN FAO FID FIS FLN FTA GCC GIA GOE GOS GSP GSS HCH HCR HEZ HIP HMS HRW IAC IAD IAE
IAF ICC ICG ICJ ICO IDB IGC IHF ILO IMF IOM IPU IRC ISJ ITP JUR KDP KID LBA LKD MBR MRZ MSF MSP NAT NEP NON OAS
OAU OIC OPC PAP PFL PLF PLO PLS PMD PRC PSE RCR RND SAA SAD SCE SHA SOT TAL UEM UNO WAD WAM WAS WBK WCT WEF WFP
WHO WTO XFM ISI SCO BRX CST G20 NDB OIF
""".split())

# ---------------------------------------------------------------------------------------------
# lint

_WHERE = re.compile(r"^(.*?:\d+): (.*)$", re.S)


@dataclass(frozen=True)
class Issue:
    """One finding: where (``file:line``), how bad (``error`` or ``warning``), what."""

    where: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}"


@dataclass
class LintReport:
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def add(self, where: str, level: str, message: str) -> None:
        self.issues.append(Issue(where, level, message))


def _range_text(c: DatedCode) -> str:
    if not c.dated:
        return c.code
    return f"{c.code} {c.start or ''}..{c.end or ''}"


def _signature(entry: ActorEntry) -> tuple:
    return tuple((c.code, c.start, c.end) for c in entry.codes)


def _codes_text(entry: ActorEntry) -> str:
    return "; ".join(_range_text(c) for c in entry.codes)


def _overlap(a: DatedCode, b: DatedCode) -> bool:
    lo = max(a.start or _MIN, b.start or _MIN)
    hi = min(a.end or _MAX, b.end or _MAX)
    return lo <= hi


_MIN = dt.date.min
_MAX = dt.date.max


def _check_code_shape(code: str, d: Dictionaries) -> str | None:
    """Why ``code`` does not look like a CAMEO actor code, or None when it does."""
    if len(code) % 3:
        return f"code {code} is not made of three-letter parts"
    first = code[:3]
    if first not in d.country_codes and first not in REGION_CODES and first not in TYPE_PREFIXES:
        return f"code {code} starts with {first}, which is no country in countries.txt, CAMEO region or actor type"
    for i in range(3, len(code), 3):
        part = code[i:i + 3]
        if part not in ROLE_CODES and part not in KNOWN_GROUPS and part not in REGION_CODES and part not in RELIGION_CODES:
            return f"code {code}: {part} is neither a CAMEO role, region, religion nor known-group code"
    return None


def lint(directory: str | Path = DICTIONARY_DIR, dictionaries: Dictionaries | None = None) -> LintReport:
    """Check the dictionaries in ``directory``; every issue names its file and line."""
    directory = Path(directory)
    d = dictionaries if dictionaries is not None else load_dictionaries(directory)
    report = LintReport()

    # 1. lines the loader could not read (malformed entries, bad dates, unknown CAMEO codes ...)
    for problem in d.problems:
        where, message = _where(problem, directory)
        report.add(where, "error", message)
    # ... and what it read anyway but a maintainer should tidy (lexicon words not in lower case, twice)
    lexicon_path = directory / "lexicon.txt"
    if lexicon_path.is_file():
        warnings: list[str] = []
        read_lexicon(lexicon_path, [], warnings)
        for warning in warnings:
            where, message = _where(warning, directory)
            report.add(where, "warning", message)

    # 2. actor names: duplicates, conflicts, common words
    by_name: dict[tuple[str, ...], list[ActorEntry]] = defaultdict(list)
    for entry in d.actors:
        seen_here: set[tuple[str, ...]] = set()
        for parts in entry.names:
            name = " ".join(parts)
            if parts in seen_here:
                report.add(entry.origin, "warning", f"name '{name}' is listed twice in this entry")
                continue
            seen_here.add(parts)
            by_name[parts].append(entry)
            if len(parts) == 1 and parts[0] in COMMON_WORDS and parts not in entry.cased:
                report.add(entry.origin, "error",
                           f"name '{name}' is a common English word (matching ignores case); give a longer form, "
                           "or write an acronym in capitals (it then matches only capitals)")
    for parts, entries in by_name.items():
        if len(entries) < 2:
            continue
        name = " ".join(parts)
        first = entries[0]
        for other in entries[1:]:
            if _signature(other) == _signature(first):
                report.add(other.origin, "warning", f"duplicate name '{name}' (also at {first.origin}, same codes)")
            else:
                report.add(other.origin, "error",
                           f"conflicting codes for '{name}': {_codes_text(other)} here, "
                           f"{_codes_text(first)} at {first.origin}")

    # 3. dated codes of one entry whose ranges overlap (the first listed would always win)
    for entry in d.actors:
        dated = [c for c in entry.codes if c.dated]
        for i, a in enumerate(dated):
            for b in dated[i + 1:]:
                if _overlap(a, b):
                    level = "warning" if a.code == b.code else "error"
                    report.add(entry.origin, level,
                               f"overlapping date ranges for '{entry.name}': {_range_text(a)} and {_range_text(b)}"
                               + ("" if level == "warning" else " (the first listed wins)"))
        undated = [c for c in entry.codes if not c.dated]
        if len(undated) > 1:
            report.add(entry.origin, "warning",
                       f"'{entry.name}' has {len(undated)} undated codes; only the first ({undated[0].code}) is used")
        for c in entry.codes:
            why = _check_code_shape(c.code, d)
            if why:
                report.add(entry.origin, "warning", why)

    # 4. agents: duplicates, conflicts, unknown role codes
    agent_seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for agent in d.agents:
        if agent.code not in ROLE_CODES:
            report.add(agent.origin, "warning", f"role code {agent.code} is not a CAMEO role code")
        for parts in agent.names:
            name = " ".join(parts)
            if parts in agent_seen:
                code, where = agent_seen[parts]
                level = "warning" if code == agent.code else "error"
                report.add(agent.origin, level,
                           f"agent '{name}' is {agent.code} here and {code} at {where}" if level == "error"
                           else f"duplicate agent '{name}' (also at {where})")
            else:
                agent_seen[parts] = (agent.code, agent.origin)

    # 5. verbs: headers defined twice (the loader merges them), duplicate or conflicting patterns
    verbs_path = directory / "verbs.txt"
    if verbs_path.is_file():
        first_at: dict[tuple[str, str], int] = {}
        for text_line in dictionary_lines(verbs_path, []):  # the loader listed what cannot be read
            line = _strip_comment(text_line.text)
            header = _verb_header(line.strip()) if line.strip() and not line[0].isspace() else None
            if not header or not text_line.readable:
                continue
            lineno = text_line.number
            kind, lemmas, _ = header
            for lemma in lemmas.split(";"):
                key = (kind, " ".join(phrase_parts(lemma)))
                if not key[1]:
                    continue
                if key in first_at:
                    report.add(f"{verbs_path}:{lineno}", "warning",
                               f"{key[0]} '{key[1]}' is also defined at line {first_at[key]} (their patterns are merged)")
                else:
                    first_at[key] = lineno
    for table in (d.verbs, d.nouns):
        for entry in table.values():
            seen_patterns: dict[str, tuple[str | None, str]] = {}
            for p in entry.patterns:
                body = " ".join(p.text.rsplit("[", 1)[0].split())
                if body in seen_patterns:
                    code, where = seen_patterns[body]
                    if code == p.code:
                        report.add(p.origin, "warning", f"duplicate pattern '{body}' for '{entry.lemma}' (also at {where})")
                    else:
                        report.add(p.origin, "error",
                                   f"pattern '{body}' for '{entry.lemma}' is [{p.code or '---'}] here and "
                                   f"[{code or '---'}] at {where}")
                else:
                    seen_patterns[body] = (p.code, p.origin)

    # 6. discards listed twice (the loader keeps no line numbers for discards: they are read here)
    discards_path = directory / "discards.txt"
    if discards_path.is_file():
        discard_at: dict[tuple[bool, tuple[str, ...]], int] = {}
        for text_line in dictionary_lines(discards_path, []):
            line = _strip_comment(text_line.text).strip()
            if not line or not text_line.readable:
                continue
            story = line.startswith("+")
            for item in line.lstrip("+").split(";"):
                key = (story, phrase_parts(item))
                if not key[1]:
                    continue
                if key in discard_at:
                    report.add(f"{discards_path}:{text_line.number}", "warning",
                               f"{'story discard' if story else 'discard'} '{' '.join(key[1])}' is also listed "
                               f"at line {discard_at[key]}")
                else:
                    discard_at[key] = text_line.number
    return report


def _where(problem: str, directory: Path) -> tuple[str, str]:
    """(``file:line``, message) of a loader's ``file:line: message`` problem."""
    m = _WHERE.match(problem)
    return (m.group(1), m.group(2)) if m else (str(directory), problem)


# ---------------------------------------------------------------------------------------------
# stats


@dataclass
class Stats:
    files: dict[str, int]
    actor_entries: int
    actor_names: int
    actors_by_kind: dict[str, int]
    actors_by_type: dict[str, int]
    dated_entries: int
    agents_by_role: dict[str, int]
    verbs: int
    nouns: int
    patterns: int
    synsets: int
    discards: int
    per_root: dict[str, int]
    root_names: dict[str, str]
    codes_total: int
    unreachable: list[str]
    unreachable_names: dict[str, str]
    #: the lexicon in use (``lexicon.txt`` of the directory, else the project's) and its classes' sizes
    lexicon_file: str = ""
    lexicon: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _actor_type(code: str, d: Dictionaries) -> str:
    first = code[:3]
    if first in TYPE_PREFIXES:
        return first
    if first in REGION_CODES:
        return "region" if len(code) == 3 else "region+" + code[-3:]
    if len(code) == 3:
        return "country"
    tail = code[-3:]
    return tail if tail in ROLE_CODES else "known group"


def stats(directory: str | Path = DICTIONARY_DIR, dictionaries: Dictionaries | None = None) -> Stats:
    """Counts of what the dictionaries in ``directory`` hold, and the CAMEO codes no pattern reaches."""
    directory = Path(directory)
    d = dictionaries if dictionaries is not None else load_dictionaries(directory)
    ontology = d.ontology or load_ontology(directory)
    lexicon = d.lexicon or read_lexicon(DEFAULT_LEXICON)
    files: Counter[str] = Counter()
    for entry in d.actors:
        files[Path(entry.origin.rsplit(":", 1)[0]).name if entry.kind in ("actor", "person") else "countries.txt"] += 1
    by_kind = Counter(e.kind for e in d.actors)
    by_type: Counter[str] = Counter()
    for entry in d.actors:
        for kind in {_actor_type(c.code, d) for c in entry.codes}:
            by_type[kind] += 1
    reach: Counter[str] = Counter()
    n_patterns = 0
    for table in (d.verbs, d.nouns):
        for entry in table.values():
            if entry.code:
                reach[entry.code] += 1
            for p in entry.patterns:
                n_patterns += 1
                for c in (p.code, p.paired_code):
                    if c:
                        reach[c] += 1
    per_root: Counter[str] = Counter()
    for code, n in reach.items():
        et = ontology.get(code)
        per_root[et.root if et else code[:2]] += n
    codes = sorted(c for c in ontology.codes if len(c) >= 3)  # two-digit keys are the roots' aliases
    unreachable = [c for c in codes if c not in reach]
    return Stats(
        files=dict(sorted(files.items())),
        actor_entries=len(d.actors),
        actor_names=sum(len(e.names) for e in d.actors),
        actors_by_kind=dict(by_kind.most_common()),
        actors_by_type=dict(by_type.most_common()),
        dated_entries=sum(1 for e in d.actors if any(c.dated for c in e.codes)),
        agents_by_role=dict(Counter(a.code for a in d.agents for _ in a.names).most_common()),
        verbs=len(d.verbs), nouns=len(d.nouns), patterns=n_patterns, synsets=len(d.synsets),
        discards=len(d.discards) + len(d.story_discards),
        per_root={r: per_root.get(r, 0) for r in sorted(ontology.roots)},
        root_names={r: ontology.root_name(r) for r in sorted(ontology.roots)},
        codes_total=len(codes),
        unreachable=unreachable,
        unreachable_names={c: ontology[c].name for c in unreachable},
        lexicon_file=lexicon.origin,
        lexicon={name: len(lexicon.sets[name]) for name in SECTIONS},
    )


def format_stats(s: Stats) -> str:
    lines = [f"actor entries: {s.actor_entries} ({s.actor_names} names, {s.dated_entries} with dated codes)"]
    lines += [f"  {name:<22} {n:>6}" for name, n in s.files.items()]
    lines.append("actor entries by kind:")
    lines += [f"  {k:<22} {n:>6}" for k, n in s.actors_by_kind.items()]
    lines.append("actor entries by actor type (of any of their codes):")
    lines += [f"  {k:<22} {n:>6}" for k, n in s.actors_by_type.items()]
    lines.append(f"agent words and phrases by role code ({sum(s.agents_by_role.values())}):")
    lines += [f"  {k:<22} {n:>6}" for k, n in s.agents_by_role.items()]
    lines.append(f"verbs: {s.verbs}, nouns: {s.nouns}, patterns: {s.patterns}, synonym sets: {s.synsets}, "
                 f"discards: {s.discards}")
    lines.append("verb/noun codes (defaults and patterns) per CAMEO root:")
    lines += [f"  {r} {s.root_names.get(r, ''):<34} {n:>6}" for r, n in s.per_root.items()]
    lines.append(f"lexicon word classes ({sum(s.lexicon.values())} words; {s.lexicon_file}):")
    lines += [f"  {k:<30} {n:>6}" + ("   (empty)" if not n else "") for k, n in s.lexicon.items()]
    lines.append(f"CAMEO codes no pattern reaches: {len(s.unreachable)} of {s.codes_total}")
    lines += [f"  {c:<5} {s.unreachable_names.get(c, '')}" for c in s.unreachable]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# candidates

@dataclass
class Candidate:
    phrase: str
    count: int = 0
    ner: Counter = field(default_factory=Counter)
    slots: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "count": self.count, "ner": dict(self.ner), "slots": dict(self.slots),
                "examples": self.examples}


def read_parses(path: str | Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file or of an eventcoder parse cache (SQLite)."""
    from ..io.conllu import parse_conllu_lines, read_conllu

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as fh:
        magic = fh.read(16)
    if magic.startswith(b"SQLite format 3"):
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows = db.execute("SELECT key, conllu FROM parses").fetchall()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: not an eventcoder parse cache ({exc})") from None
        for key, blob in rows:
            text = zlib.decompress(blob).decode("utf-8")
            yield from parse_conllu_lines(text.splitlines(), f"{path}:{key[:12]}", default_doc=key[:12])
        return
    if path.suffix.lower() in (".parquet", ".jsonl", ".csv", ".txt"):
        raise InputError(f"{path}: give CoNLL-U parses (eventcoder parse -o FILE.conllu) or the parse cache "
                         f"(outputs/cache/parses.sqlite), not {path.suffix} documents or events")
    yield from read_conllu(path)


def candidates(paths: Iterable[str | Path], dictionaries: Dictionaries, *, examples: int = 2) -> list[Candidate]:
    """Proper-noun phrases and named entities in subject or object position that no actor entry
    matched, most frequent first."""
    from ..coding.coder import Coder
    from ..coding.unmatched import unmatched_names

    coder = Coder(dictionaries)
    found: dict[str, Candidate] = {}
    for path in paths:
        for sentence in read_parses(path):
            actor_at = coder.analyse(sentence).actor_at
            for text, slot, tag in unmatched_names(sentence, actor_at, coder.lex):
                key = fold(text)
                cand = found.get(key)
                if cand is None:
                    cand = found[key] = Candidate(text)
                cand.count += 1
                cand.ner[tag] += 1
                cand.slots[slot] += 1
                if len(cand.examples) < examples:
                    cand.examples.append(f"{sentence.doc_id}#{sentence.sentence_id}: {sentence.text}")
    return sorted(found.values(), key=lambda c: (-c.count, fold(c.phrase)))


__all__ = ["Issue", "LintReport", "lint", "Stats", "stats", "format_stats", "Candidate", "candidates",
           "read_parses"]
