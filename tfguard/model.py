"""Frozen dataclasses every step shares: plan -> classify -> verdict -> report.

Nothing here does I/O. After `plan.py` has read a plan no code touches the raw JSON again,
except through the `before`/`after` values a `Change` carries (with sensitive leaves already
replaced by `Sensitive`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from enum import Enum, IntEnum
from typing import Any, NoReturn

from tfguard.record import record


class Action(str, Enum):
    """What Terraform will do to one object; `plan.py` maps every `actions` list to one."""

    NOOP = "no-op"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"
    FORGET = "forget"
    INVOKE = "invoke"
    """A provider action (an `action` block, Terraform 1.14+) runs during apply: an entry of
    the plan's `action_invocations`."""
    UNKNOWN = "unknown"
    """An action list tfguard does not recognise: classified destructive (fail closed)."""


class Vocabulary(str, Enum):
    """A closed set of words that reports print and JSON carries as plain strings: `str()`,
    f-strings and both JSON encoders give the word itself, on every Python version."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


def unreachable(value: NoReturn) -> NoReturn:
    """The `else` of a dispatch over a vocabulary: mypy proves every word is handled (the
    argument's type is `Never` only then), and at run time it fails loudly, never silently."""
    raise AssertionError(f"unhandled value: {value!r}")


class Transition(Vocabulary):
    """How a rule's attribute moves between the plan's before and after values (`match {
    transition = … }`); the schema's enum, the classifier's predicates and the catalogue's
    prose are tied to this list by tests/test_rulebook.py."""

    BECAME_TRUE = "became_true"
    BECAME_FALSE = "became_false"
    SET_TO = "set_to"
    IS = "is"
    """Not a move: a test of the value acted on (before for deletes, after otherwise)."""
    DECREASED = "decreased"
    INCREASED = "increased"
    REMOVED = "removed"
    CHANGED = "changed"
    KEEPS_LESS = "keeps_less"
    """A retention, expiry or lifecycle setting now keeps less (needs a `retention` block)."""


class Mode(Vocabulary):
    """What kind of object a change is about (JSON `mode`)."""

    MANAGED = "managed"
    """A resource Terraform manages: the only kind whose data a plan can destroy."""
    DATA = "data"
    """A data source: Terraform only reads it."""
    ACTION = "action"
    """A provider action the apply invokes (Terraform 1.14+ `action_invocations`)."""


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


@record
class Change:
    """One entry of `resource_changes` (or of `resource_drift` / `deferred_changes`)."""

    plan: str
    """Label of the plan this change came from (the path as given, or `-`)."""
    address: str
    type: str
    name: str
    mode: Mode
    """`managed` or `data`; `action` for an action invocation."""
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


@record
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
    document: Any = field(default=None, repr=False, compare=False)
    """The whole parsed JSON, kept with the plan so that it is freed with it, not while judging:
    the CLI lets the process exit without taking a multi-GB plan apart object by object."""


@record
class Category:
    """A family of resource types that share how dangerous losing them is (database, backup …)."""

    name: str
    summary: str
    data_bearing: bool


@record
class ResourceKind:
    """What a rule pack knows about one resource type."""

    type: str
    category: str
    pack: str
    summary: str


@record
class Condition:
    """`attribute` equals `value` (a path relative to the element of a `[*]` path, or to the
    resource)."""

    attribute: tuple[str | int, ...]
    value: Any


@record
class Retention:
    """What a retention, expiry or lifecycle setting means, for the `keeps_less` transition.

    Values are turned into one comparable amount (seconds for time units, else the unit itself)
    so that days, hours, "86400s", "P7D", numeric strings and named tiers compare. `unlimited`
    values keep everything forever (CloudWatch's 0, Kafka's -1, a null expiration)."""

    unit: str
    """ms, seconds, minutes, hours, days, weeks, months, years, count, bytes or date."""
    keeps_less: str
    """`smaller` or `larger`: which way the value moves when less is kept."""
    source: str
    """Where the provider documents the setting (a URL)."""
    unlimited: tuple[Any, ...] = ()
    named: tuple[tuple[str, float], ...] = ()
    """Strings that stand for an amount in `unit` (Cosmos DB "Continuous7Days" = 7)."""
    unit_from: tuple[str | int, ...] | None = None
    """An attribute holding the unit instead (Atlas `retention_unit` = "days" / "weeks" …)."""
    key: tuple[str | int, ...] | None = None
    """For `[*]` paths: the attribute naming each element (S3 rule `id`); without it an element
    is identified by everything except the setting itself."""
    active: Condition | None = None
    """For `[*]` paths: an element deletes only while this holds (S3 `status = "Enabled"`)."""
    only_if: Condition | None = None
    """The new setting reaches existing data only while this holds in the plan (Atlas
    `update_snapshots = true`)."""


@record
class Match:
    """The closed vocabulary a rule matches on; every field that is set must hold."""

    actions: frozenset[Action] = frozenset()
    types: tuple[str, ...] = ()
    """Exact types or shell-style globs (`aws_db_*`)."""
    categories: frozenset[str] = frozenset()
    attribute: tuple[str | int, ...] | None = None
    transition: Transition | None = None
    value: Any = None
    default: Any = None
    """What a null or missing attribute means (the provider's effective default)."""
    action_reasons: frozenset[str] = frozenset()
    replace_paths: tuple[tuple[str | int, ...], ...] = ()
    changes_other_than: frozenset[str] | None = None
    retention: Retention | None = None
    """What the attribute keeps, for the `keeps_less` transition."""


@record
class Rule:
    id: str
    pack: str
    classification: Classification
    summary: str
    message: str
    """A template: `{address}`, `{type}`, `{category}`, `{attribute}`, `{before}`, `{after}`."""
    doc: str
    match: Match


@record
class Pack:
    name: str
    provider: str
    summary: str
    source: str
    type_prefixes: tuple[str, ...] = ()
    """Every resource type the pack names starts with one of these (empty: not checked)."""


@record
class Link:
    """How a store names another resource: `attribute` of the store (a value or a list of
    values) equals `key` of a resource of one of `types`; a configuration reference from the
    store to such a resource links them too."""

    types: tuple[str, ...]
    attribute: tuple[str | int, ...]
    key: tuple[str | int, ...]


@record
class Fact:
    """One documented fact about what a delete leaves behind, read from the state.

    `survives`: the data outlives the delete when it holds (a retained backup, soft delete, a
    reclaim policy of Retain, a delete the provider refuses). `unknown`: the documentation
    leaves the outcome open when it holds (a delete that fails only while backups exist).
    `deletes`: what the delete takes with it, as evidence (never keeps the data).
    `abandon`: Terraform only forgets the object (deletion_policy = ABANDON). A null value
    with no `default` cannot be told.

    It holds when the value at `attribute` (null means `default`) is one of `values`, is none
    of `not_values`, or, with neither, is set (not null, empty, zero or false); without an
    `attribute` it always holds. With `via`, the attribute is read on the linked resource; with
    `via` and no attribute, it holds while a linked resource exists and survives the plan.
    """

    kind: str
    name: str
    says: str
    source: str
    otherwise: str = ""
    """What it means when it does not hold (evidence for a `lost` verdict)."""
    attribute: tuple[str | int, ...] | None = None
    values: tuple[Any, ...] | None = None
    not_values: tuple[Any, ...] | None = None
    default: Any = None
    unknown_values: tuple[Any, ...] = ()
    """Values that leave it open (-1: inherit a setting tfguard cannot see)."""
    via: Link | None = None
    skip_if_unnamed: bool = False
    """With `via`: the fact does not apply when the store names no such resource (else it
    cannot be told)."""
    skip_if_set: tuple[str | int, ...] | None = None
    """The fact does not apply when this attribute of the store is set (a fallback)."""
    needs_parent: bool = False
    """Void when a parent of the store is deleted by the same plan (a deleted database is
    restorable only while its server exists)."""
    provider: str | None = None
    """Read `attribute` in this provider's configuration block in the plan (azurerm
    `features[0].key_vault[0].purge_soft_delete_on_destroy`), not in the state."""


@record
class ParentSpec:
    """A resource whose delete takes the store (and what it holds) with it."""

    link: Link
    says: str
    source: str


@record
class StoreSpec:
    """How a data store's own backups fare when it is deleted (read from `change.before`)."""

    type: str
    summary: str = ""
    source: str = ""
    """The documentation the facts below come from (a URL or a provider docs path)."""
    facts: tuple[Fact, ...] = ()
    abandon: Fact | None = None
    parents: tuple[ParentSpec, ...] = ()
    take_final_backup: tuple[str | int, ...] | None = None
    skip_final_backup: tuple[str | int, ...] | None = None
    final_backup_name: tuple[str | int, ...] | None = None
    final_backup_default: bool = True
    backups_deleted_with_store: tuple[str | int, ...] | None = None
    backups_deleted_default: bool = True
    backups_retained_by: tuple[str | int, ...] | None = None
    """True here keeps the store's own backups after the delete (Cloud SQL
    retain_backups_on_delete); null means they are deleted."""


@record
class BackupSpec:
    """How a backup resource names the store it protects."""

    type: str
    of: frozenset[str]
    attribute: tuple[str | int, ...]
    store_attribute: tuple[str | int, ...]
    held_by: frozenset[str] = frozenset()
    """Types that hold its recovery points (a backup vault): it survives only with one of them."""
    held_via: tuple[str | int, ...] | None = None
    """Attribute naming the resource that says which holder it is (aws_backup_selection.plan_id)."""
    held_via_type: str | None = None
    held_via_key: tuple[str | int, ...] | None = None
    holder_attribute: tuple[str | int, ...] | None = None
    """On that resource: the holder's name; lists fan out (`rule.target_vault_name`)."""
    holder_key: tuple[str | int, ...] | None = None
    in_store: bool = False
    """Kept inside the store (Atlas cloud backup snapshots): deleted with it unless the store's
    own facts keep its backups."""
    source: str = ""


@record
class Rulebook:
    packs: tuple[Pack, ...]
    categories: Mapping[str, Category]
    kinds: Mapping[str, ResourceKind]
    rules: tuple[Rule, ...]
    stores: Mapping[str, StoreSpec] = field(default_factory=dict)
    backups: Mapping[str, BackupSpec] = field(default_factory=dict)
    stateless: frozenset[str] = frozenset()
    """Types no pack knows that `.tfguard.hcl` declares stateless (`stateless_types`): never
    taken for data holders by their name or attributes."""

    def category_of(self, resource_type: str) -> str:
        kind = self.kinds.get(resource_type)
        return kind.category if kind else UNCATEGORISED


UNCATEGORISED = "uncategorised"
LOOKS_LIKE_DATA = "unrecognised_data"
"""The category of a type no pack knows whose name or attributes say it holds data."""


@record
class Finding:
    rule: str
    classification: Classification
    message: str
    evidence: tuple[str, str, str] | None = None
    """(attribute path, before, after) as displayed (masked) when the rule tests an attribute."""


class Level(IntEnum):
    """How much git must vouch for an approval. A flag may raise it, never lower it."""

    COMMITTED = 1
    """The approval file is tracked and has no uncommitted changes."""
    AUTHORED = 2
    """Each approver's name was added by a commit authored by that approver, after the entry
    last changed, and nobody approves an entry they created."""
    SIGNED = 3
    """As authored, and each approval commit is signed by the approver (the ssh principal or gpg
    user id of a trusted key is the name); the entry's creation is signed too. The default."""
    MERGED = 4
    """Every commit that shaped the entry is reachable from the protected ref (it went through
    review); authorship that a squash merge rewrote is vouched for by branch protection."""
    REVIEWED = 5
    """The approvers are the pull/merge request's reviewers (GitHub reviews, GitLab approvals)
    on its current head, read from the platform's API; names in approved_by do not count."""

    @property
    def label(self) -> str:
        return self.name.lower()

    def includes(self, other: Level) -> bool:
        """Whether every check of `other` is also a check of this level (levels are not a
        line: `merged` does not check authors, `signed` does not check merges)."""
        return other is self or other in _INCLUDES[self]

    @property
    def trusts(self) -> str:
        """One line: what an approval at this level rests on."""
        return _TRUSTS[self]


DEFAULT_LEVEL = Level.SIGNED
"""The default nobody can forge alone: each approver's own key signs their approval, checked
against keys the requester cannot change (README: "Provenance levels")."""

_INCLUDES: dict[Level, frozenset[Level]] = {
    Level.COMMITTED: frozenset(),
    Level.AUTHORED: frozenset({Level.COMMITTED}),
    Level.SIGNED: frozenset({Level.COMMITTED, Level.AUTHORED}),
    Level.MERGED: frozenset({Level.COMMITTED}),
    Level.REVIEWED: frozenset({Level.COMMITTED}),
}
_TRUSTS: dict[Level, str] = {
    Level.COMMITTED: "everyone with commit access: any name typed into the approval file counts",
    Level.AUTHORED: "commit author emails, which every committer can set to anyone's address: "
    "one person can approve their own change unless the platform rejects such pushes",
    Level.SIGNED: "the approvers' own keys: the trusted allowed-signers file (ssh) and the gpg "
    "keyring must hold only keys whose principal or user id is their owner",
    Level.MERGED: "branch protection on the protected ref (required review by someone other "
    "than the author, stale reviews dismissed): typed names are not checked",
    Level.REVIEWED: "the platform's pull/merge request reviews and accounts, the API token, and "
    "allowed_approvers on the protected branch",
}


@record
class PolicyReport:
    """The approval policy in force, where it came from, and what tried to weaken it."""

    level: Level
    source: str
    required: int
    required_when_lost: int
    max_lifetime: str
    allowed_approvers: tuple[str, ...] | None = None
    protected_ref: str | None = None
    notes: tuple[str, ...] = ()
    """Attempts to weaken the policy (ignored) and config files that do not count."""


@record
class Approval:
    """One `approval { … }` entry of the approval file."""

    index: int
    address: str
    actions: tuple[str, ...]
    fingerprint: str
    reason: str
    ticket: str | None
    expires: datetime
    approved_by: tuple[str, ...]


@record
class EntryProvenance:
    """What git says about one entry."""

    approvers: tuple[str, ...]
    """The names in approved_by that git vouches for at the configured level."""
    problems: tuple[str, ...]
    """Why other names, or the whole entry, do not count (one sentence each)."""
    added_at: datetime | None = None
    """When the entry was committed: the start of its maximum lifetime."""
    requester: str | None = None


@record
class ApprovalSet:
    source: str | None
    """The approval file, or None when there is none."""
    entries: tuple[Approval, ...] = ()
    provenance: tuple[EntryProvenance, ...] = ()
    """One per entry, in the same order."""
    problems: tuple[str, ...] = ()
    """Problems with the file as a whole (uncommitted, outside git, shallow clone …): when
    present, no entry covers anything."""
    level: Level | None = None
    authoritative: bool = True
    reviews: tuple[str, ...] = ()
    """At `reviewed`: the pull/merge request judged, then one line per reviewer (counted, or
    why not)."""
    looked_for: str | None = None
    """With no approval file (`source` None): the path tfguard looked for it at."""


class CoverageStatus(Vocabulary):
    """Why a destructive change is, or is not, covered (JSON `coverage.status`)."""

    APPROVED = "approved"
    NOT_ENOUGH_APPROVERS = "not-enough-approvers"
    PROVENANCE = "provenance"
    TOO_LONG = "too-long"
    EXPIRED = "expired"
    FINGERPRINT_MISMATCH = "fingerprint-mismatch"
    ACTIONS_DIFFER = "actions-differ"
    MISSING = "missing"


@record
class Coverage:
    """Why a destructive change is, or is not, covered by an approval."""

    status: CoverageStatus
    detail: str
    approval: Approval | None = None
    approvers: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return self.status is CoverageStatus.APPROVED


@record
class Advisory:
    """Same blast radius: a data store and all its backups live in one state (never blocks)."""

    plan: str
    store: str
    backups: tuple[str, ...]
    advice: str

    @property
    def message(self) -> str:
        return f"{self.store} and its backups {', '.join(self.backups)}: {self.advice}"


class RecoveryStatus(Vocabulary):
    """Whether the data of a destroyed store survives this plan (JSON `recovery.status`)."""

    LOST = "lost"
    """No copy of the data is left once the plan is applied."""
    KEPT = "kept"
    """A backup or snapshot outside this plan's deletes keeps the data."""
    UNKNOWN = "unknown"
    """The facts tfguard has do not decide it; the evidence says what is unknown."""


@record
class Recovery:
    """Whether the data of a destroyed store can be recovered after this plan."""

    status: RecoveryStatus
    evidence: tuple[str, ...]

    @property
    def lost(self) -> bool:
        return self.status is RecoveryStatus.LOST


@record
class Assessment:
    """A change with the class tfguard gives it and every reason behind that class."""

    change: Change
    classification: Classification
    category: str
    findings: tuple[Finding, ...]
    fingerprint: str | None = None
    """Set on destructive changes: what an approval must name."""
    coverage: Coverage | None = None
    recovery: Recovery | None = None

    @property
    def approved(self) -> bool:
        return self.coverage is not None and self.coverage.approved


@record
class Location:
    """Where a resource is written in the `.tf` sources (found by `read/tflocations.py`)."""

    file: str
    """The `.tf` file, as a path built from the configuration directory as given."""
    line: int
    end_line: int | None = None


LocationKey = tuple[str, str]
"""(plan label, change address)."""


@record
class Verdict:
    """Everything a reporter needs, and the decision itself."""

    plans: tuple[Plan, ...]
    assessments: tuple[Assessment, ...]
    rulebook: Rulebook
    """The rules the plans were judged by (reports that document rules need them)."""
    drift: tuple[Assessment, ...] = ()
    deferred: tuple[Assessment, ...] = ()
    approvals: ApprovalSet | None = None
    stale: tuple[Approval, ...] = ()
    """Approvals that cover nothing in these plans (a warning, not a block)."""
    advisories: tuple[Advisory, ...] = ()
    """Stores managed in the same state as every backup of them (advice, never a block)."""
    warnings: tuple[str, ...] = ()
    """Plan-level risks that do not block (the empty-state guard), one sentence each."""
    policy: PolicyReport | None = None
    """The approval policy the verdict was reached under (every report states it)."""
    locations: Mapping[LocationKey, Location] = field(default_factory=dict)
    """Where each flagged change is written, when the request asked for it (formats that point
    at code: SARIF, github). A change absent here is pointed at its plan file."""
    location_problems: tuple[str, ...] = ()
    """`.tf` files that could not be read while locating (one line each; never a block)."""

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
    def summary(self) -> Summary:
        destructive = [
            a for a in self.assessments if a.classification is Classification.DESTRUCTIVE
        ]
        approved = sum(1 for a in destructive if a.approved)
        return Summary(
            safe=self.count(Classification.SAFE),
            risky=self.count(Classification.RISKY),
            destructive=len(destructive),
            approved=approved,
            unapproved=len(destructive) - approved,
        )


@record
class Summary:
    """The counts every report starts with (JSON and SARIF `summary`, in this key order)."""

    safe: int
    risky: int
    destructive: int
    approved: int
    """Destructive changes an approval covers."""
    unapproved: int
    """Destructive changes that block."""

    def as_dict(self) -> dict[str, int]:
        return {
            "safe": self.safe,
            "risky": self.risky,
            "destructive": self.destructive,
            "approved": self.approved,
            "unapproved": self.unapproved,
        }
