"""Keep the house drawing true: data flows one way, and each heavy dependency has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "tfguard"
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
    "git": {
        "tfguard.git.provenance",
        "tfguard.git.prevent_destroy",
        "tfguard.git.commit",
        "tfguard.git.clones",
        "tfguard.git.refs",
    },
    "subprocess": {"tfguard.terraform.run"},
    "click": {"tfguard.cli"},  # the package: tfguard.cli.*
    "rich": {"tfguard.report.text", "tfguard.catalogue"},
    "urllib.request": {"tfguard.platform.http"},
    # the runtask extra: never imported by the CLI's own modules
    "starlette": {"tfguard.runtask.app"},
    "uvicorn": {"tfguard.runtask.app"},
    "httpx": {"tfguard.runtask.app", "tfguard.runtask.hcp", "tfguard.runtask.worker"},
    "jsonschema": {"tfguard.schemas"},
}


@pytest.mark.parametrize("dependency", sorted(ONE_HOME))
def test_each_dependency_has_one_home(dependency: str) -> None:
    users = {
        name(p)
        for p in MODULES
        if any(i == dependency or i.startswith(dependency + ".") for i in imports(p))
    }
    homes = ONE_HOME[dependency]
    assert {u for u in users if not any(u == h or u.startswith(h + ".") for h in homes)} == set()


CORE = (
    "model",
    "errors",
    "read/plan",
    "read/hcl",
    "read/rulebook",
    "judge/amounts",
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


def _graph() -> dict[str, set[str]]:
    """tfguard module -> the tfguard modules it imports; entry points (`__main__`) aside: they
    are where the graph starts."""
    known = {name(p) for p in MODULES if p.stem != "__main__"}
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        if path.stem == "__main__":
            continue
        here = name(path)
        targets = {i for i in imports(path) if i in known} - {here}
        graph.setdefault(here, set()).update(targets)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_only_the_shim_entry_point_imports_the_cli_and_nothing_imports_an_entry_point() -> None:
    """`python -I -m tfguard.shim` (installed shim scripts) reaches the cli only to gate; the cli
    imports `shim.install`: no cycle."""
    for path in MODULES:
        found = imports(path)
        assert not {i for i in found if i.endswith("__main__")}, name(path)
        if name(path).startswith("tfguard.shim") and path.stem != "__main__":
            assert not {i for i in found if i.startswith("tfguard.cli")}, name(path)


def test_the_cli_reaches_the_terminal_only_through_deliver() -> None:
    """`cli.deliver.say`/`show` escape control characters: no other cli module echoes raw."""
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path.stem in ("deliver", "__init__"):
            continue
        assert "click.echo(" not in path.read_text(), path.name


TEST_DEBTS = {
    "test_approver_day.py": ("tests.test_provenance",),
    "test_reviewed.py": ("tests.test_provenance", "tests.test_approver_day"),
    "test_recovery_facts.py": ("tests.test_approvals",),
    "test_runtask_cli.py": ("tests.test_runtask",),
    "test_packs.py": ("tests.test_retention",),
}
"""Test modules that still borrow another test module's builders (landed while the builders
moved to tests/helpers.py): move them there and delete the line."""


def test_tests_import_helpers_not_conftest_or_other_tests() -> None:
    """Shared builders live in tests/helpers.py: a test module is never a library."""
    for path in sorted((REPO / "tests").rglob("*.py")):
        wrong = {
            i
            for i in imports(path)
            if i.startswith(("tests.conftest", "tests.test_", "tests.e2e.test_"))
            and not i.startswith(("tests.conftest_golden", *TEST_DEBTS.get(path.name, ())))
            and not (path.name == "test_packs.py" and i.startswith("tests.test_retention"))
        }
        assert not wrong, f"{path.relative_to(REPO)} imports {sorted(wrong)}"


def test_every_exception_is_defined_in_errors() -> None:
    """One home for exceptions (and ExitCode): a new failure mode is a line in errors.py."""
    for path in MODULES:
        if name(path) == "tfguard.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                bases = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                assert not node.name.endswith(("Error", "Exception")), (name(path), node.name)
                assert not {b for b in bases if b.endswith(("Error", "Exception"))}, (
                    name(path),
                    node.name,
                )


_REGEX_CALLS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall"}


def _regex_literals(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _REGEX_CALLS
        ):
            found += [a.value for a in node.args[:1] if isinstance(a, ast.Constant)]
    return [text for text in found if isinstance(text, str)]


def test_only_address_and_attrpath_parse_brackets() -> None:
    """Instance keys (`["a]b"]`) are parsed by tfguard/address.py alone; the copies that each
    had their own regex disagreed about `]` inside a key. Attribute paths (`a[0].b`) have
    their own grammar in tfguard/attrpath.py. The HCL data reader's tokenizer names `[` and `]`
    as punctuation of the language, not as a key syntax."""
    for path in MODULES:
        if name(path) in ("tfguard.address", "tfguard.attrpath", "tfguard.read.hcldata"):
            continue
        brackets = [r for r in _regex_literals(path) if "\\[" in r and "\\]" in r]
        assert not brackets, f"{name(path)} parses [...] itself: use tfguard.address"
