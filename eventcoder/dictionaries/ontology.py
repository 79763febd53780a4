"""The CAMEO event ontology (codes, names, roots, quad classes, Goldstein weights) and the
CAMEO -> PLOVER correspondence, loaded from ``dictionaries/cameo.txt`` and ``dictionaries/plover.txt``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DictionaryError

DICTIONARY_DIR = Path(__file__).resolve().parent.parent / "data" / "dictionaries"

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}


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
                 classes: dict[str, tuple[str, ...]] | None = None):
        self.codes = codes
        self.roots = roots
        self.plover = plover
        #: named classes of codes ("statement", "force" ...), each a tuple of code prefixes
        self.classes = classes or {}

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


def _read_cameo(path: Path) -> tuple[dict[str, EventType], dict[str, EventType], dict[str, tuple[str, ...]]]:
    codes: dict[str, EventType] = {}
    roots: dict[str, EventType] = {}
    classes: dict[str, tuple[str, ...]] = {}
    root = quad = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            if line.startswith("@"):
                name, *members = line[1:].split()
                if not members or not all(m.isdigit() for m in members):
                    raise ValueError("a class is '@ NAME CODE CODE ...'")
                classes[name] = tuple(members)
                continue
            if line.startswith("=="):
                _, root, quad_s, gold, name = line.split(None, 4)
                quad = int(quad_s)
                roots[root] = EventType(root, root, name, float(gold), quad)
                continue
            code, gold, name = line.split(None, 2)
            if root is None or not code.startswith(root):
                raise ValueError(f"code {code} is not under root {root}")
            codes[code] = EventType(code, root, name, float(gold), quad)
        except ValueError as exc:
            raise DictionaryError(f"{path}:{lineno}: malformed CAMEO line {raw!r} ({exc})") from None
    return codes, roots, classes


def _read_plover(path: Path) -> dict[str, Plover]:
    out: dict[str, Plover] = {}
    if not path.exists():
        return out
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4:
            raise DictionaryError(f"{path}:{lineno}: expected 'CODE | EVENT | MODE | CONTEXT', got {raw!r}")
        code, event, mode, context = parts
        out[code] = Plover(event, mode or None, context or None)
    return out


@lru_cache(maxsize=8)
def load_ontology(directory: str | Path = DICTIONARY_DIR) -> Ontology:
    directory = Path(directory)
    path = directory / "cameo.txt"
    if not path.exists():
        path = DICTIONARY_DIR / "cameo.txt"
    codes, roots, classes = _read_cameo(path)
    plover_path = directory / "plover.txt"
    if not plover_path.exists():
        plover_path = DICTIONARY_DIR / "plover.txt"
    for code, et in list(roots.items()):
        codes.setdefault(code, EventType(code, code, et.name, et.goldstein, et.quad_class))
    return Ontology(codes, roots, _read_plover(plover_path), classes)
