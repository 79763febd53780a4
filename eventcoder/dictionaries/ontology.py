"""The CAMEO event ontology (codes, names, roots, quad classes, Goldstein weights) and the
CAMEO -> PLOVER correspondence, loaded from ``dictionaries/cameo.txt`` and ``dictionaries/plover.txt``;
and :func:`dictionary_lines`, the one reader of dictionary text that every dictionary loader
(the project's files, the classic ones, the lexicon, the ontology) reads its lines through.

A malformed line of ``cameo.txt`` or ``plover.txt`` is listed as ``file:line: what is wrong`` and
the rest is read; a ``cameo.txt`` with no code at all is a :class:`DictionaryError`.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import DictionaryError

DICTIONARY_DIR = Path(__file__).resolve().parent.parent / "data" / "dictionaries"

log = logging.getLogger("eventcoder")

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

# ---------------------------------------------------------------------------------------------
# Reading dictionary text

#: a dictionary line longer than this (in bytes) is skipped: no entry is that long, and the
#: loaders' patterns need not be fast on megabyte lines
MAX_LINE_BYTES = 10_000
#: how many unreadable lines of one file are listed; the rest are counted in one last problem
MAX_LISTED = 20

#: control characters (C0 but tabs, DEL, C1), a byte order mark inside the text, and the
#: Unicode line and paragraph separators (which would break a one-line message)
_LINE_END = re.compile(rb"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff\u2028\u2029]")


@dataclass(frozen=True)
class TextLine:
    """One line of a dictionary file, without its line end.

    ``readable`` is False for a line that was skipped (not UTF-8, control characters or binary
    data, too long): the reader has listed it, and the loader only uses ``text`` (what could be decoded) to tell what
    kind of line it was, so that lines belonging to it are not read as belonging to another entry.
    """

    number: int
    text: str
    readable: bool = True


def _snippet(text: str, size: int = 60) -> str:
    return repr(text[:size] + ("..." if len(text) > size else ""))


def _decode(data: bytes, path: Path, problems: list[str]) -> bytes:
    """UTF-8 bytes of a file: a UTF-8 byte order mark dropped, UTF-16 (with its mark) re-encoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(f"{path}:1: UTF-16 text, read as such (dictionary files are UTF-8: save it as UTF-8)")
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return data


