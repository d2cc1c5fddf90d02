"""The layout of pycli keeps its promises (docs/architecture.md): every module imports,
says its one job in a docstring, stays short, imports no private name of another module,
and the modules' imports form no circle.

Read with ``ast`` from the source, so a lazy import inside a function counts as well.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "pycli"
#: Lines a module may have.  synth.py is being reworked to read
#: the knowledge base's lists (issue 12, items 5 and 7), each by its own change.
MAX_LINES = 300
LONGER = {"pycli.populations.synth": 350}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> list[tuple[str, str | None]]:
    """(module, imported name or None) for every pycli import of a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name.startswith("pycli")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("pycli"):
                for alias in node.names:
                    # `from pycli.engine import solve` imports a module, not a name of one.
                    sub = f"{base}.{alias.name}"
                    found.append((sub, None) if sub in MODULES else (base, alias.name))
    return found


def _graph() -> dict[str, set[str]]:
    return {name: {module for module, _ in _imports(name, path) if module in MODULES and module != name}
            for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_imports_and_says_its_job(name: str) -> None:
    module = importlib.import_module(name)
    if not MODULES[name].name == "__init__.py":
        assert (module.__doc__ or "").strip(), f"{name} has no docstring saying its job"
        lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
        assert lines <= LONGER.get(name, MAX_LINES), f"{name} has {lines} lines"


def test_no_private_name_is_imported_across_modules() -> None:
    private = [f"{name} imports {module}.{what}" for name, path in MODULES.items()
               for module, what in _imports(name, path) if what is not None and what.startswith("_") and not what.startswith("__")]
    used = [f"{name} uses {node.value.id}.{node.attr}" for name, path in MODULES.items()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name) and node.value.id in _aliases(name, path)]
    assert private + used == []


def _aliases(name: str, path: Path) -> set[str]:
    """The local names under which a module refers to other pycli modules."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pycli"):
            names |= {alias.asname or alias.name for alias in node.names if f"{node.module}.{alias.name}" in MODULES}
        elif isinstance(node, ast.Import):
            names |= {alias.asname for alias in node.names if alias.name.startswith("pycli") and alias.asname}
    return names


def test_the_imports_form_no_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [])
    assert circles == []


def test_the_graph_sees_a_known_edge() -> None:
    # Guards the test above against reading nothing: the one-shot solver reads the catalogue.
    assert "pycli.kbtools.catalogue" in _graph()["pycli.engine.solve"]
