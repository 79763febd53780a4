"""The loader for the project's own dictionary format (documented in ``data/dictionaries/README.md``).

A dictionary directory holds ``countries.txt``, ``actors/*.txt``, ``agents.txt``, ``verbs.txt``,
``discards.txt``, ``lexicon.txt`` and ``cameo.txt`` (+ ``plover.txt``); files that are absent are
taken from the project's own set where the coder cannot do without them (lexicon, ontology).
Malformed lines are skipped and listed with file and line in ``Dictionaries.problems``.
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
from .ontology import DICTIONARY_DIR, load_ontology


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
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = f"{path}:{lineno}"
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 4 or not _CODE_RE.match(fields[0]) or len(fields[0]) != 3:
            d.problems.append(f"{where}: expected 'CODE | names | adjectives | capitals' with a 3-letter code, got {raw.strip()!r}")
            continue
        code, names, adjectives, capitals = fields
        d.country_codes.add(code)
        primary = names.split(";")[0].strip() or code
        for kind, text, c in (("country", names, code), ("adjective", adjectives, code), ("capital", capitals, code + "GOV")):
            parts = _names(text)
            if parts:
                d.actors.append(ActorEntry(primary, parts, [DatedCode(c)], kind, where, _cased_names(text)))


def _load_actor_file(path: Path, d: Dictionaries) -> None:
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = f"{path}:{lineno}"
        names, sep, codes = line.partition("=>")
        if not sep or not names.strip() or not codes.strip():
            d.problems.append(f"{where}: expected 'name; name => CODE [FROM..TO]; CODE', got {raw.strip()!r}")
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
        d.actors.append(ActorEntry(names.split(";")[0].strip(), parts, parsed, "actor", where, _cased_names(names)))


def _load_agents(path: Path, d: Dictionaries) -> None:
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = f"{path}:{lineno}"
        names, sep, code = line.partition("=>")
        code = code.strip()
        if not sep or not names.strip() or not re.fullmatch(r"[A-Z]{3}", code):
            d.problems.append(f"{where}: expected 'word; word => ROLE' with a 3-letter role code, got {raw.strip()!r}")
            continue
        d.agents.append(AgentEntry(names.split(";")[0].strip(), _names(names), code, where))
        d.agent_codes.add(code)


def _load_discards(path: Path, d: Dictionaries) -> None:
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        story = line.startswith("+")
        for item in line.lstrip("+").split(";"):
            parts = phrase_parts(item)
            if parts:
                (d.story_discards if story else d.discards).append(parts)


_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|\S+")


def _alternatives(token: str, synsets: dict[str, list[tuple[str, ...]]], where: str) -> tuple[tuple[str, ...], ...]:
    token = token.strip()
    if token.startswith("{") and token.endswith("}"):
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


_HEADER = re.compile(r"^(verb|noun|adj)\s+(.+?)\s*(\[[^\]]*\])\s*$", re.IGNORECASE)


def _load_verbs(path: Path, d: Dictionaries) -> None:
    current: list[VerbEntry] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        stripped = line.strip()
        try:
            if line[0].isspace() and "*" in stripped:
                # an indented line with '*' is a pattern, also when it starts with a set ("&SET * [code]")
                if not current:
                    raise ValueError("a pattern line must come after a 'verb' or 'noun' header")
                pattern = parse_pattern(stripped.lstrip("-").strip(), d.synsets, where)
                for entry in current:
                    entry.patterns.append(pattern)
                continue
            if stripped.startswith("&"):
                name, sep, members = stripped[1:].partition("=")
                if not sep:
                    raise ValueError("a synonym set is '&NAME = word; word; ...'")
                alts: list[tuple[str, ...]] = []
                for m in members.split(";"):
                    m = m.strip()
                    if m:
                        alts.extend(_alternatives(m if not m.startswith("&") else m, d.synsets, where) if m.startswith("&") else [phrase_parts(m)])
                d.synsets[name.strip().upper()] = alts
                current = []
                continue
            header = _HEADER.match(stripped)
            if header and not line[0].isspace():
                kind, lemmas, code_text = header.groups()
                code, _ = parse_code(code_text)
                table = d.verbs if kind.lower() == "verb" else d.nouns
                current = []
                for lemma in lemmas.split(";"):
                    key = " ".join(phrase_parts(lemma))
                    if not key:
                        continue
                    entry = table.get(key)
                    if entry is None:
                        entry = table[key] = VerbEntry(key, code, [], kind.lower(), where)
                    elif code is not None and entry.code is None:
                        entry.code = code
                    current.append(entry)
                continue
            raise ValueError("expected '&SET = ...', 'verb lemma [CODE]', 'noun lemma [CODE]', 'adj word [CODE]' or an indented pattern")
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {raw.strip()!r}")


def fingerprint_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
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
    ontology = d.ontology = load_ontology(directory)
    for table in (d.verbs, d.nouns):
        for entry in table.values():
            for c in [entry.code] + [p.code for p in entry.patterns] + [p.paired_code for p in entry.patterns]:
                if c is not None and c not in ontology:
                    d.problems.append(f"{entry.origin}: unknown CAMEO code {c} for '{entry.lemma}'")
    d.fingerprint = fingerprint_files(files)
    return d
