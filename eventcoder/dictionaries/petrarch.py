"""Readers for the classic TABARI / PETRARCH dictionary formats.

Every file is read into the coder's own in-memory model (:class:`eventcoder.dictionaries.Dictionaries`);
nothing is converted into files of the project.  What each classic construct becomes:

* **verbs** (``CAMEO.2.0.txt``, ``PETR.Validate.verbs*.txt``, ``CAMEO.verbpatterns.*``)

  - ``&NAME`` followed by ``+word`` lines: a synonym set (members may be phrases, other sets
    ``+&OTHER``, or parenthesised phrases whose parentheses are dropped);
  - ``--- NAME [CODE] ---``: a block; every verb line of the block gets ``CODE`` unless it has
    its own ``[CODE]``; every pattern line of the block applies to all its verbs;
  - ``SAY {SAYS SAID SAYING}``: a verb with its irregular forms; regular forms (``-s``, ``-ed``,
    ``-ing``) are generated.  Forms go to :attr:`Dictionaries.verb_forms` (surface form -> verb);
  - ``+CORDON_OFF``, ``WIRE_+TAP``: a multi-word verb, ``+`` marking the inflected word.  The
    entry is the inflected word; the other words become ``particle`` terms of its patterns;
  - ``- * (ON RESOLUTION) [057]``: a pattern.  Before ``*``: ``pre`` terms; after it: bare words
    and ``{phrases}`` are ``object`` terms, ``(PREP words)`` and bare prepositions followed by
    words are ``prep`` terms, ``&SET`` expands to the set's members; ``+`` marks the target,
    ``$`` the source, ``%`` a compound (coordinated actors acting on each other), ``^`` skips.
    ``_`` joins words (TABARI style ``IN_*``, ``NEW_&TIETYPES_RELATIONS``);
  - codes ``[042:043]`` (an event and a second one with source and target swapped), ``[:080]``
    (only the swapped one), ``[---]`` (no event);
  - ``~ a (a b ATTACK) SAY = a b 015``: a transformation (:class:`Transformation`).

* **actors** (``*.actors.txt``): ``NAME [CODE]`` starts an entry, ``+NAME`` adds a synonym,
  ``[CODE]`` lines (or several codes on one line) add codes; ``[CODE >YYMMDD]`` applies from
  that day on, ``[CODE <YYMMDD]`` before it, ``[CODE D1-D2]`` between (both inclusive).  Six-digit
  dates are ``YYMMDD`` (years below 30 are 20xx).  ``[---]`` recognises the actor without a code.

* **agents** (``*.agents.txt``): ``PHRASE {PLURALS} [~CODE]`` (code appended to the actor's
  code) or ``[CODE~]`` (put before it); regular plurals are generated unless ``{}`` is given;
  ``!SET! = a, b`` defines a substitution used as ``CONGRESS!PERSON!``.

* **discards**: phrases; ``+`` marks a story-level discard.  **issues** (``*.IssueCoding.txt``):
  ``<ISSUE CATEGORY=...>`` blocks of ``phrase [CODE]`` lines, ``n:`` marking nouns (plurals
  generated), ``+`` joining word parts, ``~phrase`` excluding a phrase.

* **internal ontology** (``PETR.Internal.Coding.Ontology.txt``): ``CODE:0xHEX`` expressions
  (``-0xFFFF+0x0070``) giving the PETRARCH-2 internal value of each CAMEO code, used to combine
  codes (a statement plus an accusation; negated codes).

Malformed lines are skipped and listed in :attr:`Dictionaries.problems` as ``file:line: what``;
so are lines that are not UTF-8, binary or too long (every file is read through
:func:`.ontology.dictionary_lines`).  Loading a set is cached: a pickle under
``~/.cache/eventcoder`` (``$EVENTCODER_CACHE``) keyed by the files' contents and paths and by the
loaders' source.  A cache file that cannot be read, or holds something else, is rebuilt; it is
written through a temporary file and renamed, and a cache directory that cannot be written to
only costs the time of loading.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path

from .model import (ActorEntry, AgentEntry, DatedCode, Dictionaries, IssueEntry, Pattern, Term, Transformation,
                    VerbEntry, fold, phrase_parts)
from .project import parse_code
from ..errors import DictionaryError
from .lexicon import DEFAULT_LEXICON, read_lexicon
from .ontology import dictionary_lines, load_ontology
from ..io.pickles import CACHE_DIR, read_cached, write_cached

log = logging.getLogger("eventcoder")

#: file names of the Phoenix set, used when no names are given
PHOENIX_FILES = {
    "verbs": ["CAMEO.2.0.txt"],
    "actors": ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"],
    "agents": ["Phoenix.agents.txt"],
    "discards": ["Phoenix.discards.txt"],
    "issues": ["Phoenix.IssueCoding.txt"],
    "ontology": ["PETR.Internal.Coding.Ontology.txt"],
}


PREPOSITIONS = frozenset(
    "about above across after against along amid among around as at before behind below beneath beside "
    "besides between beyond by despite down during except for from in inside into like near of off on onto "
    "out outside over past per regarding since through throughout till to toward towards under underneath "
    "unlike until up upon via with within without".split())


# ---------------------------------------------------------------------------------------------
# Reading lines


def _lines(path: Path, d: Dictionaries):
    """(line number, text without comments, raw text) for each non-blank line of ``path``; the
    text is None for a line the reader could not read (listed in ``d.problems`` by the reader).

    ``#`` starts a comment; ``<!-- ... -->`` comments (also spanning lines, also written ``<! --``)
    are skipped.
    """
    in_comment = False
    for text_line in dictionary_lines(path, d.problems):
        raw = text_line.text
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line.split("-->", 1)[1]
            else:
                continue
        while True:
            m = _COMMENT_OPEN.search(line)
            if not m:
                break
            end = line.find("-->", m.end())
            if end < 0:
                line = line[:m.start()]
                in_comment = True
                break
            line = line[:m.start()] + " " + line[end + 3:]
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield text_line.number, (line if text_line.readable else None), _shown(raw.strip())


_COMMENT_OPEN = re.compile(r"<!\s*--")


def _shown(raw: str) -> str:
    """A line as a problem quotes it: cut when long (problems quote it with repr)."""
    return raw if len(raw) <= 80 else raw[:80] + "..."


# ---------------------------------------------------------------------------------------------
# Word forms


def _is_vowel(c: str) -> bool:
    return c in "aeiou"


def verb_forms(base: str) -> list[str]:
    """Regular forms of an (upper- or lower-case) verb: ``-s``, ``-ed``, ``-ing`` (PETRARCH's rules)."""
    b = base.lower()
    if not b.isalpha():
        return []
    if b.endswith("e"):
        return [b + "s", b + "d", b[:-1] + "ing"]
    if b.endswith("y") and len(b) > 1 and not _is_vowel(b[-2]):
        return [b[:-1] + "ies", b[:-1] + "ied", b + "ing"]
    if b.endswith(("s", "x", "z", "ch", "sh")):
        return [b + "es", b + "ed", b + "ing"]
    return [b + "s", b + "ed", b + "ing"]


def plural(word: str) -> str:
    """The regular plural of a noun (PETRARCH's rules): -ies, -es, -men, -s."""
    w = word.lower()
    if w.endswith("y") and len(w) > 1 and not _is_vowel(w[-2]):
        return w[:-1] + "ies"
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("man"):
        return w[:-3] + "men"
    return w + "s"


# ---------------------------------------------------------------------------------------------
# Verbs

_CODE_OK = re.compile(r"^[0-9]{2,4}[A-Za-z]?$")
#: ``[CODE]`` (no bracket inside: a scan never runs past the next '[', so long lines stay linear)
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_BRACES = re.compile(r"\{([^{}]*)\}")


def _check_code(text: str) -> tuple[str | None, str | None]:
    """``[042:043]`` -> ("042", "043") with both parts checked; raises ValueError when malformed."""
    code, paired = parse_code(text)
    for c in (code, paired):
        if c is not None and not _CODE_OK.match(c):
            raise ValueError(f"bad event code {text.strip()} (expected digits like [042], [042:043] or [---])")
    return code, paired


def _synset_key(name: str) -> str:
    return name.strip().lstrip("&").rstrip("_").upper()


_CODE_AT_END = re.compile(r"\[([^\[\]]*)\]\s*$")
_PATTERN_TOKEN = re.compile(r"\{[^{}]*\}|\([^()]*\)|[^\s{}()]+|[{}()]")


def _block_header(text: str) -> tuple[str, list[str]] | None:
    """(name, ``[CODE]`` texts) of a block header ``--- NAME [CODE] ---``, else None.  (A scan,
    not a regular expression: the expression had cubic time on long runs of spaces.)"""
    if not text.startswith("---"):
        return None
    body = text[3:].lstrip()
    if not body or not (body[0].isalnum() or body[0] == "_"):
        return None
    cut = body.find("[")
    if cut < 0:  # no code: the header must end with '---'
        return (body.rstrip(_BLANK_OR_DASH), []) if text.endswith("---") and "]" not in body else None
    name, rest = body[:cut].rstrip(), body[cut:]
    if "]" in name:
        return None
    codes = []
    while rest.startswith("["):
        end = rest.find("]")
        if end < 0 or "[" in rest[1:end]:
            return None
        codes.append(rest[:end + 1])
        rest = rest[end + 1:].lstrip()
    if rest.strip(_BLANK_OR_DASH):
        return None
    return name, codes


_BLANK_OR_DASH = " \t\n\r\f\v-"


class _VerbReader:
    """State of one verb file being read."""

    def __init__(self, path: Path, d: Dictionaries):
        self.path = path
        self.d = d
        self.synset: str | None = None  # the set whose '+' members are being read
        self.skipped_set = 0  # the line of a set header that was skipped: its '+' members are skipped too
        self.skipped_block = 0  # the line of a block header that was skipped: its lines are skipped too
        self.skipped_lines: list[int] = []
        self.pending_sets: dict[str, list[str]] = {}  # set -> member sets, resolved at the end
        self.block_code: str | None = None
        self.block_paired: str | None = None
        self.block_name = ""
        self.group: list[tuple[VerbEntry, tuple[Term, ...]]] = []
        self.group_has_patterns = False
        self.plain: set[str] = {k for k, e in d.verbs.items() if e.code is not None or e.paired_code is not None}

    # -- synonym sets -------------------------------------------------------------------------
    def start_synset(self, name: str, lineno: int) -> None:
        key = _synset_key(name)
        self.synset, self.skipped_set = None, lineno
        if not re.fullmatch(r"\w+", key):
            raise ValueError(f"bad synonym set name {name!r} (letters, digits and '_')")
        self.synset, self.skipped_set = key, 0
        self.group = []
        self.group_has_patterns = False
        self.d.synsets.setdefault(key, [])

    def add_member(self, text: str, where: str) -> None:
        text = text.strip()
        if text.startswith("&"):
            ref = _synset_key(text)
            if ref in self.d.synsets:
                self.d.synsets[self.synset].extend(self.d.synsets[ref])
            else:
                self.pending_sets.setdefault(self.synset, []).append(ref)
            return
        parts = phrase_parts(text.strip("()"))
        if not parts:
            raise ValueError("empty synonym set member")
        if parts not in self.d.synsets[self.synset]:
            self.d.synsets[self.synset].append(parts)

    def resolve(self, name: str, seen: frozenset = frozenset()) -> None:
        """Add the members of the sets ``name`` refers to (``+&OTHER``, possibly defined later)."""
        for ref in self.pending_sets.pop(name, []):
            if ref not in self.d.synsets or ref in seen:
                self.d.problems.append(f"{self.path}: synonym set &{name} refers to "
                                       f"{'undefined' if ref not in self.d.synsets else 'circular'} set &{ref}")
                continue
            self.resolve(ref, seen | {name})
            for member in self.d.synsets[ref]:
                if member not in self.d.synsets[name]:
                    self.d.synsets[name].append(member)

    def finish(self) -> None:
        self.end_skipped_block()
        for name in list(self.pending_sets):
            self.resolve(name)

    # -- alternatives -------------------------------------------------------------------------
    def alternatives(self, text: str, where: str) -> tuple[tuple[str, ...], ...]:
        """The word sequences a phrase stands for (``NEW_&TIETYPES_RELATIONS``, ``{A B}``, ``&SET``)."""
        text = text.strip().strip("{}")
        seqs: list[tuple[str, ...]] = [()]
        for word in re.split(r"[\s_]+", text):
            if not word:
                continue
            if word.startswith("&"):
                key = _synset_key(word)
                if key in self.pending_sets:
                    self.resolve(key)
                if key not in self.d.synsets or not self.d.synsets[key]:
                    raise ValueError(f"unknown synonym set {word} (define '&{key}' with '+word' lines before use)")
                options = self.d.synsets[key]
            else:
                parts = phrase_parts(word)
                if not parts:
                    continue
                options = [parts]
            seqs = [s + o for s in seqs for o in options]
        seqs = [s for s in seqs if s]
        if not seqs:
            raise ValueError(f"empty phrase {text!r}")
        return tuple(dict.fromkeys(seqs))

    # -- verbs --------------------------------------------------------------------------------
    def start_block(self, name: str, code_text: str | None, where: str) -> None:
        self.end_skipped_block()
        self.block_name = name.strip()
        self.group = []
        self.group_has_patterns = False
        self.block_code = self.block_paired = None
        if code_text:
            self.block_code, self.block_paired = _check_code(code_text)

    def skip_block(self, lineno: int) -> None:
        """A block header that cannot be read: the block's verbs and patterns are skipped with it
        (they would otherwise be read with the block before it and its code)."""
        self.end_skipped_block()
        self.synset, self.skipped_set, self.group = None, 0, []
        self.skipped_block = lineno

    def end_skipped_block(self) -> None:
        if self.skipped_block and self.skipped_lines:
            n, last = len(self.skipped_lines), self.skipped_lines[-1]
            self.d.problems.append(f"{self.path}:{self.skipped_block}: the {n} verb and pattern line{'s' * (n > 1)} "
                                   f"of the block skipped here (up to line {last}) are skipped with it")
        self.skipped_block, self.skipped_lines = 0, []

    def add_verb(self, line: str, where: str) -> None:
        """``SAY {SAYS SAID} [010]``, ``+TAKE_NOTE {+TOOK_NOTE}``, ``WIRE_+TAP``."""
        codes = _BRACKET.findall(line)
        body = _BRACKET.sub(" ", line)
        if "[" in body or "]" in body:
            raise ValueError("unbalanced '[' ']' in verb line")
        forms_text = ""
        m = _BRACES.search(body)
        if m:
            forms_text = m.group(1)
            body = body[:m.start()] + " " + body[m.end():]
        if "{" in body or "}" in body:
            raise ValueError("unbalanced '{' '}' in verb line")
        words = body.split()
        if len(words) != 1:
            raise ValueError("a verb line is one word (or words joined by '_'), optional {forms} and [CODE]")
        if len(codes) > 1:
            raise ValueError("a verb line has at most one [CODE]")
        if codes:
            code, paired = _check_code("[" + codes[0] + "]")
        else:
            code, paired = self.block_code, self.block_paired
        if self.group_has_patterns:  # a verb after patterns starts a new group of the same block
            self.group = []
            self.group_has_patterns = False
        word = words[0]
        parts = [p for p in word.split("_") if p]
        if not parts:
            raise ValueError("empty verb")
        if len(parts) == 1:
            inflected = 0
        else:
            marked = [i for i, p in enumerate(parts) if p.startswith("+")]
            if len(marked) != 1:
                raise ValueError(f"multi-word verb {word} needs exactly one '+' on its inflected word")
            inflected = marked[0]
        parts = [p.lstrip("+") for p in parts]
        base = fold(parts[inflected])
        if not base or not re.fullmatch(r"[a-z][a-z'.\-]*", base):
            raise ValueError(f"bad verb word {parts[inflected]!r}")
        extra: tuple[Term, ...] = tuple(Term("particle", ((fold(p),),)) for i, p in enumerate(parts) if i != inflected and p)
        entry = self.d.verbs.get(base)
        if entry is None:
            entry = self.d.verbs[base] = VerbEntry(base, code if not extra else None, [], "verb", where,
                                                   block=self.block_name, paired_code=paired if not extra else None)
            if not extra:
                self.plain.add(base)
        elif not extra and base not in self.plain:
            # the first plain line of a verb gives its code ("+MEET_WITH" may come before "MEET")
            entry.code, entry.paired_code, entry.block, entry.origin = code, paired, self.block_name, where
            self.plain.add(base)
        if extra:
            entry.patterns.append(Pattern(code, extra, word, where, paired))
        # surface forms
        forms = [base] + verb_forms(base)
        for f in forms_text.split():
            fparts = [p for p in f.split("_") if p]
            marked = [p for p in fparts if p.startswith("+")]
            form = marked[0] if marked else (fparts[inflected] if len(fparts) > inflected else fparts[0])
            forms.append(fold(form.lstrip("+")))
        for f in forms:
            self.d.verb_forms.setdefault(f, base)
        self.group.append((entry, extra))

    def add_pattern(self, line: str, where: str) -> None:
        if not self.group:
            raise ValueError("a pattern line must follow a verb")
        pattern = self.parse_pattern(line, where)
        self.group_has_patterns = True
        for entry, extra in self.group:
            if extra:
                entry.patterns.append(Pattern(pattern.code, extra + pattern.terms, pattern.text, where,
                                              pattern.paired_code, compound=pattern.compound))
            else:
                entry.patterns.append(pattern)

    def parse_pattern(self, line: str, where: str) -> Pattern:
        text = line.strip()
        if text.startswith("-"):
            text = text[1:].strip()
        m = _CODE_AT_END.search(text)
        if not m:
            raise ValueError("a pattern ends with its code in brackets, e.g. [112] or [---]")
        code, paired = _check_code(m.group(0))
        body = text[:m.start()]
        body = re.sub(r"_?\*_?", " * ", body)
        tokens = _PATTERN_TOKEN.findall(body)
        if any(t in "{}()" for t in tokens) or "[" in body or "]" in body:
            raise ValueError("unbalanced brackets in pattern")
        if tokens.count("*") != 1:
            raise ValueError("a pattern has exactly one '*' standing for the verb")
        star = tokens.index("*")
        terms: list[Term] = []
        compound = False
        after = False
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if tok == "*":
                after = True
                continue
            if tok == "%":
                compound = True
                continue
            if tok == "^":
                continue
            if tok in ("+", "$"):
                role = {"target": tok == "+", "source": tok == "$"}
                if after:
                    terms.append(Term("any", (), **role))
                elif tok == "+":
                    terms.append(Term("pre", (), **role))
                continue
            if tok.startswith("("):
                inner = tok[1:-1].split()
                if not inner:
                    raise ValueError("empty '()' in pattern")
                terms.append(self._prep_term(fold(inner[0]), inner[1:], where))
                continue
            if after and fold(tok) in PREPOSITIONS and "_" not in tok and i < len(tokens) and tokens[i] not in ("*",):
                # TABARI style: a bare preposition and the words after it, up to the next marker or preposition
                rest: list[str] = []
                while i < len(tokens) and not tokens[i].startswith(("(", "{")) and tokens[i] not in ("*", "%") \
                        and fold(tokens[i]) not in PREPOSITIONS:
                    rest.append(tokens[i])
                    i += 1
                terms.append(self._prep_term(fold(tok), rest, where))
                continue
            if after and fold(tok) in PREPOSITIONS and "_" not in tok and i >= len(tokens):
                terms.append(Term("prep", (), fold(tok)))
                continue
            terms.append(Term("object" if after else "pre", self.alternatives(tok, where)))
        return Pattern(code, tuple(terms), line.strip(), where, paired, compound=compound)

    def _prep_term(self, prep: str, words: list[str], where: str) -> Term:
        target = "+" in words
        source = "$" in words
        content = [w for w in words if w not in ("+", "$", "^", "%")]
        if not content:
            return Term("prep", (), prep, target=target, source=source)
        return Term("prep", self.alternatives(" ".join(content), where), prep, target=target, source=source)

    # -- transformations ----------------------------------------------------------------------
    def add_transformation(self, line: str, where: str) -> None:
        m = re.fullmatch(r"~\s*(\w)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*", line.strip())
        if not m:
            raise ValueError("a transformation is '~ a (b c INNER) OUTER = x y CODE'")
        outer_source, inner_source, inner_target, inner_verb, outer_verb, src, tgt, code = m.groups()
        self.d.transformations.append(Transformation(
            outer_verb.upper(), inner_verb.upper(), outer_source, inner_source, inner_target, src, tgt, code,
            line.strip(), where))


def _load_verbs(path: Path, d: Dictionaries) -> None:
    reader = _VerbReader(path, d)
    for lineno, line, raw in _lines(path, d):
        where = f"{path}:{lineno}"
        if line is None:
            _skip_verb_line(reader, raw, lineno, where)
            continue
        stripped = line.split(";", 1)[0].strip()  # ';' also starts a comment in TABARI verb files
        if not stripped:
            continue
        try:
            _verb_line(reader, stripped, lineno, where)
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {raw!r}")
    reader.finish()


def _verb_line(reader: _VerbReader, stripped: str, lineno: int, where: str) -> None:
    if stripped.startswith("&"):
        reader.end_skipped_block()
        reader.start_synset(stripped.split()[0], lineno)
        return
    if stripped.startswith("+") and (reader.synset is not None or reader.skipped_set):
        if reader.skipped_set:
            raise ValueError(f"member of the synonym set skipped at line {reader.skipped_set}")
        reader.add_member(stripped[1:], where)
        return
    reader.synset, reader.skipped_set = None, 0
    if stripped.startswith("~"):
        reader.end_skipped_block()
        reader.add_transformation(stripped, where)
        return
    if stripped.startswith("---"):
        header = _block_header(stripped)
        if not header or not (header[1] or stripped.endswith("---")):
            reader.skip_block(lineno)
            raise ValueError("a block header is '--- NAME [CODE] ---'; its verbs and patterns are skipped")
        name, codes = header
        try:
            reader.start_block(name, codes[0] if codes else None, where)
        except ValueError:
            reader.skip_block(lineno)
            raise
        if len(codes) > 1:
            raise ValueError("a block header has one [CODE]; the first is used")
        return
    if reader.skipped_block:
        reader.skipped_lines.append(lineno)
        return
    if stripped.startswith("-") or stripped.startswith("*"):
        reader.add_pattern(stripped, where)
        return
    if "*" in stripped:
        raise ValueError("a pattern line starts with '-'")
    reader.add_verb(stripped, where)


def _skip_verb_line(reader: _VerbReader, shape: str, lineno: int, where: str) -> None:
    """After a line the reader could not read (and listed): a lost block header or set header
    takes the lines of its block or set with it (they are skipped, not read into another)."""
    if shape.startswith("&"):
        reader.end_skipped_block()
        reader.synset, reader.skipped_set = None, lineno
    elif shape.startswith("---"):
        reader.skip_block(lineno)
    elif not shape.startswith("+"):
        reader.synset, reader.skipped_set = None, 0


# ---------------------------------------------------------------------------------------------
# Actors


def parse_classic_date(text: str) -> dt.date:
    """``YYMMDD`` (years below 30 are 20xx) or ``YYYYMMDD``."""
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r} (expected YYMMDD or YYYYMMDD)")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"impossible date {text!r}") from None


