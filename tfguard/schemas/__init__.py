"""The JSON Schemas tfguard validates its inputs against, and the one way to load them.

`plan.schema.json` (the parts of `terraform show -json` tfguard reads), `rules.schema.json`
(rule packs), `approvals.schema.json` and `config.schema.json` ship inside the package.
jsonschema costs start-up time, so it is imported on first use and each validator is built once.

`first_error(name, document)` asks jsonschema only when a document may be invalid: a schema
written with the few keywords `_satisfies` knows (type, required, anyOf, properties, pattern)
is checked by it first, and a document it finds valid never imports jsonschema (about 0.1 s
of a `tfguard check`). Any doubt (an invalid document, a keyword it does not know) goes to
jsonschema, so the errors and their wording are jsonschema's.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

NAMES = ("plan", "rules", "approvals", "config")


@cache
def validator(name: str) -> Validator:
    """The Draft 2020-12 validator of `<name>.schema.json` (one of `NAMES`)."""
    import jsonschema

    validator: Validator = jsonschema.Draft202012Validator(schema(name))
    return validator


@cache
def schema(name: str) -> dict[str, Any]:
    """The parsed `<name>.schema.json` (one of `NAMES`)."""
    if name not in NAMES:
        raise ValueError(f"no schema named {name!r}")
    # beside this file, as the rule packs are (read.rulebook): importlib.resources would cost
    # tempfile, zipfile and ~10 ms of every start for a package that is never zipped
    loaded: dict[str, Any] = orjson.loads((_HERE / f"{name}.schema.json").read_bytes())
    return loaded


_HERE = Path(__file__).parent


def first_error(name: str, document: Any) -> ValidationError | None:
    """jsonschema's first error for `document` against `<name>.schema.json`, None if valid."""
    if _satisfies(document, schema(name)):
        return None
    return next(iter(validator(name).iter_errors(document)), None)


def earliest_error(name: str, document: Any) -> ValidationError | None:
    """Of jsonschema's errors for `document`, the one at the earliest path (the first one a
    reader of the file meets), None if valid: the error rule packs, config and approval files
    report."""
    return min(
        validator(name).iter_errors(document), key=lambda e: list(e.absolute_path), default=None
    )


_ANNOTATIONS = frozenset(("$schema", "$id", "$comment", "title", "description"))
_TYPES: dict[str, type] = {"object": dict, "array": list, "string": str, "boolean": bool}


def _satisfies(instance: Any, spec: dict[str, Any]) -> bool:
    """True only when `instance` certainly satisfies `spec` (Draft 2020-12 semantics for the
    keywords handled here); False means "ask jsonschema", not "invalid"."""
    for keyword, value in spec.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "type":
            kind = _TYPES.get(value) if isinstance(value, str) else None
            if kind is None or not isinstance(instance, kind):
                return False
        elif keyword == "required":
            if isinstance(instance, dict) and not all(key in instance for key in value):
                return False
        elif keyword == "anyOf":
            if not any(_satisfies(instance, option) for option in value):
                return False
        elif keyword == "properties":
            if isinstance(instance, dict) and not all(
                _satisfies(instance[key], sub) for key, sub in value.items() if key in instance
            ):
                return False
        elif keyword == "pattern":
            if isinstance(instance, str) and re.search(value, instance) is None:
                return False
        else:
            return False  # a keyword not handled here: jsonschema decides
    return True
