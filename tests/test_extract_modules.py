"""The extraction package stays in rooms of one field each: small modules, no import circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "newscrawl" / "extract"
MAX_LINES = 500


def _imports(path: Path) -> set[str]:
    """Return the `newscrawl.extract` modules that `path` imports (at module level or inside)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "newscrawl.extract":
                out.update(f"newscrawl.extract.{a.name}" for a in node.names)
            elif node.module.startswith("newscrawl.extract."):
                out.add(node.module)
    return out


def test_no_extraction_module_is_over_500_lines():
    long = {
        p.name: n
        for p in PACKAGE.glob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_extraction_modules_import_no_circle():
    modules = {
        f"newscrawl.extract.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"
    }
    graph = {name: _imports(path) & modules.keys() for name, path in modules.items()}

    def visit(name: str, path: tuple[str, ...]) -> None:
        for dep in graph[name]:
            assert dep not in path, " -> ".join((*path, dep))
            visit(dep, (*path, dep))

    for name in graph:
        visit(name, (name,))
