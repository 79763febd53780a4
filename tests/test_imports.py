"""The eventcoder package has no import cycle.

The import graph is read from the source with ``ast`` (nothing is imported): every ``import`` and
``from ... import`` statement of every module, at module level and inside functions, classes and
``if TYPE_CHECKING:`` blocks alike, with relative imports resolved against the importing module.
An edge goes from a module to each ``eventcoder`` module it names: ``from .io import events``
names ``eventcoder.io.events`` when that is a module, else ``eventcoder.io``; importing a
submodule also runs its package's ``__init__``, so ``eventcoder.io.events`` names
``eventcoder.io`` too.  The packages above a module are always imported before it, so an edge
from a module up to one of them counts only when it takes a name that package's ``__init__``
defines (``from .. import __version__``), not when it merely imports a sibling
(``from ..errors import InputError``).
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = "eventcoder"


def module_files(package_dir: Path = ROOT / PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (``eventcoder.io`` for ``eventcoder/io/__init__.py``)."""
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of ``from <level dots><module> import ...`` written in ``importer``."""
    if level == 0:
        return module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def with_parents(name: str, modules: dict[str, Path]) -> set[str]:
    """``name`` and the packages above it that are modules of ours (importing a submodule runs them)."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in modules}


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The package's modules that ``name`` imports, each with the line of its first import."""
    is_package = path.name == "__init__.py"
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        targets: set[str] = set()
        explicit: set[str] = set()
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets |= with_parents(alias.name, modules)
        elif isinstance(node, ast.ImportFrom):
            base = resolve(name, is_package, node.level, node.module)
            targets |= with_parents(base, modules)
            for alias in node.names:
                sub = f"{base}.{alias.name}" if base else alias.name
                if sub in modules:  # ``from . import code`` imports the module eventcoder.cli.code
                    targets.add(sub)
                elif base in modules:  # ``from .. import __version__`` needs that package's __init__ run
                    explicit.add(base)
        for target in targets:
            # the packages above a module are imported before it, whatever it says: an edge to one
            # of them only counts when the statement takes a name its __init__ defines
            if target != name and (not name.startswith(target + ".") or target in explicit):
                found[target] = min(found.get(target, node.lineno), node.lineno)
    return found


def import_graph() -> tuple[dict[str, dict[str, int]], dict[str, Path]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}, modules


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted: every
    module of one can reach every other, so each holds at least one cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def cycle_through(graph: dict[str, dict[str, int]], component: set[str]) -> list[str]:
    """One cycle inside a strongly connected component, from its first module back to it (BFS)."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w not in component:
                    continue
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, v, start]
                if w not in previous:
                    previous[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {sorted(component)}")


def describe(component: list[str], graph: dict[str, dict[str, int]], modules: dict[str, Path]) -> str:
    """One cycle through the component, then every import between its modules, with file:line."""
    members = set(component)
    lines = [" -> ".join(cycle_through(graph, members))]
    for a in component:
        for b, line in sorted(graph[a].items()):
            if b in members:
                lines.append(f"    {a} imports {b} ({modules[a].relative_to(ROOT)}:{line})")
    return "\n".join(lines)


def test_import_graph_is_read():
    graph, modules = import_graph()
    # the graph is real: a few edges the package is known to have
    assert "eventcoder.io.events" in graph["eventcoder.api"]
    assert "eventcoder.run.options" in graph["eventcoder.api"]
    assert "eventcoder.io.atomic" in graph["eventcoder.io.events"]  # from .atomic import publish
    assert "eventcoder.cli.main" in graph["eventcoder.cli"]  # from .main import main
    assert all(target in modules for targets in graph.values() for target in targets)


def test_resolution_of_relative_imports():
    assert resolve("eventcoder.io.events", False, 1, "atomic") == "eventcoder.io.atomic"
    assert resolve("eventcoder.io.events", False, 2, "errors") == "eventcoder.errors"
    assert resolve("eventcoder.io", True, 1, "events") == "eventcoder.io.events"
    assert resolve("eventcoder.cli.main", False, 2, None) == "eventcoder"
    assert resolve("eventcoder.cli.main", False, 0, "eventcoder.model") == "eventcoder.model"


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3, "d": 4}, "d": {}}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert cycle_through(graph, {"a", "b", "c"}) == ["a", "b", "c", "a"]
    assert find_cycles({"a": {"b": 1}, "b": {}}) == []
    two = {"a": {"b": 1}, "b": {"a": 1}, "c": {"c": 1}}
    assert find_cycles(two) == [["a", "b"]] and cycle_through(two, {"a", "b"}) == ["a", "b", "a"]


def test_no_import_cycle():
    graph, modules = import_graph()
    cycles = find_cycles(graph)
    assert not cycles, "import cycles in the eventcoder package:\n" + "\n".join(
        f"cycle {i}: {describe(c, graph, modules)}" for i, c in enumerate(cycles, 1))


def test_imports_inside_functions_and_of_package_names_count(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("VERSION = 1\nfrom .api import run\n")
    (pkg / "api.py").write_text("def run():\n    from .sub.worker import work\n    return work()\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "worker.py").write_text("from .. import VERSION\nfrom ..api import run as _\nimport pkg.sub\n")
    modules = module_files(pkg)
    assert set(modules) == {"pkg", "pkg.api", "pkg.sub", "pkg.sub.worker"}
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert graph["pkg"] == {"pkg.api": 2}
    assert graph["pkg.api"] == {"pkg.sub": 2, "pkg.sub.worker": 2}  # inside a function
    # 'from .. import VERSION' needs pkg's __init__; 'from ..api' and 'import pkg.sub' only imply it
    assert graph["pkg.sub.worker"] == {"pkg": 1, "pkg.api": 2}
    assert find_cycles(graph) == [["pkg", "pkg.api", "pkg.sub.worker"]]
