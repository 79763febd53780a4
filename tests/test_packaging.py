"""eventcoder works installed from its wheel, outside the checkout.

The wheel is built from a copy of the source (so the checkout gets no ``build/`` folder), checked
for the package data (every dictionary file, the lexicon, the report template), installed with
``--no-deps`` into a fresh venv whose dependencies come from the project's ``.venv`` through a
``.pth`` file (nothing is downloaded, and the editable install in ``.venv`` is not seen: a ``.pth``
line adds a directory to ``sys.path`` without running that directory's own ``.pth`` files), and
run from another directory: ``eventcoder code`` on the sample's CoNLL-U must give the same event
rows as coding it from the checkout.  About 20 s; skipped only when the build tooling is absent.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, ROOT

#: what the package must ship besides its modules (the globs of pyproject's package-data)
DATA_DIRS = ("eventcoder/data/dictionaries", "eventcoder/report/templates")


def source_files(root: Path, top: str) -> list[str]:
    """Files of the source tree under ``top`` (relative paths), without caches and hidden files."""
    out = []
    for path in sorted((root / top).rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts) \
                and path.suffix != ".pyc":
            out.append(rel.as_posix())
    return out


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def check(cmd, result) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stderr[-3000:]}"
    return result


def run(cmd, **kwargs) -> subprocess.CompletedProcess:
    cmd = [str(c) for c in cmd]
    return check(cmd, subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=clean_env(), **kwargs))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    try:
        import setuptools  # noqa: F401  (the build backend; built without isolation, so it must be here)
    except ImportError:
        pytest.skip("needs setuptools in this environment to build the wheel offline (pip install setuptools)")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    # (the pure-Python wheel: without what `make compile` built in place)
    shutil.copytree(ROOT / "eventcoder", src / "eventcoder",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.so", "_compiled.json"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", tmp / "dist", src])
    [built] = (tmp / "dist").glob("eventcoder-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin directory."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}  # this (the project's) venv
    (site / "eventcoder-test-deps.pth").write_text("".join(f"{d}\n" for d in sorted(deps)))
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel])
    return venv / "bin"


def test_wheel_ships_every_data_file(wheel):
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
    for top in DATA_DIRS:
        expected = source_files(ROOT, top)
        assert expected, f"nothing under {top}"
        missing = [f for f in expected if f not in shipped]
        assert not missing, f"the wheel lacks package data (pyproject.toml [tool.setuptools.package-data]): {missing}"
    modules = source_files(ROOT, "eventcoder")
    assert "eventcoder/data/dictionaries/lexicon.txt" in modules
    assert [m for m in modules if m.endswith(".py") and m not in shipped] == []


def test_installed_package_is_the_wheel_and_finds_its_data(installed, tmp_path):
    check = ("import eventcoder, importlib.resources as r; print(eventcoder.__file__); "
             "d = r.files('eventcoder') / 'data' / 'dictionaries'; "
             "print(sorted(p.name for p in d.iterdir())); "
             "print((r.files('eventcoder') / 'report' / 'templates' / 'report.html').is_file())")
    out = run([installed / "python", "-c", check], cwd=tmp_path).stdout.splitlines()
    assert Path(out[0]).resolve().is_relative_to(installed.parent.resolve()), \
        f"eventcoder was imported from {out[0]}, not from the wheel's venv"
    assert {"actors", "lexicon.txt", "verbs.txt", "cameo.txt", "README.md"} <= set(eval(out[1]))
    assert out[2] == "True"


def test_installed_command_codes_the_sample_like_the_checkout(installed, tmp_path):
    import eventcoder
    from eventcoder.run.options import Options

    sample = (EXAMPLES / "sample.conllu").resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cmd = [str(installed / "eventcoder"), "code", str(sample), "-o", "out.parquet", "-q"]
    # the installed command runs in its own process while the checkout codes the same file here
    proc = subprocess.Popen(cmd, cwd=elsewhere, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        checkout = tmp_path / "checkout.parquet"
        eventcoder.code_to_file([sample], checkout, options=Options())
        expected = pq.read_table(checkout)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    check(cmd, subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr))
    assert "documents: 21" in stdout, stdout
    assert (elsewhere / "out.summary.json").is_file()
    got = pq.read_table(elsewhere / "out.parquet")
    assert got.num_rows == expected.num_rows > 0
    assert got.schema == expected.schema
    assert got.to_pylist() == expected.to_pylist()
