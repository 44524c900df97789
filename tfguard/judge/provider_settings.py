"""Settings of a provider's configuration block (azurerm `features { key_vault { ... } }`), read
from the plan's `configuration.provider_config`, for recovery facts that depend on them.

Terraform writes each provider block's arguments as expressions: a literal as
`{"constant_value": ...}`, anything else as `{"references": [...]}`, nested blocks as lists of
such objects. Every configuration of the provider (aliases, module-level blocks) must agree on a
literal value; otherwise the setting cannot be told.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tfguard import attrpath
from tfguard.record import record

_NOT_LITERAL = object()


@record
class Setting:
    """The value every configuration of the provider gives (None: not set, its default
    applies), or why it cannot be told (`unreadable`)."""

    value: Any = None
    unreadable: str = ""


def read(configuration: Mapping[str, Any], provider: str, path: attrpath.AttrPath) -> Setting:
    """The setting at `path` in every `provider` block of the plan's configuration."""
    blocks = configuration.get("provider_config")
    if not isinstance(blocks, dict) or not blocks:
        return Setting(unreadable="the plan carries no provider configuration")
    mine = [b for b in blocks.values() if isinstance(b, dict) and b.get("name") == provider]
    if not mine:
        return Setting(unreadable=f"the plan carries no {provider} provider configuration")
    found = {repr(v): v for v in (_literal(b.get("expressions"), path) for b in mine)}
    if any(v is _NOT_LITERAL for v in found.values()):
        return Setting(unreadable="it is set by an expression, not a literal value")
    if len(found) > 1:
        return Setting(unreadable=f"the {provider} provider configurations disagree on it")
    return Setting(value=next(iter(found.values())))


def _literal(expressions: Any, path: attrpath.AttrPath) -> Any:
    """The literal at `path` (None when absent), or _NOT_LITERAL for an expression."""
    node = attrpath.lookup(expressions, path)
    if isinstance(node, list):  # a block read whole: not a setting
        return _NOT_LITERAL
    if isinstance(node, dict) and "constant_value" in node:
        return node["constant_value"]
    if isinstance(node, dict) and node:
        return _NOT_LITERAL
    return None
