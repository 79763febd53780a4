"""Every code block of the README and the docs runs, so the documentation cannot drift.

Each Markdown file is one test.  Its fenced blocks run in order, in a fresh working directory laid
out like the checkout (a copy of ``examples/`` and of the dictionaries, and ``../shared`` beside it
holding links to the reference material and the session's stanza model):

* ```` ```python ```` blocks run in one namespace per file, statement by statement, like a session
  at the interpreter: a bare expression's value is shown (its ``repr``) as the interpreter would;
* ```` ```sh ```` / ```` ```bash ```` / ```` ```console ```` blocks run line by line (``\\``
  continues a line, ``#`` starts a comment).  ``eventcoder ...`` (also ``.venv/bin/eventcoder`` and
  ``python -m eventcoder``) runs in this process through :func:`eventcoder.cli.main.main`, so the
  session's one stanza pipeline (:func:`eventcoder.run.parsers.shared_parser`) serves every
  command; ``> FILE`` saves its output; globs are expanded.  Any other line runs in bash.  Every
  command must exit with 0;
* a ```` ```text ```` block right after one of those (nothing but blank lines between) is the
  output it must give (what a terminal shows: stdout and stderr, without the log lines):
  whitespace is normalised and ``...`` stands for anything;
* ``# -> EXPECTED`` at the end of a python statement checks that statement: the value of an
  expression (its ``str`` or its ``repr``), else what it printed;
* a block right after ``<!-- dictionary: FILE -->`` (e.g. ``verbs.txt``, ``actors/people.txt``)
  is a dictionary file in the project's format: it is loaded as that file of a dictionary
  directory (``lexicon.txt``, ``cameo.txt`` and ``plover.txt`` as lines added to the project's
  own file, which the loader needs whole; a lexicon section replaces the project's of that name)
  and must load without problems and give what it says;
* any other block needs ``<!-- not run: REASON -->`` right before it, and the test checks that
  each block is run or marked, with a reason.

A python block (or a shell command) naming a path under ``../shared/`` that is absent (no stanza
model, no reference material) is skipped; the file is then reported as skipped, with the reason,
unless a later block fails for another cause.  Examples code the shipped CoNLL-U where they can
and parse one- or two-sentence texts where they must: the whole file takes about 50 s of CPU on
the 2-core development machine, a quarter of it loading the stanza pipeline once.

Besides running the blocks, every repository path, ``eventcoder.`` name and relative link (with
its ``#anchor``) that a document gives must exist.
"""
from __future__ import annotations

import ast
import contextlib
import glob
import io
import re
import shlex
import shutil
import subprocess
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, SHARED, stanza_dir

DICTIONARY_DIR = ROOT / "eventcoder" / "data" / "dictionaries"
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), DICTIONARY_DIR / "README.md"]

RUN_LANGUAGES = {"python": "python", "py": "python", "sh": "shell", "bash": "shell", "shell": "shell",
                 "console": "shell"}
OUTPUT_LANGUAGES = {"text", "output"}
MARKER = re.compile(r"^<!--\s*(?P<kind>not run|dictionary)\s*:\s*(?P<value>.*?)\s*-->$")
SHARED_PATH = re.compile(r"\.\./shared/[\w.\-/]*[\w\-]")
EVENTCODER = re.compile(r"^(?:\.venv/bin/eventcoder|eventcoder|python3? -m eventcoder)\b")


def at(path: Path, line: int) -> str:
    """``file:line``, the file relative to the repository."""
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"


@dataclass
class Block:
    path: Path
    line: int  # the line of the opening fence (1-based)
    language: str
    text: str
    marker: tuple[str, str] | None = None  # ("not run", reason) / ("dictionary", file)
    follows: "Block | None" = None  # the block right before it, when only blank lines lie between
    output: "Block | None" = None  # the expected output block right after it

    @property
    def where(self) -> str:
        return at(self.path, self.line)

    @property
    def kind(self) -> str:
        if self.marker:
            return self.marker[0]
        if self.language in RUN_LANGUAGES:
            return RUN_LANGUAGES[self.language]
        if (self.language in OUTPUT_LANGUAGES and self.follows is not None
                and self.follows.kind in ("python", "shell")):
            return "output"
        return "unmarked"


