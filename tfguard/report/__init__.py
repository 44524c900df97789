"""Reporters: one `render(verdict, options) -> str` per format, chosen from `REPORTERS`.

Each returns text and reads and writes nothing: what a format shows comes on the verdict
(source locations too: `Verdict.locations`, found by the pipeline for `LOCATING` formats).

Formats are imported only when used, so `--format json` never pays for importing rich.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Protocol

from tfguard.model import DEFAULT_LEVEL, Action, Assessment, Classification, Verdict
from tfguard.record import record


@record
class Options:
    all: bool = False
    """List no-op and read changes too."""
    limit: int = 50
    """Rows per class in human-readable tables; 0 lists every row."""
    color: bool = False
    width: int = 100
    compact: bool = False
    """Text: one line per change (class, address, actions, the first reason)."""
    cwd: Path | None = None
    """The directory relative paths are relative to (the CLI's working directory)."""
    repo_root: Path | None = None
    """The repository's top: formats that point at files (SARIF, github) make paths relative to
    it, so code scanning and annotations find them also when tfguard ran in a subdirectory."""


def repo_path(path: str, options: Options) -> str | None:
    """`path` relative to `options.repo_root` in `/` form; None when it lies outside the
    repository (or no root is known and the path is absolute)."""
    import posixpath

    given = Path(path)
    if options.repo_root is None:
        return None if given.is_absolute() else posixpath.normpath(path.replace("\\", "/"))
    full = given if given.is_absolute() else (options.cwd or Path.cwd()) / given
    try:
        relative = Path(posixpath.normpath(full.as_posix())).relative_to(options.repo_root)
    except ValueError:
        return None
    return relative.as_posix()


class Renderer(Protocol):
    """What every format module's `render` is: pure, the verdict and options in, text out."""

    def __call__(self, verdict: Verdict, options: Options, /) -> str: ...


REPORTERS: dict[str, str] = {
    "text": "tfguard.report.text",
    "json": "tfguard.report.json",
    "markdown": "tfguard.report.markdown",
    "sarif": "tfguard.report.sarif",
    "junit": "tfguard.report.junit",
    "github": "tfguard.report.github",
}
"""Format name -> module exposing `render`. Adding a format is one module and one line here."""

LOCATING = frozenset({"sarif", "github"})
"""Formats that point at the `.tf` source: the pipeline locates changes only when one of
these is asked for (`pipeline.Request.locate`), so other runs read no `.tf` file."""


def renderer(name: str) -> Renderer:
    render: Renderer = import_module(REPORTERS[name]).render
    return render


_QUIET = (Action.NOOP, Action.READ)


def listed(verdict: Verdict, options: Options) -> tuple[Assessment, ...]:
    """The changes a report lists: all but safe no-op and read ones, unless `options.all` (a
    no-op can be destructive: the change under review removed its prevent_destroy)."""
    if options.all:
        return verdict.assessments
    return tuple(
        a
        for a in verdict.assessments
        if a.change.action not in _QUIET or a.classification is not Classification.SAFE
    )


def headline(verdict: Verdict) -> str:
    """The one-line verdict every format starts from (and stderr gets with --output)."""
    s = verdict.summary
    counts = f"{s.destructive} destructive, {s.risky} risky, {s.safe} safe"
    if verdict.passed:
        approved = f", {s.approved} approved" if s.approved else ""
        return f"PASS: {counts}{approved}"
    return f"BLOCKED: {s.unapproved} destructive change(s) not approved ({counts})"


def by_class(
    assessments: tuple[Assessment, ...], classification: Classification
) -> list[Assessment]:
    return [a for a in assessments if a.classification is classification]


def flagged(assessments: tuple[Assessment, ...]) -> list[Assessment]:
    """Destructive then risky changes; among destructive ones, those whose data is lost first."""

    def order(a: Assessment) -> tuple[int, int]:
        lost = a.recovery is not None and a.recovery.lost
        return (-a.classification, 0 if lost else 1)

    chosen = [a for a in assessments if a.classification is not Classification.SAFE]
    return sorted(chosen, key=order)


def approval_line(assessment: Assessment) -> str | None:
    coverage = assessment.coverage
    if coverage is None:
        return None
    return f"approval: {coverage.status} ({coverage.detail})"


def recovery_line(assessment: Assessment) -> str | None:
    recovery = assessment.recovery
    if recovery is None:
        return None
    return f"recovery: {recovery.status.upper()}: {'; '.join(recovery.evidence)}"


def policy_notes(verdict: Verdict) -> list[str]:
    """The approval policy in force, where it came from, what tried to weaken it, and, for a
    level other than the default, in one line what that level trusts: every report says this."""
    policy = verdict.policy
    if policy is None:
        return []
    allowed = (
        f", approvers limited to {', '.join(policy.allowed_approvers)}"
        if policy.allowed_approvers is not None
        else ""
    )
    trusts = f"policy: {policy.level.label} trusts {policy.level.trusts}"
    return [
        f"policy: provenance {policy.level.label}, {policy.required} approver(s) "
        f"({policy.required_when_lost} when no backup survives), entries live at most "
        f"{policy.max_lifetime}{allowed}; from {policy.source}",
        *([] if policy.level is DEFAULT_LEVEL else [trusts]),
        *(f"policy: flagged: {note}" for note in policy.notes),
    ]


def approvals_notes(verdict: Verdict) -> list[str]:
    """What the reader must know about the policy and the approval file itself."""
    notes: list[str] = policy_notes(verdict)
    approvals = verdict.approvals
    if approvals is not None:
        notes += [f"approvals: {p}" for p in approvals.problems]
        if approvals.source is None and approvals.looked_for and verdict.summary.unapproved:
            notes.append(
                f"approvals: no approval file at {approvals.looked_for} (`tfguard approve` "
                "writes it; --approvals names another)"
            )
        notes += [f"review: {r}" for r in approvals.reviews]
        if not approvals.authoritative:
            notes.append(
                "approvals: counted without git provenance (--allow-unversioned-approvals): "
                "this result is NOT authoritative"
            )
    notes += [f"advisory (same blast radius): {a.message}" for a in verdict.advisories]
    notes += [
        f"stale approval #{e.index + 1} ({e.address} [{', '.join(e.actions)}]) covers nothing "
        "in these plans"
        for e in verdict.stale
    ]
    return notes
