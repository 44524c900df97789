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
    "rich": {"tfguard.report.text", "tfguard.catalogue", "tfguard.cli.wrap"},
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


# --- layering: which folder may import which --------------------------------------------------

ENTRY_POINTS = ("tfguard.cli", "tfguard.shim.__main__", "tfguard.__main__")

BASE = (
    "tfguard",
    "tfguard._version",
    "tfguard.errors",
    "tfguard.record",
    "tfguard.model",
    "tfguard.address",
)
"""Everyone may import these: the version, errors, records, the model and addresses."""
PURE = (*BASE, "tfguard.attrpath")

LAYERS: dict[str, tuple[str, ...]] = {
    "tfguard.judge": (*PURE, "tfguard.judge"),
    "tfguard.read": (*PURE, "tfguard.read", "tfguard.schemas", "tfguard.atomic"),
    "tfguard.git": (*PURE, "tfguard.git", "tfguard.read"),
    "tfguard.platform": (*PURE, "tfguard.platform", "tfguard.judge", "tfguard.read"),
    "tfguard.report": (*PURE, "tfguard.report", "tfguard.catalogue", "tfguard.terminal"),
    "tfguard.pipeline": (
        *PURE,
        "tfguard.read",
        "tfguard.judge",
        "tfguard.git",
        "tfguard.platform",
        "tfguard.clock",
        "tfguard.ledger",
    ),
    "tfguard.terraform": (
        *PURE,
        "tfguard.terraform",
        "tfguard.atomic",
        "tfguard.pipeline",
        "tfguard.ledger",
    ),
    "tfguard.shim.route": (*BASE, "tfguard.terraform.args"),
    "tfguard.shim.install": (*BASE, "tfguard.atomic"),
    "tfguard.attrpath": BASE,
    "tfguard.atomic": BASE,
    "tfguard.audit": (*BASE, "tfguard.clock"),
    "tfguard.ledger": (*BASE, "tfguard.audit", "tfguard.clock"),
    "tfguard.clock": (),
    "tfguard.redact": BASE,
    "tfguard.catalogue": (*PURE, "tfguard.terminal", "tfguard.judge.classify"),
    "tfguard.terminal": BASE,
    "tfguard.approval_stubs": (
        *PURE,
        "tfguard.atomic",
        "tfguard.judge.approvals",
        "tfguard.read.hcl",
    ),
    "tfguard.scaffold": BASE,
    "tfguard.runtask": (
        *PURE,
        "tfguard.runtask",
        "tfguard.pipeline",
        "tfguard.read",
        "tfguard.git",
        "tfguard.platform",
        "tfguard.report",
        "tfguard.catalogue",
        "tfguard.audit",
    ),
    "tfguard.shim": (),
    "tfguard.schemas": (),
    "tfguard.errors": (),
    "tfguard.record": (),
    "tfguard.model": ("tfguard.record",),
    "tfguard.address": ("tfguard.model", "tfguard.record"),
    "tfguard._version": (),
    "tfguard": ("tfguard._version",),
}
"""Module (or folder) -> what it may import from tfguard. `tfguard.cli` and the shim's
`__main__` are the entry points and may import anything; nothing imports them (see below)."""

DEBTS = {
    (
        "tfguard.judge.approvals",
        "tfguard.read.hcldata",
    ): "reads the approval file: belongs in read/",
    ("tfguard.judge.approvals", "tfguard.schemas"): "validates the approval file: ditto",
    ("tfguard.judge.verdict", "tfguard.git.prevent_destroy"): "the Unguarded type",
    ("tfguard.read.config", "tfguard.judge.approvals"): "Policy and parse_duration",
    ("tfguard.read.plan", "tfguard.terraform.run"): "binary plans go through terraform show",
    ("tfguard.report.json", "tfguard.judge.approvals"): "iso() dates",
    ("tfguard.git.provenance", "tfguard.judge.approvals"): "approval-file line locations",
    ("tfguard.platform.context", "tfguard.report.markdown"): "the comment MARKER",
    ("tfguard.report.text", "tfguard.redact"): "map_text escapes every string of the verdict",
    ("tfguard.terraform.workdir", "tfguard.judge.emptystate"): "the Facts it reads",
}
"""Imports that break the layering today, each with its reason: pay one off by deleting it."""


