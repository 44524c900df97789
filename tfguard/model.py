"""Frozen dataclasses every step shares: plan -> classify -> verdict -> report.

Nothing here does I/O. After `plan.py` has read a plan no code touches the raw JSON again,
except through the `before`/`after` values a `Change` carries (with sensitive leaves already
replaced by `Sensitive`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any


class Action(str, Enum):
    """What Terraform will do to one object; `plan.py` maps every `actions` list to one."""

    NOOP = "no-op"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"
    FORGET = "forget"
    UNKNOWN = "unknown"
    """An action list tfguard does not recognise: classified destructive (fail closed)."""


class Classification(IntEnum):
    """Ordered so that the class of a change is the max of its findings."""

    SAFE = 0
    RISKY = 1
    DESTRUCTIVE = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Classification:
        return cls[text.upper()]


class Sensitive:
    """A value Terraform marks sensitive. It compares by its hidden value, so rules still work,
    but every way of turning it into text says `(sensitive)`."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sensitive):
            return bool(self._value == other._value)
        return bool(self._value == other)

    def __hash__(self) -> int:
        return hash("(sensitive)")

    def __repr__(self) -> str:
        return "(sensitive)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a sensitive value cannot be serialised")


SENSITIVE_TEXT = "(sensitive)"


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of `resource_changes` (or of `resource_drift` / `deferred_changes`)."""

    plan: str
    """Label of the plan this change came from (the path as given, or `-`)."""
    address: str
    type: str
    name: str
    mode: str
    """`managed` or `data`."""
    provider: str
    module: str | None
    actions: tuple[str, ...]
    """The actions exactly as Terraform wrote them."""
    action: Action
    before: Any
    after: Any
    after_unknown: Any
    action_reason: str | None = None
    replace_paths: tuple[tuple[str | int, ...], ...] = ()
    previous_address: str | None = None
    importing: bool = False
    deposed: str | None = None
    """The deposed key when this change is about a deposed object."""
    deferred: str | None = None
    """Why Terraform deferred this change to a later plan (`deferred_changes[].reason`)."""

    @property
    def key(self) -> str:
        """A label unique within one plan: the address, plus the deposed key if any."""
        return f"{self.address} (deposed {self.deposed})" if self.deposed else self.address


@dataclass(frozen=True, slots=True)
class Plan:
    source: str
    """The path as the user gave it, or `-` for standard input."""
    sha256: str
    format_version: str
    terraform_version: str | None
    changes: tuple[Change, ...]
    drift: tuple[Change, ...] = ()
    deferred: tuple[Change, ...] = ()
    configuration: Mapping[str, Any] = field(default_factory=dict)
    prior_state: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A family of resource types that share how dangerous losing them is (database, backup …)."""

    name: str
    summary: str
    data_bearing: bool


@dataclass(frozen=True, slots=True)
class ResourceKind:
    """What a rule pack knows about one resource type."""

    type: str
    category: str
    pack: str
    summary: str


@dataclass(frozen=True, slots=True)
class Match:
    """The closed vocabulary a rule matches on; every field that is set must hold."""

    actions: frozenset[Action] = frozenset()
    types: tuple[str, ...] = ()
    """Exact types or shell-style globs (`aws_db_*`)."""
    categories: frozenset[str] = frozenset()
    attribute: tuple[str | int, ...] | None = None
    transition: str | None = None
    """A key of `classify.TRANSITIONS`."""
    value: Any = None
    default: Any = None
    """What a null or missing attribute means (the provider's effective default)."""
    action_reasons: frozenset[str] = frozenset()
    replace_paths: tuple[tuple[str | int, ...], ...] = ()
    changes_other_than: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pack: str
    classification: Classification
    summary: str
    message: str
    """A template: `{address}`, `{type}`, `{category}`, `{attribute}`, `{before}`, `{after}`."""
    doc: str
    match: Match


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    provider: str
    summary: str
    source: str


@dataclass(frozen=True, slots=True)
class Rulebook:
    packs: tuple[Pack, ...]
    categories: Mapping[str, Category]
    kinds: Mapping[str, ResourceKind]
    rules: tuple[Rule, ...]

    def category_of(self, resource_type: str) -> str:
        kind = self.kinds.get(resource_type)
        return kind.category if kind else UNCATEGORISED


UNCATEGORISED = "uncategorised"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    classification: Classification
    message: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """A change with the class tfguard gives it and every reason behind that class."""

    change: Change
    classification: Classification
    category: str
    findings: tuple[Finding, ...]
    approved: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """Everything a reporter needs, and the decision itself."""

    plans: tuple[Plan, ...]
    assessments: tuple[Assessment, ...]
    drift: tuple[Assessment, ...] = ()
    deferred: tuple[Assessment, ...] = ()

    @property
    def blocking(self) -> tuple[Assessment, ...]:
        return tuple(
            a
            for a in self.assessments
            if a.classification is Classification.DESTRUCTIVE and not a.approved
        )

    @property
    def passed(self) -> bool:
        return not self.blocking

    def count(self, classification: Classification) -> int:
        return sum(1 for a in self.assessments if a.classification is classification)

    @property
    def summary(self) -> dict[str, int]:
        destructive = [
            a for a in self.assessments if a.classification is Classification.DESTRUCTIVE
        ]
        approved = sum(1 for a in destructive if a.approved)
        return {
            "safe": self.count(Classification.SAFE),
            "risky": self.count(Classification.RISKY),
            "destructive": len(destructive),
            "approved": approved,
            "unapproved": len(destructive) - approved,
        }
