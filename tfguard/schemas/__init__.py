"""The JSON Schemas tfguard validates its inputs against, and the one way to load them.

`plan.schema.json` (the parts of `terraform show -json` tfguard reads), `rules.schema.json`
(rule packs), `approvals.schema.json` and `config.schema.json` ship inside the package.
jsonschema costs start-up time, so it is imported on first use and each validator is built once.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

NAMES = ("plan", "rules", "approvals", "config")


@cache
def validator(name: str) -> Validator:
    """The Draft 2020-12 validator of `<name>.schema.json` (one of `NAMES`)."""
    import jsonschema

    if name not in NAMES:
        raise ValueError(f"no schema named {name!r}")
    schema = json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text())
    validator: Validator = jsonschema.Draft202012Validator(schema)
    return validator
