"""tfguard/schemas: the one loader of the JSON Schemas the readers validate against."""

from __future__ import annotations

from importlib.resources import files

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
