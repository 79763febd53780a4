"""The loader for the project's own dictionary format (documented in ``data/dictionaries/README.md``).

A dictionary directory holds ``countries.txt``, ``actors/*.txt``, ``agents.txt``, ``verbs.txt``,
``discards.txt``, ``lexicon.txt`` and ``cameo.txt`` (+ ``plover.txt``); files that are absent are
taken from the project's own set where the coder cannot do without them (lexicon, ontology).
Malformed lines are skipped and listed with file and line in ``Dictionaries.problems``; so are
lines that are not UTF-8, binary or too long (see :func:`.ontology.dictionary_lines`), and every
file is read through that one reader.  Only a directory that is not there, or that holds no
dictionary file or no CAMEO code at all, is a :class:`DictionaryError`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from calendar import monthrange
from pathlib import Path

from ..errors import DictionaryError
from .lexicon import DEFAULT_LEXICON, read_lexicon
from .model import (ActorEntry, AgentEntry, DatedCode, Dictionaries, Pattern, Term, VerbEntry, fold, phrase_parts)
from .ontology import DICTIONARY_DIR, TextLine, dictionary_lines, load_ontology


def parse_date_bound(text: str, end: bool) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year or month is its first (or, for ``end``, last) day."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"bad date {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    month = int(parts[1])
    if len(parts) == 2:
        return dt.date(year, month, monthrange(year, month)[1] if end else 1)
    return dt.date(year, month, int(parts[2]))


_CODE_RE = re.compile(r"^[A-Z0-9]{3,}$")


def parse_dated_code(text: str) -> DatedCode:
    """``TURGOV``, ``TURGOV 2003-03-14..``, ``TURGOV ..2003``, ``TURGOV 2003..2014-08-27``."""
    bits = text.split()
    if not bits or len(bits) > 2:
        raise ValueError(f"expected 'CODE' or 'CODE FROM..TO', got {text!r}")
    code = bits[0]
    if not _CODE_RE.match(code):
        raise ValueError(f"bad code {code!r} (upper-case letters and digits, at least 3)")
    if len(bits) == 1:
        return DatedCode(code)
    if ".." not in bits[1]:
        raise ValueError(f"bad date range {bits[1]!r} (expected FROM..TO, FROM.. or ..TO)")
    lo, hi = bits[1].split("..", 1)
    start = parse_date_bound(lo, end=False) if lo else None
    stop = parse_date_bound(hi, end=True) if hi else None
    if start and stop and stop < start:
        raise ValueError(f"date range {bits[1]!r} ends before it starts")
    return DatedCode(code, start, stop)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _entry_lines(path: Path, d: Dictionaries):
    """(``file:line``, the line without its comment, the raw line) for each readable non-blank
    line of a file of one-line entries (the reader lists the unreadable ones)."""
    for line in dictionary_lines(path, d.problems):
        text = _strip_comment(line.text).strip()
        if text and line.readable:
            yield f"{path}:{line.number}", text, line.text.strip()


def _shown(raw: str) -> str:
    """A line as a problem quotes it: in quotes, and cut when long."""
    return repr(raw if len(raw) <= 80 else raw[:80] + "...")


def _names(field_text: str) -> list[tuple[str, ...]]:
    return [p for p in (phrase_parts(n) for n in field_text.split(";")) if p]


def _cased_names(field_text: str) -> frozenset:
    """The one-word names of a field written in capitals, up to four letters: acronyms such as
    "US" or "WHO" that, matched regardless of case, would be the pronoun "us" or the word "who"."""
    out = set()
    for n in field_text.split(";"):
        letters = n.strip().replace(".", "")
        if letters.isalpha() and letters.isupper() and len(letters) <= 4:
            out.add(phrase_parts(n))
    return frozenset(out)


def _load_countries(path: Path, d: Dictionaries) -> None:
    for where, line, raw in _entry_lines(path, d):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 4 or not _CODE_RE.match(fields[0]) or len(fields[0]) != 3:
            d.problems.append(f"{where}: expected 'CODE | names | adjectives | capitals' with a 3-letter code, got {_shown(raw)}")
            continue
        code, names, adjectives, capitals = fields
        d.country_codes.add(code)
        primary = names.split(";")[0].strip() or code
        for kind, text, c in (("country", names, code), ("adjective", adjectives, code), ("capital", capitals, code + "GOV")):
            parts = _names(text)
            if parts:
                d.actors.append(ActorEntry(primary, parts, [DatedCode(c)], kind, where, _cased_names(text)))


#: the directive that makes the entries after it people ("he said" can stand for them)
PEOPLE_DIRECTIVE = "@people"


def _load_actor_file(path: Path, d: Dictionaries) -> None:
    kind = "actor"
    for where, line, raw in _entry_lines(path, d):
        if line.strip() == PEOPLE_DIRECTIVE:
            kind = "person"
            continue
        names, sep, codes = line.partition("=>")
        if not sep or not names.strip() or not codes.strip():
            d.problems.append(f"{where}: expected 'name; name => CODE [FROM..TO]; CODE', got {_shown(raw)}")
            continue
        try:
            parsed = [parse_dated_code(c.strip()) for c in codes.split(";") if c.strip()]
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}")
            continue
        parts = _names(names)
        if not parts:
            d.problems.append(f"{where}: no name before '=>'")
            continue
        d.actors.append(ActorEntry(names.split(";")[0].strip(), parts, parsed, kind, where, _cased_names(names)))


def _load_agents(path: Path, d: Dictionaries) -> None:
    for where, line, raw in _entry_lines(path, d):
        names, sep, code = line.partition("=>")
        code = code.strip()
        if not sep or not _names(names) or not re.fullmatch(r"[A-Z]{3}", code):
            d.problems.append(f"{where}: expected 'word; word => ROLE' with a 3-letter role code, got {_shown(raw)}")
            continue
        d.agents.append(AgentEntry(names.split(";")[0].strip(), _names(names), code, where))
        d.agent_codes.add(code)


def _load_discards(path: Path, d: Dictionaries) -> None:
    for _, line, _ in _entry_lines(path, d):
        story = line.startswith("+")
        for item in line.lstrip("+").split(";"):
            parts = phrase_parts(item)
            if parts:
                (d.story_discards if story else d.discards).append(parts)


_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|\S+")


def _alternatives(token: str, synsets: dict[str, list[tuple[str, ...]]], where: str) -> tuple[tuple[str, ...], ...]:
    token = token.strip()
    if token.startswith("{") and token.endswith("}"):
        if ";" in token:
            raise ValueError(f"{token} is a phrase, words in order; alternatives are a synonym set "
                             "(define '&NAME = a; b' and write &NAME)")
        inner = token[1:-1].split()
        seqs: list[tuple[str, ...]] = [()]
        for word in inner:  # a synset inside a phrase multiplies the alternatives
            options = _alternatives(word, synsets, where)
            seqs = [s + o for s in seqs for o in options]
        return tuple(seqs)
    if token.startswith("&"):
        name = token[1:].upper()
        if name not in synsets:
            raise ValueError(f"unknown synonym set &{name} (define it with '&{name} = ...' before use)")
        return tuple(synsets[name])
    parts = phrase_parts(token)
    if not parts:
        raise ValueError(f"empty word in pattern: {token!r}")
    return (parts,)


def parse_code(text: str) -> tuple[str | None, str | None]:
    """``[112]`` -> ("112", None); ``[---]`` -> (None, None); ``[042:043]`` -> ("042", "043")."""
    inner = text.strip()[1:-1].strip()
    if inner in ("---", "", "-"):
        return None, None
    first, _, second = inner.partition(":")
    first, second = first.strip(), second.strip()
    return (None if first in ("---", "") else first), (None if second in ("---", "") else second) or None


def parse_pattern(text: str, synsets: dict[str, list[tuple[str, ...]]], where: str) -> Pattern:
    """A pattern line of verbs.txt (``* (of &CRIME) [1121]``)."""
    tokens = _PATTERN_TOKEN.findall(text)
    if not tokens or not (tokens[-1].startswith("[") and tokens[-1].endswith("]")):
        raise ValueError("a pattern ends with its code in brackets, e.g. [112] or [---]")
    code, paired = parse_code(tokens[-1])
    body = tokens[:-1]
    if body.count("*") != 1:
        raise ValueError("a pattern has exactly one '*' standing for the verb")
    star = body.index("*")
    terms: list[Term] = []
    compound = False
    if body[:star] and body[0] == "%":
        # '% *': the coordinated actors of the subject act on each other ("X and Y clashed")
        compound = True
        body, star = body[1:], star - 1
    for tok in body[:star]:
        terms.append(Term("pre", _alternatives(tok, synsets, where)))
    rest = body[star + 1:]
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok.startswith("("):
            inner = tok[1:-1].split(None, 1)
            if not inner:
                raise ValueError("empty '()' in pattern")
            prep = fold(inner[0]).replace("_", " ")
            what = inner[1].strip() if len(inner) > 1 else ""
            if what == "+":
                terms.append(Term("prep", (), prep, target=True))
            elif what == "$":
                terms.append(Term("prep", (), prep, source=True))
            elif what:
                terms.append(Term("prep", _alternatives(what if " " not in what or what.startswith("{") else "{" + what + "}", synsets, where), prep))
            else:
                terms.append(Term("prep", (), prep))
        elif fold(tok) == "to" and i + 1 < len(rest):
            terms.append(Term("xcomp", _alternatives(rest[i + 1], synsets, where)))
            i += 1
        elif fold(tok) == "to":
            terms.append(Term("xcomp", ()))  # 'to' last: any infinitive clause ("told X to ...")
        elif tok == "+":
            terms.append(Term("object", (), target=True))
        elif tok == "$":
            pass  # the subject is the source by default
        else:
            terms.append(Term("object", _alternatives(tok, synsets, where)))
        i += 1
    for c in (code, paired):
        if c is not None and not re.fullmatch(r"[0-9]{2,4}[A-Z]?", c):
            raise ValueError(f"bad event code {c!r}")
    return Pattern(code, tuple(terms), text.strip(), where, paired, compound)


def _verb_header(text: str) -> tuple[str, str, str] | None:
    """(kind, lemmas, ``[CODE]``) of a ``verb a; b [CODE]`` header line, else None."""
    parts = text.split(None, 1)
    if len(parts) != 2 or parts[0].lower() not in ("verb", "noun", "adj") or not text.endswith("]"):
        return None
    kind, rest = parts
    lemmas, bracket, code = rest.rpartition("[")
    if not bracket or "]" in code[:-1] or not lemmas.strip() or "[" in lemmas or "]" in lemmas:
        return None
    return kind.lower(), lemmas.strip(), "[" + code


_SYNSET_NAME = re.compile(r"^\w+$")


def _synset_line(text: str, d: Dictionaries, where: str) -> None:
    """``&NAME = word; phrase; &OTHER``: a synonym set (``&OTHER`` defined before)."""
    name, sep, members = text[1:].partition("=")
    name = name.strip().upper()
    if not sep or not _SYNSET_NAME.match(name):
        raise ValueError("a synonym set is '&NAME = word; word; ...'")
    alts: list[tuple[str, ...]] = []
    for m in members.split(";"):
        m = m.strip()
        if m.startswith("&"):
            alts.extend(_alternatives(m, d.synsets, where))
        elif phrase_parts(m):
            alts.append(phrase_parts(m))
    d.synsets[name] = alts


def _header_line(header: tuple[str, str, str], d: Dictionaries, where: str) -> list[VerbEntry]:
    """The entries a ``verb``/``noun``/``adj`` header names (made, or found when named before)."""
    kind, lemmas, code_text = header
    code, paired = parse_code(code_text)
    for c in (code, paired):
        if c is not None and not re.fullmatch(r"[0-9]{2,4}[A-Z]?", c):
            raise ValueError(f"bad event code {c!r}")
    table = d.verbs if kind == "verb" else d.nouns
    keys = [k for k in (" ".join(phrase_parts(lemma)) for lemma in lemmas.split(";")) if k]
    if not keys:
        raise ValueError(f"no {kind} before the code")
    current = []
    for key in keys:
        entry = table.get(key)
        if entry is None:
            entry = table[key] = VerbEntry(key, code, [], kind, where)
        elif code is not None and entry.code is None:
            entry.code = code
        current.append(entry)
    return current


def _load_verbs(path: Path, d: Dictionaries) -> None:
    current: list[VerbEntry] = []
    dead = 0  # the header line that was skipped: its pattern lines are skipped too
    for text_line in dictionary_lines(path, d.problems):
        line = _strip_comment(text_line.text)
        if not line.strip():
            continue
        where = f"{path}:{text_line.number}"
        stripped = line.strip()
        indented = line[0].isspace()
        if not text_line.readable:
            if not indented:
                current, dead = [], text_line.number
            continue
        try:
            if indented and "*" in stripped:
                # an indented line with '*' is a pattern, also when it starts with a set ("&SET * [code]")
                if dead:
                    raise ValueError(f"belongs to the entry skipped at line {dead}")
                if not current:
                    raise ValueError("a pattern line must come after a 'verb' or 'noun' header")
                pattern = parse_pattern(stripped.lstrip("-").strip(), d.synsets, where)
                for entry in current:
                    entry.patterns.append(pattern)
                continue
            if indented:
                raise ValueError("an indented line is a pattern with '*' for the verb")
            current, dead = [], text_line.number  # until the line is read
            if stripped.startswith("&"):
                _synset_line(stripped, d, where)
            else:
                header = _verb_header(stripped)
                if header is None:
                    raise ValueError("expected '&SET = ...', 'verb lemma [CODE]', 'noun lemma [CODE]', "
                                     "'adj word [CODE]' or an indented pattern")
                current = _header_line(header, d, where)
            dead = 0
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {_shown(text_line.text.strip())}")


def fingerprint_files(paths: list[Path]) -> str:
    """A hash of the files' names and contents (a file that cannot be read counts as its error)."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        try:
            h.update(p.read_bytes())
        except OSError as exc:
            h.update(f"\0unreadable: {exc.strerror}".encode())
    return h.hexdigest()[:12]