_ACTOR_CODE = re.compile(r"^[A-Za-z0-9/+\-]+$")


def parse_classic_code(text: str) -> DatedCode:
    """The inside of ``[CODE]``, ``[CODE >YYMMDD]``, ``[CODE <YYMMDD]``, ``[CODE D1-D2]``."""
    text = text.strip()
    m = re.fullmatch(r"(\S+)(?:\s+(.*))?", text)
    if not m:
        raise ValueError("empty code '[]'")
    code, restriction = m.group(1), (m.group(2) or "").strip()
    if not _ACTOR_CODE.match(code) or re.fullmatch(r"[0-9<>\-]+", code) and code != "---":
        raise ValueError(f"bad actor code {code!r}")
    code = code.upper()
    if not restriction:
        return DatedCode(code)
    compact = restriction.replace(" ", "")
    if compact.startswith("<"):
        day = parse_classic_date(compact[1:])
        if day == dt.date.min:
            raise ValueError(f"no day before {compact[1:]!r}")
        return DatedCode(code, None, day - dt.timedelta(days=1))
    if compact.startswith(">"):
        return DatedCode(code, parse_classic_date(compact[1:]), None)
    if compact.count("-") == 1:
        lo, hi = compact.split("-")
        start, end = parse_classic_date(lo), parse_classic_date(hi)
        if end < start:
            raise ValueError(f"date range {restriction!r} ends before it starts")
        return DatedCode(code, start, end)
    raise ValueError(f"bad date restriction {restriction!r} (expected >YYMMDD, <YYMMDD or YYMMDD-YYMMDD)")


