"""Builds eventcoder (everything else is in pyproject.toml).

With ``EVENTCODER_COMPILE=1`` the coding modules (:data:`COMPILED`) are also compiled with mypyc into
extension modules, about 1.6 times faster; ``make compile`` does this in place for the checkout, and

    pip install mypy==2.4.1
    EVENTCODER_COMPILE=1 pip install --no-build-isolation .

builds a compiled install.  Each build records the hash of every compiled source in
``eventcoder/_compiled.json``: a module whose source changed since runs from its source
(:mod:`eventcoder.compiled`).  Without the variable the package is pure Python.
``python setup.py --list-compiled`` prints the compiled sources (the Makefile's dependencies).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

#: the modules compiled (paths from the repository root): the model, the CoNLL-U reader and the coder
COMPILED = ["eventcoder/model.py", "eventcoder/io/conllu.py"] + sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "eventcoder" / "coding").glob("*.py") if p.name != "__init__.py")

RECORD = "eventcoder/_compiled.json"


def record(sources: list[str]) -> str:
    """The record of a build: each compiled module's dotted name and the SHA-256 of its source."""
    return json.dumps({path.removesuffix(".py").replace("/", "."): hashlib.sha256((ROOT / path).read_bytes()).hexdigest()
                       for path in sources}, indent=1, sort_keys=True) + "\n"


def build_recorded():
    """build_ext that writes the build's record beside the built modules (in place, or in the build
    folder a wheel is made from)."""
    from setuptools.command.build_ext import build_ext

    class BuildRecorded(build_ext):
        def run(self) -> None:
            super().run()
            if self.extensions:
                target = ROOT / RECORD if self.inplace else Path(self.build_lib) / RECORD
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(record(COMPILED))

    return BuildRecorded


def extensions() -> list:
    if os.environ.get("EVENTCODER_COMPILE") != "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as e:
        raise SystemExit("EVENTCODER_COMPILE=1 needs mypyc: pip install mypy==2.4.1") from e
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names the modules by their paths from here
    try:
        return mypycify(COMPILED, opt_level="3", group_name="eventcoder.native")  # (its library: eventcoder/native__mypyc)
    finally:
        os.chdir(cwd)


if __name__ == "__main__":
    if sys.argv[1:] == ["--list-compiled"]:
        print(" ".join(COMPILED))
    else:
        from setuptools import setup

        setup(ext_modules=extensions(), cmdclass={"build_ext": build_recorded()})