def _layer(module: str) -> tuple[str, ...] | None:
    if module in LAYERS:
        return LAYERS[module]
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if prefix != "tfguard" and module.startswith(prefix + "."):
            return LAYERS[prefix]
    return None


def _tfguard_imports(path: Path) -> set[str]:
    """The tfguard modules `path` imports (`from tfguard.judge import emptystate` counts as
    `tfguard.judge.emptystate` alone, not as the package too)."""
    known = {name(p) for p in MODULES}
    found = {i for i in imports(path) if i == "tfguard" or i.startswith("tfguard.")}
    modules = {i if i in known else i.rsplit(".", 1)[0] for i in found} - {name(path)}
    return {m for m in modules if not any(o.startswith(m + ".") for o in modules)}


def _within(module: str, allowed: tuple[str, ...]) -> bool:
    return any(module == a or (a != "tfguard" and module.startswith(a + ".")) for a in allowed)


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_each_folder_imports_only_the_layers_below_it(path: Path) -> None:
    if name(path).startswith(ENTRY_POINTS):
        return  # the entry points wire everything together
    allowed = _layer(name(path))
    assert allowed is not None, f"{name(path)} is in no layer: add it to LAYERS"
    wrong = {
        i
        for i in _tfguard_imports(path)
        if not _within(i, allowed) and (name(path), i) not in DEBTS
    }
    assert not wrong, f"{name(path)} may not import {sorted(wrong)}"


def test_every_debt_is_still_owed() -> None:
    """A paid-off debt is deleted from DEBTS, so the table stays the truth."""
    owed = {(name(p), i) for p in MODULES for i in _tfguard_imports(p)}
    assert not set(DEBTS) - owed, sorted(set(DEBTS) - owed)


# --- who prints or exits ---------------------------------------------------------------------


def _prints_or_exits(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("print", "exit", "quit", "input"):
                found.add(node.func.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            dotted = f"{node.value.id}.{node.attr}"
            if dotted in ("sys.exit", "os._exit", "sys.stdout", "sys.stderr", "click.echo"):
                found.add(dotted)
        elif isinstance(node, ast.Name) and node.id == "SystemExit":
            found.add("SystemExit")
    return found


@pytest.mark.parametrize(
    "path", [p for p in MODULES if not name(p).startswith(ENTRY_POINTS)], ids=name
)
def test_only_the_entry_points_print_or_exit(path: Path) -> None:
    assert not _prints_or_exits(path), name(path)


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


TEST_DEBTS: dict[str, tuple[str, ...]] = {}
"""Test modules that still borrow another test module's builders (landed while the builders
moved to tests/helpers.py): move them there and delete the line. None today."""


def test_tests_import_helpers_not_conftest_or_other_tests() -> None:
    """Shared builders live in tests/helpers.py: a test module is never a library."""
    for path in sorted((REPO / "tests").rglob("*.py")):
        wrong = {
            i
            for i in imports(path)
            if i.startswith(("tests.conftest", "tests.test_", "tests.e2e.test_"))
            and not i.startswith(("tests.conftest_golden", *TEST_DEBTS.get(path.name, ())))
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
    found: list[object] = []
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


def test_frozen_records_are_made_by_record() -> None:
    """`@dataclass(frozen=True, slots=True)` costs ~1.7 ms per class at every start of the CLI
    and ~3 µs per instance; `tfguard.record.record` makes the same class for a fraction of
    both (issue 19). One home for that choice: nothing else spells it."""
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == (
                    "dataclass"
                ):
                    given = {k.arg for k in decorator.keywords if getattr(k.value, "value", 0)}
                    assert not {"frozen", "slots"} <= given, (name(path), node.name)