def _load_actors(path: Path, d: Dictionaries) -> None:
    current: ActorEntry | None = None
    dead: str | None = None  # the skipped entry whose synonym and code lines are skipped too
    for lineno, line, raw in _lines(path, d):
        where = f"{path}:{lineno}"
        if line is None:  # listed by the reader; a lost name line takes its synonyms and codes with it
            if dead is None and _starts_entry(raw):
                dead, current = str(lineno), None
            continue
        try:
            stripped = line.strip()
            if dead is not None and (stripped.startswith(("+", "[")) or not _BRACKET.sub(" ", stripped).strip()):
                raise ValueError(f"belongs to the entry skipped at line {dead}")
            dead = None
            if stripped.count("[") != stripped.count("]"):
                raise ValueError("unbalanced '[' ']'")
            codes = [parse_classic_code(c) for c in _BRACKET.findall(stripped)]
            name = _BRACKET.sub(" ", stripped).strip()
            if "[" in name or "]" in name:
                raise ValueError("'[' inside a code")
            if name.startswith("+"):
                if current is None:
                    raise ValueError("a '+synonym' line must follow an actor")
                parts = phrase_parts(name[1:])
                if not parts:
                    raise ValueError("empty synonym")
                current.names.append(parts)
                current.codes.extend(codes)
                continue
            if not name:
                if current is None:
                    raise ValueError("a code line must follow an actor")
                current.codes.extend(codes)
                continue
            parts = phrase_parts(name)
            if not parts:
                raise ValueError("empty actor name")
            current = ActorEntry(name.strip("_ "), [parts], codes, "actor", where)
            d.actors.append(current)
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {raw!r}")
            if dead is None and _starts_entry(line.strip()):
                dead, current = str(lineno), None
    for entry in d.actors:
        for c in entry.codes:
            if len(c.code) == 3 and c.code.isalpha():
                d.country_codes.add(c.code)


