"""The layout's rules (docs/layout.md), checked on the source: imports go with the flow, SQL lives in corpus/."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: package -> the packages of ours it may import
ALLOWED = {
    "schemas": set(),
    "metaanalysis": set(),
    "corpus": {"schemas"},
    "extract": {"schemas"},
    "review": {"corpus", "schemas", "metaanalysis"},
}
_SQL = re.compile(r"\b(SELECT\s+[\w*\"\[(]|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|VIEW|INDEX|TRIGGER))")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _our_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "stemfoot" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_with_the_flow(package):
    wrong = {str(p.relative_to(ROOT)): sorted(_our_imports(p) - ALLOWED[package] - {package})
             for p in _modules(package)}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_sql_lives_in_corpus():
    outside = []
    paths = [ROOT / "cli.py", ROOT / "chain.py"]
    for package in ("extract", "review", "metaanalysis", "report", "schemas"):
        paths += _modules(package)
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value):
                outside.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert outside == []
