"""Attribute paths: `settings[0].backup_configuration[0].enabled` and the values they point at.

Rules, store specs and the approval fingerprint name attributes inside a resource's state with
these paths. One home for reading them (`parse`), writing them (`format`) and following them
through plan values (`lookup`, `elements`, `unknown_after`, `unknown_elements`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tfguard.model import Sensitive

AttrPath = tuple[str | int, ...]
"""A parsed path: attribute names and keys are strings, list indexes ints, `[*]` is `ANY`."""

ANY = "*"
"""The `[*]` step of an attribute path: every element of a list or set block."""

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+|\*)\]|\["([^"]*)"\]')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Unknown:
    """The value of an attribute that is only known after apply."""

    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN = _Unknown()


def parse(text: str) -> AttrPath:
    """`settings[0].backup_configuration[0].enabled` → ("settings", 0, ...)."""
    steps: list[str | int] = []
    position = 0
    while position < len(text):
        step = _STEP.match(text, position)
        if not step or (step.group(1) and position and text[position] != "."):
            raise ValueError(f'attribute path "{text}" is not of the form a.b[0]["c.d"]')
        name, index, key = step.groups()
        if index == ANY:
            steps.append(ANY)
        else:
            steps.append(int(index) if index is not None else (name if name is not None else key))
        position = step.end()
    if not steps or not isinstance(steps[0], str):
        raise ValueError(f'attribute path "{text}" must start with an attribute name')
    return tuple(steps)


def format(path: Sequence[str | int]) -> str:
    """The text form of `path`, as a rule would write it (`parse(format(p)) == p`)."""
    out = ""
    for step in path:
        if isinstance(step, int) or step == ANY:
            out += f"[{step}]"
        elif _NAME.fullmatch(step):
            out += f".{step}" if out else step
        else:
            out += f'["{step}"]'
    return out


def lookup(value: Any, path: AttrPath) -> Any:
    """The value at `path` (a missing step gives None); sensitive values stay wrapped."""
    for step in path:
        if isinstance(value, Sensitive):
            return value  # the whole subtree is sensitive: compare it as one opaque value
        if isinstance(step, int):
            value = (
                value[step]
                if isinstance(value, list) and -len(value) <= step < len(value)
                else None
            )
        else:
            value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def elements(value: Any, path: AttrPath, default: Any = None) -> list[Any]:
    """The values at `path`, `[*]` fanning out over every element (missing → `default`)."""
    found: list[Any] = []

    def walk(current: Any, rest: AttrPath) -> None:
        if not rest:
            found.append(default if current is None else current)
            return
        if rest[0] == ANY:
            for item in current if isinstance(current, list) else ():
                walk(item, rest[1:])
            return
        walk(lookup(current, rest[:1]), rest[1:])

    walk(value, path)
    return found


def unknown_after(after_unknown: Any, path: AttrPath) -> bool:
    """Whether the plan's `after_unknown` marks the value at `path` (or above it) unknown."""
    value = after_unknown
    for step in path:
        if value is True:
            return True
        value = lookup(value, (step,))
    return value is True


def unknown_elements(after_unknown: Any, path: AttrPath) -> bool:
    """Like `unknown_after`, for a path with `[*]`: true when any element is unknown."""
    if after_unknown is True:
        return True
    if not path:
        return False
    if path[0] == ANY:
        items = after_unknown if isinstance(after_unknown, list) else ()
        return any(unknown_elements(item, path[1:]) for item in items)
    return unknown_elements(lookup(after_unknown, path[:1]), path[1:])