def _starts_entry(line: str) -> bool:
    """Whether an actor line names a new actor (not a '+synonym' or a '[CODE]' line)."""
    return not line.startswith(("+", "[")) and bool(_BRACKET.sub(" ", line).strip())


# ---------------------------------------------------------------------------------------------
# Agents

#: an agent phrase with substitution sets stands for at most this many phrases
MAX_AGENT_VARIANTS = 1000


def _load_agents(path: Path, d: Dictionaries) -> None:
    sets: dict[str, list[str]] = {}
    for lineno, line, raw in _lines(path, d):
        where = f"{path}:{lineno}"
        if line is None:  # listed by the reader
            continue
        try:
            stripped = line.strip()
            m = re.fullmatch(r"(!\w+!)\s*=\s*(.+)", stripped)
            if m:
                sets[m.group(1).upper()] = [w.strip() for w in m.group(2).split(",") if w.strip()]
                continue
            codes = _BRACKET.findall(stripped)
            if len(codes) != 1 or stripped.count("[") != 1:
                raise ValueError("an agent line is 'PHRASE {PLURALS} [~CODE]' or '[CODE~]'")
            code_text = codes[0].replace(" ", "")
            if code_text.startswith("~") and re.fullmatch(r"~[A-Z0-9]+", code_text):
                code, prefix = code_text[1:], False
            elif code_text.endswith("~") and re.fullmatch(r"[A-Z0-9]+~", code_text):
                code, prefix = code_text[:-1], True
            else:
                raise ValueError(f"bad agent code [{codes[0]}] (expected [~CODE] or [CODE~])")
            body = _BRACKET.sub(" ", stripped)
            plurals: list[str] | None = None
            pm = _BRACES.search(body)
            if pm:
                plurals = pm.group(1).split()
                body = body[:pm.start()] + " " + body[pm.end():]
            if "{" in body or "}" in body:
                raise ValueError("unbalanced '{' '}'")
            phrase = body.strip()
            if not phrase:
                raise ValueError("no agent phrase before the code")
            variants = [phrase]
            for name, members in sets.items():
                if name in phrase.upper():
                    if len(variants) * len(members) > MAX_AGENT_VARIANTS:
                        raise ValueError(f"the substitution sets make more than {MAX_AGENT_VARIANTS} phrases")
                    variants = [v.upper().replace(name, mem) for v in variants for mem in members]
            if "!" in " ".join(variants):
                raise ValueError(f"undefined substitution set in {phrase!r}")
            names: list[tuple[str, ...]] = []
            for v in variants:
                parts = phrase_parts(v)
                if not parts:
                    continue
                names.append(parts)
                if plurals is None:
                    names.append(parts[:-1] + (plural(parts[-1]),))
            for p in plurals or []:
                parts = phrase_parts(p)
                if parts:
                    names.append(parts)
            names = list(dict.fromkeys(names))
            if not names:
                raise ValueError("empty agent phrase")
            d.agents.append(AgentEntry(phrase.strip("_ "), names, code, where, prefix))
            d.agent_codes.add(code)
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {raw!r}")


