"""Whether the coding modules run compiled, and the way back to their Python sources.

``make compile`` compiles the model, the CoNLL-U reader and the coder with mypyc (the list is in
``setup.py``) into extension modules beside their sources, and records the SHA-256 of each source
in ``_compiled.json``.  Python imports an extension module before a source of the same name, so a
module whose source changed after the build would run the old code.  When the package is
imported, :func:`install` compares the record with the sources; when any differs (or
``EVENTCODER_PURE_PYTHON=1`` is set) every compiled module is imported from its source instead,
all or none, since compiled modules call each other directly.  A changed source is named in a
warning.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RECORD = PACKAGE_DIR / "_compiled.json"
#: set to 1 to run the Python sources even where compiled modules are built
PURE_VARIABLE = "EVENTCODER_PURE_PYTHON"


def source_of(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The source file of ``eventcoder.x.y``."""
    return package_dir.joinpath(*module.split(".")[1:]).with_suffix(".py")


def read_record(path: Path = RECORD) -> dict[str, str]:
    """The last build's source hashes by module; empty when nothing is compiled (or the record
    cannot be read)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def changed_since(record: dict[str, str], package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The modules of ``record`` whose source differs from the one compiled (a missing source
    counts as unchanged: an install may ship the compiled module alone)."""
    out = []
    for module, digest in sorted(record.items()):
        try:
            data = source_of(module, package_dir).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            out.append(module)
    return out


class _FromSources(importlib.abc.MetaPathFinder):
    """Finds the listed modules as their Python sources, ahead of any compiled module."""

    def __init__(self, modules: dict[str, Path]):
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):
        source = self.modules.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source is not None else None


def install() -> None:
    """Run the Python sources of the compiled modules when one of them changed since the build,
    or when ``EVENTCODER_PURE_PYTHON=1``; called once, when the package is imported, before any
    of them is."""
    record = read_record()
    if not record:
        return
    changed = changed_since(record)
    if not changed and os.environ.get(PURE_VARIABLE) != "1":
        return
    if changed:
        warnings.warn(f"eventcoder: the compiled modules are older than their sources ({', '.join(changed)}); "
                      "running the Python sources (`make compile` rebuilds them)", stacklevel=2)
    sources = {module: source_of(module) for module in record if source_of(module).is_file()}
    sys.meta_path.insert(0, _FromSources(sources))


def running_compiled() -> bool:
    """True when the coder runs compiled (for reports of speed)."""
    from .coding import coder

    return not str(coder.__file__).endswith(".py")