def read_blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file, with the marker comment and the block before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    last_end = None  # line index of the closing fence of the previous block
    while i < len(lines):
        m = re.match(r"^ {0,3}(`{3,})\s*([\w+-]*)", lines[i])
        if not m:
            i += 1
            continue
        fence, language, start = m[1], m[2].lower(), i
        j = i + 1
        while j < len(lines) and not re.match(rf"^ {{0,3}}{fence}\s*$", lines[j]):
            j += 1
        if j == len(lines):
            raise AssertionError(f"{at(path, start + 1)}: a code block is never closed")
        indent = len(lines[start]) - len(lines[start].lstrip(" "))
        text = "\n".join(line[indent:] if line[:indent].isspace() else line for line in lines[start + 1:j]) + "\n"
        block = Block(path, start + 1, language, text)
        k = start - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and (marker := MARKER.match(lines[k].strip())):
            block.marker = (marker["kind"], marker["value"])
        elif blocks and last_end == k:
            block.follows = blocks[-1]
        blocks.append(block)
        last_end = j
        i = j + 1
    for block in blocks:
        if block.kind == "output":
            block.follows.output = block
    return blocks


# ------------------------------------------------------------------------------- matching

def pattern(expected: str) -> re.Pattern:
    """``expected`` as a regex: whitespace runs match any whitespace, ``...`` matches anything."""
    parts = []
    for piece in re.split(r"(\.\.\.|\s+)", expected.strip()):
        if piece == "...":
            parts.append(r".*?")
        elif piece and piece.isspace():
            parts.append(r"\s+")
        elif piece:
            parts.append(re.escape(piece))
    return re.compile("".join(parts), re.DOTALL)


def matches(expected: str, actual: str) -> bool:
    return pattern(expected).fullmatch(actual.strip()) is not None


def test_matching_rules():
    assert matches("documents: 21 ... events: 32 (... s)", "documents: 21   sentences: 42   events: 32   (6.3 s)")
    assert not matches("events: 31", "events: 32")
    assert matches("  a\n  b ", "a b")
    assert not matches("a", "a b")


# ------------------------------------------------------------------------------- running

@dataclass
class Session:
    """What the blocks of one file share: the working directory, the python namespace, skips."""

    cwd: Path
    namespace: dict = field(default_factory=lambda: {"__name__": "__doc__"})
    skipped: list[str] = field(default_factory=list)