# ---------------------------------------------------------------------------------------------
# Discards and issues


def _load_discards(path: Path, d: Dictionaries) -> None:
    for lineno, line, raw in _lines(path, d):
        if line is None:  # listed by the reader
            continue
        stripped = line.strip()
        story = stripped.startswith("+")
        parts = phrase_parts(stripped.lstrip("+"))
        if not parts:
            d.problems.append(f"{path}:{lineno}: empty discard phrase: {raw!r}")
            continue
        (d.story_discards if story else d.discards).append(parts)


def _issue_variants(text: str) -> list[tuple[str, ...]]:
    """``n:school reform`` -> school reform, schools reform; ``pre+k`` -> pre k, prek."""
    seqs: list[tuple[str, ...]] = [()]
    for word in text.split():
        options: list[tuple[str, ...]] = []
        noun = "n:" in word
        verb = "v:" in word
        word = word.replace("n:", "").replace("v:", "")
        pieces = [p for p in word.split("+") if p]
        forms = [tuple(x for p in pieces for x in phrase_parts(p))]
        if len(pieces) > 1:
            forms.append(phrase_parts("".join(pieces)))
        for f in forms:
            if f:
                options.append(f)
                if noun:
                    options.append(f[:-1] + (plural(f[-1]),))
                if verb:
                    options.extend(f[:-1] + (v,) for v in verb_forms(f[-1]))
        if options:
            if len(seqs) * len(options) > MAX_ISSUE_VARIANTS:
                raise ValueError(f"the phrase stands for more than {MAX_ISSUE_VARIANTS} word sequences")
            seqs = [s + o for s in seqs for o in options]
    return [s for s in dict.fromkeys(seqs) if s]


