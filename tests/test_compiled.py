"""The coder compiled with mypyc (``make compile``) codes exactly as its Python sources do.

mypyc turns the compiled modules' annotations into checks, so they must type-check; a compiled
module whose source changed since the build must not run (the package falls back to the
sources, all of them, with a warning); and the compiled coder and the sources must give the same
events.
"""
from __future__ import annotations

import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from eventcoder.compiled import changed_since, read_record, running_compiled, source_of

COMPILED = runpy.run_path(str(ROOT / "setup.py"), run_name="setup")["COMPILED"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EVENTCODER_PURE_PYTHON")}
    env.update(extra)
    return env


def test_compiled_modules_type_check():
    """What mypyc compiles is what mypy accepts (the checks it inserts then hold)."""
    pytest.importorskip("mypy", reason="needs mypy (pip install -e '.[compile]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *COMPILED],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_the_list_of_compiled_modules_is_the_coder():
    assert "eventcoder/coding/coder.py" in COMPILED and "eventcoder/model.py" in COMPILED
    assert all((ROOT / path).is_file() for path in COMPILED)


def test_a_changed_source_is_found(tmp_path):
    package = tmp_path / "eventcoder"
    (package / "coding").mkdir(parents=True)
    (package / "coding" / "coder.py").write_text("x = 1\n")
    (package / "model.py").write_text("y = 2\n")
    record = {"eventcoder.coding.coder": hashlib.sha256(b"x = 1\n").hexdigest(),
              "eventcoder.model": hashlib.sha256(b"y = 1\n").hexdigest(),
              "eventcoder.gone": "0" * 64}
    assert source_of("eventcoder.coding.coder", package) == package / "coding" / "coder.py"
    assert changed_since(record, package) == ["eventcoder.model"]  # (a missing source is no change)
    (package / "_compiled.json").write_text(json.dumps(record))
    assert read_record(package / "_compiled.json") == record
    (package / "_compiled.json").write_text("{not json")
    assert read_record(package / "_compiled.json") == {}
    assert read_record(package / "missing.json") == {}


def _code(out: Path, **env: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "eventcoder", "code", str(EXAMPLES / "sample.conllu"), "-o", str(out),
                             "-q"], cwd=ROOT, capture_output=True, text=True, timeout=600, env=_env(**env))
    assert result.returncode == 0, result.stderr[-3000:]
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()
    return sorted(rows, key=lambda r: (r["doc_id"], r["sentence_id"], r["event_id"]))


@pytest.mark.skipif(not running_compiled(), reason="the coder is not compiled here (make compile)")
def test_compiled_and_sources_code_the_sample_alike(tmp_path):
    compiled = _code(tmp_path / "compiled.parquet")
    sources = _code(tmp_path / "sources.parquet", EVENTCODER_PURE_PYTHON="1")
    assert len(compiled) > 20
    assert compiled == sources


@pytest.mark.skipif(not running_compiled(), reason="the coder is not compiled here (make compile)")
def test_a_changed_source_runs_from_source(tmp_path):
    """A copy of the compiled package with one source edited runs every compiled module from its
    source, and says so."""
    shutil.copytree(ROOT / "eventcoder", tmp_path / "eventcoder", ignore=shutil.ignore_patterns("__pycache__"))
    probe = ("import eventcoder, eventcoder.model as m, eventcoder.coding.coder as c; "
             "print(m.__file__.endswith('.py'), c.__file__.endswith('.py'))")

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, env=_env(PYTHONPATH=str(tmp_path)))

    untouched = run()
    assert untouched.stdout.split() == ["False", "False"], untouched.stderr
    assert "older than their sources" not in untouched.stderr
    rules = tmp_path / "eventcoder" / "coding" / "rules.py"
    rules.write_text(rules.read_text() + "\n# edited\n")
    edited = run()
    assert edited.stdout.split() == ["True", "True"], edited.stderr  # all of them, not only rules
    assert "older than their sources (eventcoder.coding.rules)" in edited.stderr
    assert read_record(tmp_path / "eventcoder" / "_compiled.json") == read_record()