def expectations(source: str) -> dict[int, str]:
    """``# -> EXPECTED`` comments by line (of the block)."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and tok.string.startswith("# ->"):
            found[tok.start[0]] = tok.string[4:].strip()
    return found


def run_python(block: Block, session: Session) -> str:
    tree = ast.parse(block.text, filename=str(block.path))
    expected = expectations(block.text)
    ast.increment_lineno(tree, block.line)  # tracebacks point into the Markdown file
    ends = {stmt.end_lineno - block.line for stmt in tree.body}
    stray = [at(block.path, block.line + line) for line in expected if line not in ends]
    assert not stray, f"'# ->' that ends no statement (so checks nothing): {stray}"
    shown = io.StringIO()
    for stmt in tree.body:
        out = io.StringIO()
        value = None
        with contextlib.redirect_stdout(out):
            if isinstance(stmt, ast.Expr):
                value = eval(compile(ast.Expression(stmt.value), str(block.path), "eval"), session.namespace)
                if value is not None:
                    print(repr(value))
            else:
                exec(compile(ast.Module([stmt], []), str(block.path), "exec"), session.namespace)
        shown.write(out.getvalue())
        want = expected.get(stmt.end_lineno - block.line)
        if want is not None:
            candidates = [str(value), repr(value)] if value is not None else [out.getvalue()]
            assert any(matches(want, c) for c in candidates), (
                f"{at(block.path, stmt.end_lineno)}: expected {want!r}, got {candidates[-1]!r}")
    return shown.getvalue()


def shell_commands(text: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def eventcoder_argv(words: list[str], cwd: Path) -> tuple[list[str], str | None]:
    """The arguments after the command name, with globs expanded, and a ``> FILE`` redirection."""
    n = 3 if words[0].startswith("python") else 1
    argv, target = [], None
    rest = iter(words[n:])
    for word in rest:
        if word == ">":
            target = next(rest)
        elif any(c in word for c in "*?["):
            argv.extend(sorted(glob.glob(word, root_dir=cwd)) or [word])
        else:
            argv.append(word)
    return argv, target


def run_eventcoder(command: str, session: Session, where: str) -> str:
    from eventcoder.cli.main import main

    argv, target = eventcoder_argv(shlex.split(command, comments=True), session.cwd)
    out, err = io.StringIO(), io.StringIO()
    # what the terminal shows: stdout and stderr in order (log records go to the logging handlers)
    shown = err if target else out
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(shown):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help, or argparse refusing the arguments
            code = exc.code
    assert code in (0, None), f"{where}: `{command}` exited with {code}:\n{shown.getvalue()[-2000:]}"
    if target:
        (session.cwd / target).write_text(out.getvalue(), encoding="utf-8")
        return err.getvalue()
    return out.getvalue()


def run_shell(block: Block, session: Session) -> str | None:
    """What the block's commands print; None when a command was skipped (a path it names under
    ../shared is absent), so that there is no full output to compare."""
    output, complete = [], True
    for command in shell_commands(block.text):
        absent = missing_shared(command, session)
        if absent:
            session.skipped.append(f"{block.where} `{command[:40]}...` needs {', '.join(absent)} (absent)")
            complete = False
            continue
        if EVENTCODER.match(command):
            output.append(run_eventcoder(command, session, block.where))
        else:
            done = subprocess.run(["bash", "-c", command], cwd=session.cwd, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=120)
            assert done.returncode == 0, f"{block.where}: `{command}` exited with {done.returncode}:\n{done.stdout}"
            output.append(done.stdout)
    return "".join(output) if complete else None


#: files the loader needs whole (every lexicon section, the CAMEO codes): an example of one is read
#: as lines added to the project's own file
WHOLE_FILES = ("lexicon.txt", "cameo.txt", "plover.txt")


def merged_with_project_file(name: str, text: str) -> str:
    """The project's file with the example's lines added; a lexicon section the example gives
    replaces the project's section of that name."""
    own = (DICTIONARY_DIR / name).read_text(encoding="utf-8")
    if name == "lexicon.txt":
        given = set(re.findall(r"^\[(\w+)\]", text, re.M))
        kept, keep = [], True
        for line in own.splitlines():
            header = re.match(r"^\[(\w+)\]", line)
            if header:
                keep = header[1] not in given
            if keep:
                kept.append(line)
        own = "\n".join(kept)
    return own + "\n" + text