#: an issue phrase (with its noun and verb forms) stands for at most this many word sequences
MAX_ISSUE_VARIANTS = 1000


def _load_issues(path: Path, d: Dictionaries) -> None:
    category = ""
    skipped = 0  # the line of an <ISSUE> tag that could not be read: its phrases are skipped with it
    for lineno, line, raw in _lines(path, d):
        where = f"{path}:{lineno}"
        shape = (line if line is not None else raw).strip()
        if shape.startswith("<"):
            tag = _ISSUE_OPEN.match(shape) if line is not None else None
            if tag:
                cm = re.search(r'CATEGORY\s*=\s*"([^"]*)"', tag.group(1), re.IGNORECASE)
                category, skipped = (cm.group(1) if cm else ""), 0
            elif line is not None and _ISSUE_CLOSE.match(shape):
                category, skipped = "", 0
            else:
                category, skipped = "", lineno
                if line is not None:
                    d.problems.append(f"{where}: expected '<ISSUE CATEGORY=\"...\">' or '</ISSUE>'; the phrases "
                                      f"up to the next tag are skipped: {raw!r}")
            continue
        if line is None:  # listed by the reader
            continue
        try:
            if skipped:
                raise ValueError(f"belongs to the <ISSUE> tag skipped at line {skipped}")
            d.issues.append(_issue_line(shape, category, where))
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {raw!r}")


