"""Every rule pack (`rules/<pack>.hcl`) with the cases beside it (`rules/<pack>.cases.json`).

A cases file is a JSON list of rows, each one resource change built as real plan JSON and judged
against the built-in rulebook:

    name     unique within the file (the test id)
    address  the resource address; its type picks the resource kind
    actions  the plan's `change.actions`
    before   the object before the change (null for a create)
    after    the object after the change (null for a delete), or instead
    changes  for an update: the top-level attributes that differ from `before`
    class    "safe", "risky" or "destructive": the class the change must get
    rules    the exact set of rule ids that must fire
    extra    optional: more `resource_change` fields (replace_paths, after_unknown, …)

The tests below discover every pack, so a new pack cannot slip past: it needs a cases file, every
rule of the pack must fire in its own cases, and a pack that names data-bearing resource types
needs a row deleting one of them as destructive. CONTRIBUTING.md says how to add a pack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import retention_cases
from tests.helpers import REPO, assess, book, fired
from tfguard.model import Classification

RULES = REPO / "rules"
PACKS = sorted(path.stem for path in RULES.glob("*.hcl"))
REQUIRED = {"name", "address", "actions", "before", "class", "rules"}
OPTIONAL = {"after", "changes", "extra"}


def cases_file(pack: str) -> Path:
    return RULES / f"{pack}.cases.json"


def load_cases(pack: str) -> list[dict[str, Any]]:
    """The rows of a pack's cases file, checked for shape (a typo fails here, not silently)."""
    rows = json.loads(cases_file(pack).read_text(encoding="utf-8"))
    assert isinstance(rows, list), f"{cases_file(pack)}: not a JSON list"
    names = [row.get("name") for row in rows]
    for row in rows:
        where = f"{cases_file(pack).name}: {row.get('name')!r}"
        assert row.keys() >= REQUIRED, f"{where}: missing {sorted(REQUIRED - row.keys())}"
        assert row.keys() <= REQUIRED | OPTIONAL, (
            f"{where}: unknown {sorted(row.keys() - REQUIRED - OPTIONAL)}"
        )
        assert ("after" in row) != ("changes" in row), f"{where}: give `after` or `changes`"
        assert row["class"] in ("safe", "risky", "destructive"), f"{where}: class"
        assert names.count(row["name"]) == 1, f"{where}: name used twice"
    return rows


def after(row: dict[str, Any]) -> Any:
    if "changes" in row:
        return {**row["before"], **row["changes"]}
    return row["after"]


def all_cases() -> list[Any]:
    return [
        pytest.param(row, id=f"{pack}:{row['name']}")
        for pack in PACKS
        if cases_file(pack).is_file()
        for row in load_cases(pack)
    ]


def resource_type(address: str) -> str:
    parts = address.split(".")
    while parts[0] == "module":
        parts = parts[2:]
    return parts[-2]


def test_every_pack_has_a_cases_file_and_every_cases_file_a_pack() -> None:
    assert PACKS, f"no packs in {RULES}"
    missing = [pack for pack in PACKS if not cases_file(pack).is_file()]
    assert not missing, f"packs without rules/<pack>.cases.json: {missing}"
    orphans = sorted(
        path.name
        for path in RULES.glob("*.cases.json")
        if path.name[: -len(".cases.json")] not in PACKS
    )
    assert not orphans, f"cases files without a pack: {orphans}"


@pytest.mark.parametrize("row", all_cases())
def test_case(row: dict[str, Any]) -> None:
    assessment = assess(
        row["address"], row["actions"], row["before"], after(row), **row.get("extra", {})
    )
    expected = (Classification[row["class"].upper()], set(row["rules"]))
    assert (assessment.classification, fired(assessment)) == expected


@pytest.mark.parametrize("pack", PACKS)
def test_every_rule_of_a_pack_fires_in_its_own_cases(pack: str) -> None:
    # keeps_less retention rules are exercised row by row in tests/test_retention.py (which
    # asserts fires / does not fire per setting); folding those rows in here is still open
    retention = {row.values[0].rule for row in retention_cases.ROWS}
    covered = retention | {rule for row in load_cases(pack) for rule in row["rules"]}
    own = {rule.id for rule in book().rules if rule.pack == pack}
    assert not own - covered, (
        f"rules of {pack} no row of {cases_file(pack).name} fires: {sorted(own - covered)}"
    )


@pytest.mark.parametrize("pack", PACKS)
def test_a_pack_with_data_bearing_types_has_a_destructive_delete_row(pack: str) -> None:
    rulebook = book()
    kinds = {kind.type: kind for kind in rulebook.kinds.values() if kind.pack == pack}
    if not any(rulebook.categories[kind.category].data_bearing for kind in kinds.values()):
        return  # core (categories and rules only) and terraform (nothing outside Terraform)
    rows = [
        row
        for row in load_cases(pack)
        if row["actions"] == ["delete"]
        and resource_type(row["address"]) in kinds
        and row["class"] == "destructive"
    ]
    assert rows, f"no destructive delete of a {pack} type in {cases_file(pack).name}"


@pytest.mark.parametrize("pack", PACKS)
def test_a_pack_names_only_its_own_types_and_prefixes_its_rules(pack: str) -> None:
    rulebook = book()
    [declared] = [p for p in rulebook.packs if p.name == pack]
    kinds = [kind for kind in rulebook.kinds.values() if kind.pack == pack]
    rules = [rule for rule in rulebook.rules if rule.pack == pack]
    assert all(rule.doc for rule in rules)
    if not declared.type_prefixes:
        assert not kinds, f"rules/{pack}.hcl names resource types: declare pack.type_prefixes"
        return
    assert kinds, f"rules/{pack}.hcl declares type_prefixes but no resource types"
    assert all(kind.type.startswith(declared.type_prefixes) for kind in kinds)
    assert all(kind.summary.rstrip().endswith((".", ")")) for kind in kinds)
    for rule in rules:
        assert rule.id.startswith(f"{pack}-"), rule.id
        assert all(t.startswith(declared.type_prefixes) for t in rule.match.types), rule.id
