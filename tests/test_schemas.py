"""tfguard/schemas: the one loader of the JSON Schemas the readers validate against."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
import pytest

from tfguard import schemas


def test_every_shipped_schema_has_one_cached_validator() -> None:
    shipped = {p.name for p in files("tfguard.schemas").iterdir() if p.name.endswith(".json")}
    assert shipped == {f"{name}.schema.json" for name in schemas.NAMES}
    for name in schemas.NAMES:
        assert schemas.validator(name) is schemas.validator(name)
    assert list(schemas.validator("rules").iter_errors({"pack": [{"provider": "x"}]}))


def test_an_unknown_schema_is_refused() -> None:
    with pytest.raises(ValueError, match="no schema named 'nope'"):
        schemas.validator("nope")


def _plan_variants() -> list[Any]:
    """Plans and near-plans: every top-level field right, missing, or of each wrong type."""
    good = {
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "planned_values": {},
        "resource_changes": [],
        "resource_drift": [],
        "output_changes": {},
        "configuration": {},
        "errored": False,
        "complete": True,
        "applyable": True,
        "timestamp": "2026-01-01T00:00:00Z",
    }
    wrong: list[Any] = [None, True, 0, 1.5, "x", [], {}]
    out: list[Any] = [good, [], "plan", None, 3, {}]
    for key in [*good, "prior_state", "deferred_changes", "relevant_attributes", "checks"]:
        out.append({k: v for k, v in good.items() if k != key})
        out += [{**good, key: value} for value in wrong]
    out += [
        {"format_version": "1.2"},
        {"format_version": "1.2", "planned_values": {}},
        {"format_version": "1.2", "resource_changes": []},
        {"format_version": "v1", "resource_changes": []},
        {"format_version": "1.", "resource_changes": []},
        {"format_version": "10.20-beta", "resource_changes": []},
        {"format_version": "x 1.2", "resource_changes": []},
        {"format_version": "1.2", "resource_changes": [], "unknown_field": [1]},
    ]
    return out


@pytest.mark.parametrize("name", schemas.NAMES)
def test_first_error_agrees_with_jsonschema(name: str) -> None:
    """The quick check in front of jsonschema never passes what jsonschema refuses, and
    whatever it refuses is jsonschema's own first error."""
    documents = _plan_variants()
    corpus = Path(__file__).resolve().parent / "plans"
    documents += [orjson.loads(p.read_bytes().lstrip(b"\xef\xbb\xbf")) for p in _plan_files(corpus)]
    for document in documents:
        expected = next(iter(schemas.validator(name).iter_errors(document)), None)
        found = schemas.first_error(name, document)
        if expected is None:
            assert found is None, (name, document)
        else:
            assert found is not None and found.message == expected.message, (name, document)


def _plan_files(directory: Path) -> list[Path]:
    return [p for p in sorted(directory.glob("*.json")) if p.read_bytes()[:2] not in BOMS]


BOMS = (b"\xff\xfe", b"\xfe\xff")


def test_a_plain_plan_is_checked_without_jsonschema() -> None:
    """The plan schema uses only keywords the quick check knows: a valid plan never needs
    jsonschema (its import is a tenth of a second of every `tfguard check`)."""
    plan = {"format_version": "1.2", "resource_changes": [], "planned_values": {}}
    assert schemas._satisfies(plan, schemas.schema("plan"))