_ISSUE_OPEN = re.compile(r"<ISSUE\b([^>]*)>", re.IGNORECASE)
_ISSUE_CLOSE = re.compile(r"</ISSUE\s*>", re.IGNORECASE)


def _issue_line(stripped: str, category: str, where: str) -> IssueEntry:
    """``phrase [CODE]``, ``phrase`` (inside a category) or ``~phrase`` (an exclusion)."""
    if stripped.startswith("~"):
        names = _issue_variants(stripped[1:])
        if not names:
            raise ValueError("empty excluded issue phrase")
        return IssueEntry(stripped[1:].strip(), names, None, category, where, exclude=True)
    coded = _issue_code(stripped)
    if not coded and category and "[" not in stripped and "]" not in stripped:
        phrase, code = stripped, ""  # no code: the phrase codes as its category
    elif coded:
        phrase, code = coded
    else:
        raise ValueError("expected 'phrase [ISSUE_CODE]' or '~phrase'")
    names = _issue_variants(phrase)
    if not names:
        raise ValueError("empty issue phrase")
    return IssueEntry(phrase.strip(), names, code or category, category, where)


def _issue_code(text: str) -> tuple[str, str] | None:
    """(phrase, code) of ``phrase [CODE]``, else None (split at the last '[': a regular expression
    took quadratic time on long runs of spaces)."""
    head, bracket, code = text[:-1].rpartition("[") if text.endswith("]") else ("", "", "")
    if not bracket or not head.strip() or not _ISSUE_CODE.fullmatch(code):
        return None
    return head.rstrip(), code


_ISSUE_CODE = re.compile(r"[A-Za-z0-9_\-]+")


# ---------------------------------------------------------------------------------------------
# Internal coding ontology


def _hex_expression(text: str) -> int:
    text = text.replace(" ", "")
    if not re.fullmatch(r"[+-]?0[xX][0-9A-Fa-f]+([+-]0[xX][0-9A-Fa-f]+)*", text):
        raise ValueError(f"bad value {text!r} (expected hex numbers joined by + and -)")
    total = 0
    for sign, number in re.findall(r"([+-]?)(0[xX][0-9A-Fa-f]+)", text):
        total += -int(number, 16) if sign == "-" else int(number, 16)
    return total


def _load_ontology(path: Path, d: Dictionaries) -> None:
    for text_line in dictionary_lines(path, d.problems):
        line = text_line.text.strip()
        if not line or line.startswith("#") or not text_line.readable:
            continue
        where = f"{path}:{text_line.number}"
        code, sep, rest = line.partition(":")
        value = rest.split("#", 1)[0].strip()
        if not sep or not re.fullmatch(r"[0-9]{2,4}[A-Z]?|---", code.strip()):
            d.problems.append(f"{where}: expected 'CODE:0xHEX': {_shown(line)!r}")
            continue
        try:
            d.internal_codes[code.strip()] = int(value) if value.isdigit() and len(value) < 20 else _hex_expression(value)
        except ValueError as exc:
            d.problems.append(f"{where}: {exc}: {_shown(line)!r}")


