"""Keep the house drawing true: data flows one way, and each heavy dependency has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tfguard"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# third-party or stdlib module -> the only tfguard modules allowed to import it
ONE_HOME = {
    "hcl2": {"tfguard.read.hcl"},
    "git": {"tfguard.git.provenance", "tfguard.git.prevent_destroy"},
    "subprocess": {"tfguard.terraform.run"},
    "click": {"tfguard.cli"},
    "rich": {"tfguard.report.text", "tfguard.catalogue"},
}


@pytest.mark.parametrize("dependency", sorted(ONE_HOME))
def test_each_dependency_has_one_home(dependency: str) -> None:
    users = {
        name(p)
        for p in MODULES
        if any(i == dependency or i.startswith(dependency + ".") for i in imports(p))
    }
    assert users <= ONE_HOME[dependency]


CORE = (
    "model",
    "errors",
    "read/plan",
    "read/hcl",
    "read/rulebook",
    "judge/classify",
    "judge/verdict",
)


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_the_edges(module: str) -> None:
    found = imports(PACKAGE / f"{module}.py")
    assert not {i for i in found if i.startswith(("tfguard.cli", "tfguard.report"))}


def test_core_never_prints_or_exits() -> None:
    for module in CORE:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text())
        calls = {
            node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert not calls & {"print", "exit", "echo"}, module
