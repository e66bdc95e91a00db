"""The core does no I/O: it imports no framework or OS module and never reads the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "src" / "amends" / "core"
FORBIDDEN_MODULES = {
    "sqlalchemy",
    "fastapi",
    "typer",
    "rich",
    "os",
    "pathlib",
    "sqlite3",
    "subprocess",
    "socket",
    "urllib",
    "httpx",
    "requests",
    "io",
    "shutil",
}


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _clock_or_file_calls(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append("open()")
            if isinstance(func, ast.Attribute) and func.attr in {"now", "today", "utcnow"}:
                found.append(f"{ast.unparse(func)}()")
    return found


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not (_imports(tree) & FORBIDDEN_MODULES), f"{path.name} imports an I/O module"
    assert not _clock_or_file_calls(tree), f"{path.name} reads the clock or opens a file"