# ---------------------------------------------------------------------------------------------
# The whole set

LOADERS = {"verbs": _load_verbs, "actors": _load_actors, "agents": _load_agents, "discards": _load_discards,
           "issues": _load_issues, "ontology": _load_ontology}

_CACHE_VERSION = 2
#: the first item of what a cache file holds: (marker, key, dictionaries)
_CACHE_MARKER = "eventcoder-petrarch-cache"
#: how many cached sets are kept (the most recently written)
CACHE_KEEP = 8


def _names(value: str | list[str] | None, default: list[str]) -> list[str]:
    if value is None:
        return list(default)
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def _source_key() -> str:
    h = hashlib.sha256()
    for mod in ("petrarch.py", "model.py", "project.py"):
        h.update((Path(__file__).resolve().parent / mod).read_bytes())
    return h.hexdigest()[:16]


def load_petrarch_dictionaries(directory: str | Path, verbs: str | list[str] | None = None,
                               actors: str | list[str] | None = None, agents: str | list[str] | None = None,
                               discards: str | list[str] | None = None, issues: str | list[str] | None = None,
                               ontology: str | list[str] | None = None, *, cache: bool = True) -> Dictionaries:
    """Load a classic dictionary set from ``directory``.

    Each argument names the file(s) of that kind (a list, or a comma-separated string) relative to
    ``directory``; ``None`` uses the Phoenix names (:data:`PHOENIX_FILES`) and an empty list loads
    none.  Optional kinds (discards, issues, ontology) whose default file is absent are skipped;
    a named file that is absent is an error.  The result is cached under ``~/.cache/eventcoder``
    (``cache=False`` to bypass).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DictionaryError(f"{directory}: no such dictionary directory")
    chosen = {"verbs": verbs, "actors": actors, "agents": agents, "discards": discards, "issues": issues,
              "ontology": ontology}
    files: dict[str, list[Path]] = {}
    for kind, value in chosen.items():
        paths = []
        for name in _names(value, PHOENIX_FILES[kind]):
            p = directory / name
            if not p.is_file():
                if value is None and kind in ("discards", "issues", "ontology"):
                    continue
                raise DictionaryError(f"{p}: no such {kind} file (put it in {directory} or name another {kind} file)")
            paths.append(p)
        files[kind] = paths
    fingerprint, key = _cache_key(directory, files)
    cache_file = CACHE_DIR / f"petrarch-{key}.pickle"
    d = _read_cache(cache_file, key) if cache else None
    if d is not None:
        return _with_project_parts(d)
    d = Dictionaries(name=f"petrarch:{directory}", unknown_country="---")
    for kind, paths in files.items():
        for p in paths:
            LOADERS[kind](p, d)
    d.fingerprint = fingerprint
    if cache:
        _write_cache(cache_file, key, d)
    return _with_project_parts(d)


def _cache_key(directory: Path, files: dict[str, list[Path]]) -> tuple[str, str]:
    """(the set's fingerprint, its cache key).  The fingerprint hashes the files' kinds, names and
    contents; the key adds the paths as given and as absolute paths (the problems name them, so
    another checkout, or the same files named another way, is never served this one's cache) and
    the loaders' source and cache version.  A file that cannot be read counts as its error."""
    content = hashlib.sha256()
    for kind, ps in files.items():
        for p in ps:
            content.update(f"{kind}\0{p.name}\0".encode())
            try:
                content.update(p.read_bytes())
            except OSError as exc:
                content.update(f"\0unreadable: {exc.strerror}".encode())
    paths = [f"{kind}={p}={p.absolute()}" for kind, ps in files.items() for p in ps]
    key_src = "\0".join([content.hexdigest(), str(directory), str(directory.absolute()), *paths, _source_key(),
                         str(_CACHE_VERSION)])
    return content.hexdigest()[:12], hashlib.sha256(key_src.encode()).hexdigest()[:20]


def _read_cache(path: Path, key: str) -> Dictionaries | None:
    """The set cached in ``path`` under ``key``; None when there is none, or when the file is
    corrupt, truncated, from another version or under another key (it is then rebuilt)."""
    return read_cached(path, _CACHE_MARKER, key, Dictionaries)


def _write_cache(path: Path, key: str, d: Dictionaries) -> None:
    """Write the cache (atomically; see :mod:`eventcoder.io.pickles`), keeping the
    :data:`CACHE_KEEP` most recent sets."""
    write_cached(path, _CACHE_MARKER, key, d, CACHE_KEEP)


def _with_project_parts(d: Dictionaries) -> Dictionaries:
    """A classic set has no lexicon or ontology of its own: the project's are used (read afresh,
    not cached with the set)."""
    problems: list[str] = []
    d.lexicon = read_lexicon(DEFAULT_LEXICON, problems)
    d.ontology = load_ontology()
    return d


def load_verb_file(path: str | Path) -> Dictionaries:
    """One verb file on its own (for tests and ``dict lint``-like checks)."""
    d = Dictionaries(name=str(path))
    _load_verbs(Path(path), d)
    return _with_project_parts(d)