def _check_line(raw: bytes) -> tuple[str, str | None, bool]:
    """(text, what is wrong or None, whether the line is still read) for one line's bytes."""
    if len(raw) > MAX_LINE_BYTES:
        return (raw[:200].decode("utf-8", errors="replace"),
                f"line of {len(raw):,} bytes, longer than {MAX_LINE_BYTES:,}; skipped", False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (raw.decode("utf-8", errors="replace"),
                f"not UTF-8 (byte 0x{raw[exc.start]:02X} at column {exc.start + 1}); skipped "
                f"(dictionary files are UTF-8): {_snippet(raw.decode('utf-8', errors='replace'))}", False)
    first = _CONTROL.search(text)
    if not first:
        return text, None, True
    # a control character in a dictionary is damage (binary data, a bad conversion): what the
    # line would be read as is unknown, so it is skipped rather than read as something else
    cleaned = _CONTROL.sub(" ", text)
    return (cleaned, f"control character U+{ord(first.group()):04X} at column {first.start() + 1} "
                     f"({'binary data' if chr(0) in text else 'not text'}); skipped: {_snippet(text)}", False)


def dictionary_lines(path: str | Path, problems: list[str]) -> Iterator[TextLine]:
    """The lines of a dictionary file (UTF-8; a byte order mark and CRLF line ends are fine).

    What is wrong is added to ``problems`` as ``file:line: what``: a file that cannot be read
    (nothing is yielded), a line that is not UTF-8, holds control characters (binary data) or
    is too long (yielded with ``readable`` False: the loaders skip it).  Lines end at ``\\n``,
    ``\\r\\n`` or ``\\r``, as an editor counts them.  At most :data:`MAX_LISTED` lines of a file are
    listed; the others are counted in one last problem.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path}:1: cannot be read ({exc.strerror or exc})")
        return
    data = _decode(data, path, problems)
    listed = 0
    unlisted: list[int] = []
    lines = _LINE_END.split(data)
    if lines and not lines[-1]:
        lines.pop()
    for number, raw in enumerate(lines, 1):
        text, wrong, readable = _check_line(raw)
        if wrong:
            if listed < MAX_LISTED:
                problems.append(f"{path}:{number}: {wrong}")
                listed += 1
            else:
                unlisted.append(number)
        yield TextLine(number, text, readable)
    if unlisted:
        nuls = data.count(b"\0")
        hint = " (UTF-16 without a byte order mark?)" if nuls > len(data) // 4 else ""
        problems.append(f"{path}:{unlisted[0]}: {len(unlisted)} more lines like those above up to line "
                        f"{unlisted[-1]}, not listed: is this a UTF-8 text file?{hint}")


# ---------------------------------------------------------------------------------------------
# The ontology
@dataclass(frozen=True)
class EventType:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True)
class Plover:
    event: str
    mode: str | None
    context: str | None


class Ontology:
    """All CAMEO codes; ``ontology[code]`` gives the :class:`EventType`."""

    def __init__(self, codes: dict[str, EventType], roots: dict[str, EventType], plover: dict[str, Plover],
                 classes: dict[str, tuple[str, ...]] | None = None, intents: dict[str, str] | None = None,
                 threats: dict[str, str] | None = None, irregulars: dict[str, str] | None = None,
                 obligations: dict[str, str] | None = None, armed: dict[str, str] | None = None):
        self.codes = codes
        self.roots = roots
        self.plover = plover
        #: named classes of codes ("statement", "force" ...), each a tuple of code prefixes
        self.classes = classes or {}
        #: what a planned act is coded as (code prefix -> code), and a conditional hostile one
        self.intents = intents or {}
        self.threats = threats or {}
        #: what force used by irregular forces (insurgents, gangs) is coded as
        self.irregulars = irregulars or {}
        #: what force used by a country's armed forces (soldiers, police) is coded as
        self.armed = armed or {}
        #: what a statement that an actor should act is coded as ("said Syria should ...")
        self.obligations = obligations or {}

    @staticmethod
    def _by_prefix(table: dict[str, str], code: str | None) -> str | None:
        while code:
            if code in table:
                return table[code]
            code = code[:-1]
        return None

    def intent_of(self, code: str | None) -> str | None:
        """The intent to do ``code`` ("will meet": 040 -> 036), or None when the act has none."""
        return self._by_prefix(self.intents, code)

    def irregular_of(self, code: str | None) -> str | None:
        """What force used by irregular forces is coded as (190 -> 180), or None."""
        return self._by_prefix(self.irregulars, code)

    def armed_of(self, code: str | None) -> str | None:
        """What force used by a country's armed forces is coded as (180 -> 190), or None."""
        return self._by_prefix(self.armed, code)

    def obligation_of(self, code: str | None) -> str | None:
        """What a statement that an actor should act is coded as (010 -> 020: an appeal to that
        actor), or None when ``code`` is no such statement."""
        return self._by_prefix(self.obligations, code)

    def threat_of(self, code: str | None) -> str | None:
        """The threat of a hostile act (190 -> 138), or None when the act is not hostile."""
        return self._by_prefix(self.threats, code)

    def is_a(self, code: str | None, name: str) -> bool:
        """True when ``code`` is in the class ``name`` of ``cameo.txt`` (``@ force 18 19 20``)."""
        if not code:
            return False
        try:
            return code.startswith(self.classes[name])
        except KeyError:
            raise KeyError(f"no class '{name}' in the CAMEO ontology (cameo.txt has: {', '.join(self.classes)})") from None

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def __getitem__(self, code: str) -> EventType:
        return self.codes[code]

    def get(self, code: str) -> EventType | None:
        return self.codes.get(code)

    def root_name(self, root: str) -> str:
        r = self.roots.get(root)
        return r.name if r else root

    def plover_for(self, code: str) -> Plover | None:
        """The PLOVER type of ``code``, falling back to its parent codes."""
        while code:
            if code in self.plover:
                return self.plover[code]
            code = code[:-1]
        return None


_CAMEO_CODE = re.compile(r"^[0-9]{2,4}$")


def _read_cameo(path: Path, problems: list[str], recodings: dict[str, dict[str, str]] | None = None
                ) -> tuple[dict[str, EventType], dict[str, EventType], dict[str, tuple[str, ...]]]:
    """Codes, roots and classes; ``recodings`` (when given) receives the ``>`` (intent) and ``?``
    (threat) lines as ``{">": {FROM: TO}, "?": {FROM: TO}}`` (and ``~``, irregular force, ``^``, a country's armed forces' force, and ``!``,
    obligation, alike)."""
    codes: dict[str, EventType] = {}
    roots: dict[str, EventType] = {}
    classes: dict[str, tuple[str, ...]] = {}
    recodings = recodings if recodings is not None else {}
    root: EventType | None = None
    bad_root = 0  # the line of a root that could not be read: its codes are skipped with it
    skipped: list[int] = []  # ... on these lines

    def end_of_root() -> None:
        if bad_root and skipped:
            n = len(skipped)
            problems.append(f"{path}:{bad_root}: the {n} code line{'s' * (n > 1)} of the root skipped here "
                            f"(up to line {skipped[-1]}) are skipped with it")
        skipped.clear()
    for line in dictionary_lines(path, problems):
        text = line.text.split("#", 1)[0].strip()
        if not text:
            continue
        where = f"{path}:{line.number}"
        if not line.readable:
            if text.startswith("=="):
                end_of_root()
                root, bad_root = None, line.number
            continue
        try:
            if text[0] in ">?~^!":
                bits = text[1:].split()
                if len(bits) != 2 or not all(_CAMEO_CODE.match(b) for b in bits):
                    raise ValueError(f"a recoding is '{text[0]} FROM TO' with two CAMEO codes")
                recodings.setdefault(text[0], {})[bits[0]] = bits[1]
                continue
            if text.startswith("@"):
                name, *members = text[1:].split()
                if not members or not all(_CAMEO_CODE.match(m) for m in members):
                    raise ValueError("a class is '@ NAME CODE CODE ...' with CAMEO codes")
                classes[name] = tuple(members)
                continue
            if text.startswith("=="):
                end_of_root()
                root, bad_root = None, line.number
                root = _root_line(text)
                roots[root.code] = root
                continue
            if bad_root and root is None:
                skipped.append(line.number)
                continue
            code, gold, name = _split(text, 3, "'CODE  GOLDSTEIN  NAME'")
            if not _CAMEO_CODE.match(code) or len(code) < 3:
                raise ValueError(f"bad CAMEO code {code!r} (three or four digits)")
            if root is None or not code.startswith(root.code):
                raise ValueError(f"code {code} is not under root {root.code if root else '(none yet)'}")
            codes[code] = EventType(code, root.code, name, _weight(gold), root.quad_class)
        except ValueError as exc:
            problems.append(f"{where}: malformed CAMEO line ({exc}): {_snippet(line.text.strip())}")
    end_of_root()
    return codes, roots, classes


def _split(text: str, n: int, shape: str) -> list[str]:
    parts = text.split(None, n - 1)
    if len(parts) != n:
        raise ValueError(f"expected {shape}")
    return parts


def _weight(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"bad Goldstein weight {text!r}") from None
    if not -10.0 <= value <= 10.0:
        raise ValueError(f"Goldstein weight {text} is outside -10..10")
    return value


def _root_line(text: str) -> EventType:
    """``== RR  QUAD  GOLDSTEIN  NAME``."""
    _, root, quad_text, gold, name = _split(text, 5, "'== ROOT  QUAD  GOLDSTEIN  NAME'")
    if not re.fullmatch(r"[0-9]{2}", root):
        raise ValueError(f"bad root {root!r} (two digits)")
    if quad_text not in ("1", "2", "3", "4"):
        raise ValueError(f"bad quad class {quad_text!r} (1 to 4)")
    return EventType(root, root, name, _weight(gold), int(quad_text))


def _read_plover(path: Path, problems: list[str]) -> dict[str, Plover]:
    out: dict[str, Plover] = {}
    for line in dictionary_lines(path, problems):
        text = line.text.split("#", 1)[0].strip()
        if not text or not line.readable:
            continue
        parts = [p.strip() for p in text.split("|")]
        if len(parts) != 4 or not _CAMEO_CODE.match(parts[0]) or not parts[1]:
            problems.append(f"{path}:{line.number}: expected 'CODE | EVENT | MODE | CONTEXT', "
                            f"got {_snippet(line.text.strip())}")
            continue
        code, event, mode, context = parts
        out[code] = Plover(event, mode or None, context or None)
    return out


def load_ontology(directory: str | Path = DICTIONARY_DIR, problems: list[str] | None = None) -> Ontology:
    """The ontology of ``directory`` (its ``cameo.txt`` and ``plover.txt``, else the project's).

    Malformed lines are added to ``problems`` (logged as warnings when ``problems`` is None) and
    the rest is read; classes of the project's ``cameo.txt`` that this one lacks are taken from
    the project's (the coder's rules ask for them).  A ``cameo.txt`` without a single code is a
    :class:`DictionaryError`.
    """
    directory = Path(directory)
    found: list[str] = []
    path = directory / "cameo.txt"
    if not path.exists():
        path = DICTIONARY_DIR / "cameo.txt"
    recodings: dict[str, dict[str, str]] = {}
    codes, roots, classes = _read_cameo(path, found, recodings)
    if not codes:
        raise DictionaryError(f"{path}: no CAMEO code in it (lines 'CODE  GOLDSTEIN  NAME' under "
                              f"'== ROOT  QUAD  GOLDSTEIN  NAME' root lines)")
    default_cameo = DICTIONARY_DIR / "cameo.txt"
    if path.resolve() != default_cameo.resolve():
        for name, members in _read_cameo(default_cameo, [])[2].items():
            if name not in classes:
                found.append(f"{path}:1: no class '@ {name}' (the project's, {' '.join(members)}, is used)")
                classes[name] = members
    plover_path = directory / "plover.txt"
    if not plover_path.exists():
        plover_path = DICTIONARY_DIR / "plover.txt"
    plover = _read_plover(plover_path, found)
    for code, et in list(roots.items()):
        codes.setdefault(code, EventType(code, code, et.name, et.goldstein, et.quad_class))
    if problems is None:
        for problem in found:
            log.warning("dictionary: %s", problem)
    else:
        problems.extend(found)
    return Ontology(codes, roots, plover, classes, recodings.get(">"), recodings.get("?"), recodings.get("~"),
                    recodings.get("!"), recodings.get("^"))