def check_dictionary(block: Block, session: Session) -> None:
    from eventcoder.dictionaries import load_dictionaries

    name = block.marker[1]
    directory = session.cwd / ".doc-dictionaries" / f"{block.line}"
    target = directory / name
    target.parent.mkdir(parents=True)
    text = block.text
    if name in WHOLE_FILES:
        text = merged_with_project_file(name, text)
        (directory / "agents.txt").write_text("police => COP\n", encoding="utf-8")  # a directory needs one entry file
    target.write_text(text, encoding="utf-8")
    d = load_dictionaries(directory)
    assert not d.problems, f"{block.where}: the {name} example does not load:\n" + "\n".join(d.problems)
    lines = [line.split("#", 1)[0].split() for line in block.text.splitlines()]
    lines = [words for words in lines if words]
    if name == "lexicon.txt":
        section = None
        for words in lines:
            if words[0].startswith("["):
                section = words[0].strip("[]")
            else:
                missing = {w.replace("_", " ") for w in words} - getattr(d.lexicon, section)
                assert not missing, f"{block.where}: [{section}] lacks {missing}"
    elif name == "cameo.txt":
        for words in lines:
            if words[0] == "@":
                assert d.ontology.classes[words[1]] == tuple(words[2:]), f"{block.where}: class @ {words[1]}"
            elif words[0] in (">", "?", "~", "^", "!"):
                recoded = {">": d.ontology.intent_of, "?": d.ontology.threat_of,
                           "~": d.ontology.irregular_of, "^": d.ontology.armed_of, "!": d.ontology.obligation_of}[words[0]](words[1])
                assert recoded == words[2], f"{block.where}: {' '.join(words)} reads as {recoded}"
            elif words[0] != "==":
                assert d.ontology[words[0]].name == " ".join(words[2:]), f"{block.where}: code {words[0]}"
    elif name == "plover.txt":
        for line in block.text.splitlines():
            fields = [f.strip() for f in line.split("#", 1)[0].split("|")]
            if len(fields) == 4:
                assert d.ontology.plover[fields[0]].event == fields[1], f"{block.where}: {line}"
    else:
        sizes = (len(d.actors), len(d.agents), len(d.verbs), len(d.nouns), len(d.synsets), len(d.discards),
                 len(d.story_discards))
        assert any(sizes), f"{block.where}: the {name} example gives no entry"


def missing_shared(text: str, session: Session) -> list[str]:
    return sorted({p for p in SHARED_PATH.findall(text) if not (session.cwd / p).exists()})