def load_dictionaries(directory: str | Path = DICTIONARY_DIR) -> Dictionaries:
    """Load the project's dictionaries from ``directory`` (files as in ``dictionaries/README.md``).

    Malformed lines are skipped and listed in ``problems`` with file and line.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DictionaryError(f"{directory}: no such dictionary directory")
    d = Dictionaries(name=str(directory))
    files: list[Path] = []
    countries = directory / "countries.txt"
    if countries.exists():
        _load_countries(countries, d)
        files.append(countries)
    actor_dir = directory / "actors"
    for path in sorted(actor_dir.glob("*.txt")) if actor_dir.is_dir() else []:
        _load_actor_file(path, d)
        files.append(path)
    for name, loader in (("agents.txt", _load_agents), ("verbs.txt", _load_verbs), ("discards.txt", _load_discards)):
        path = directory / name
        if path.exists():
            loader(path, d)
            files.append(path)
    for c in ("cameo.txt", "plover.txt"):
        if (directory / c).exists():
            files.append(directory / c)
    if not files:
        raise DictionaryError(f"{directory}: no dictionary files (countries.txt, actors/*.txt, agents.txt, verbs.txt)")
    lexicon_path = directory / "lexicon.txt"
    d.lexicon = read_lexicon(lexicon_path if lexicon_path.exists() else DEFAULT_LEXICON, d.problems)
    if lexicon_path.exists():
        files.append(lexicon_path)
    d.ontology = load_ontology(directory, d.problems)
    d.problems.extend(_unknown_codes(d))
    d.fingerprint = fingerprint_files(files)
    return d


def _unknown_codes(d: Dictionaries) -> list[str]:
    """``file:line: unknown CAMEO code`` for each code of a header or pattern the ontology lacks
    (a pattern shared by the lemmas of one header is named once)."""
    found: dict[tuple[str, str], str] = {}
    for table in (d.verbs, d.nouns):
        for entry in table.values():
            codes = [(entry.origin, entry.code)] + [(p.origin, c) for p in entry.patterns for c in (p.code, p.paired_code)]
            for origin, c in codes:
                if c is not None and c not in d.ontology and (origin, c) not in found:
                    found[origin, c] = f"{origin}: unknown CAMEO code {c} for '{entry.lemma}'"
    return list(found.values())