def setup_workdir(tmp_path: Path) -> Path:
    """A checkout-like directory: examples and dictionaries copied, ../shared linked."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "examples")
    shutil.copytree(DICTIONARY_DIR, repo / "eventcoder" / "data" / "dictionaries")
    shared = tmp_path / "shared"
    (shared / "models").mkdir(parents=True)
    if SHARED.is_dir():
        for entry in SHARED.iterdir():
            if entry.name != "models":
                (shared / entry.name).symlink_to(entry)
    model = stanza_dir()
    if model and Path(model).is_dir():
        (shared / "models" / "stanza-en").symlink_to(Path(model).resolve())
    return repo


def run_file(path: Path, tmp_path: Path, monkeypatch) -> None:
    blocks = read_blocks(path)
    unmarked = [b.where for b in blocks if b.kind == "unmarked"]
    assert not unmarked, ("blocks that are neither run (python, sh), an output block right after one, a "
                          "dictionary example nor marked <!-- not run: REASON -->: " + ", ".join(unmarked))
    reasonless = [b.where for b in blocks if b.marker and not b.marker[1]]
    assert not reasonless, f"markers without a reason: {reasonless}"
    session = Session(setup_workdir(tmp_path))
    monkeypatch.chdir(session.cwd)
    for block in blocks:
        if block.kind in ("not run", "output"):
            continue
        absent = missing_shared(block.text, session) if block.kind != "shell" else []
        if absent:
            session.skipped.append(f"{block.where} needs {', '.join(absent)} (absent)")
            continue
        try:
            if block.kind == "dictionary":
                check_dictionary(block, session)
                continue
            got = run_python(block, session) if block.kind == "python" else run_shell(block, session)
            if block.output is not None and got is not None:
                assert matches(block.output.text, got), (
                    f"{block.where}: the output differs from {block.output.where}:\n--- shown\n"
                    f"{block.output.text}--- got\n{got}")
        except Exception as exc:
            if session.skipped:  # most likely a consequence of the skipped block
                pytest.skip(f"{block.where} failed ({type(exc).__name__}) after skipping: {'; '.join(session.skipped)}")
            raise
    if session.skipped:
        pytest.skip("; ".join(session.skipped))


@pytest.mark.parametrize("path", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES])
def test_doc_blocks_run(path, tmp_path, monkeypatch):
    run_file(path, tmp_path, monkeypatch)


def test_every_doc_is_found():
    assert (ROOT / "docs").is_dir() and len(DOC_FILES) > 3
    assert all(p.is_file() for p in DOC_FILES)


def test_python_blocks_check_what_they_say(tmp_path):
    session = Session(tmp_path)
    ok = Block(tmp_path / "x.md", 10, "python", "x = [1, 2]\nlen(x)  # -> 2\nprint('a b')  # -> a ...\nx\n")
    assert run_python(ok, session) == "2\na b\n[1, 2]\n"
    with pytest.raises(AssertionError, match=r"x.md:12: expected '3', got '2'"):
        run_python(Block(tmp_path / "x.md", 10, "python", "x = [1, 2]\nlen(x)  # -> 3\n"), session)
    with pytest.raises(AssertionError, match="ends no statement"):
        run_python(Block(tmp_path / "x.md", 10, "python", "y = (1,  # -> 1\n     2)\n"), session)


def test_block_reader_and_markers(tmp_path):
    doc = tmp_path / "x.md"
    doc.write_text("# x\n\n```python\nprint(1)\n```\n\n```text\n1\n```\n\n<!-- not run: slow -->\n```sh\nmake bench\n```\n"
                   "\n```\nplain\n```\n<!-- dictionary: agents.txt -->\n```\npolice => COP\n```\n", encoding="utf-8")
    blocks = read_blocks(doc)
    assert [b.kind for b in blocks] == ["python", "output", "not run", "unmarked", "dictionary"]
    assert blocks[0].output is blocks[1] and blocks[2].marker == ("not run", "slow")
    assert [b.line for b in blocks] == [3, 7, 12, 16, 20]


# ------------------------------------------------------------------------------- names and links

PATH_REF = re.compile(r"`((?:eventcoder|benchmarks|tests|mk|examples|docs)/[\w./*-]*?)/?`")
DOTTED_REF = re.compile(r"`(eventcoder(?:\.\w+)+)")
LINK = re.compile(r"\]\(((?!https?:|mailto:)[^)\s]+)\)")


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"\s", "-", text)


def anchors(path: Path) -> set[str]:
    return {slug(m[1]) for m in re.finditer(r"^#{1,6}\s+(.*)$", path.read_text(encoding="utf-8"), re.M)}


def resolves(dotted: str) -> bool:
    """``eventcoder.tables.dedupe.event_key_id``: a module and attributes that exist."""
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


@pytest.mark.parametrize("path", DOC_FILES, ids=[str(p.relative_to(ROOT)) for p in DOC_FILES])
def test_names_and_links_in_docs_exist(path):
    """Every repository path, ``eventcoder.`` name and relative link a document gives exists."""
    text = path.read_text(encoding="utf-8")
    missing = [p for p in PATH_REF.findall(text) if not (glob.glob(p, root_dir=ROOT) or (ROOT / p).exists())]
    assert not missing, f"{path.relative_to(ROOT)} names paths that do not exist: {missing}"
    unknown = sorted({d for d in DOTTED_REF.findall(text) if not resolves(d)})
    assert not unknown, f"{path.relative_to(ROOT)} names what eventcoder does not have: {unknown}"
    broken = []
    for link in LINK.findall(text):
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        if not file.exists() or (anchor and file.suffix == ".md" and anchor not in anchors(file)):
            broken.append(link)
    assert not broken, f"{path.relative_to(ROOT)} has broken links: {broken}"


def test_slugs():
    assert slug("Progress, memory and the run summary") == "progress-memory-and-the-run-summary"
    assert slug("actors/*.txt") == "actorstxt" and slug("Dictionary tools: `eventcoder dict`") == "dictionary-tools-eventcoder-dict"
