"""Plans + rulebook + approvals -> the Verdict: every change classified, and pass or block."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from tfguard.address import config_address
from tfguard.judge import approvals, provisioners, recovery
from tfguard.judge.classify import classify
from tfguard.model import (
    ApprovalSet,
    Assessment,
    Classification,
    Coverage,
    CoverageStatus,
    Finding,
    Mode,
    Plan,
    Rulebook,
    Verdict,
)

if TYPE_CHECKING:
    from tfguard.git.prevent_destroy import Unguarded

NO_FILE = Coverage(CoverageStatus.MISSING, "no approval file")


def decide(
    plans: Sequence[Plan],
    book: Rulebook,
    approval_set: ApprovalSet | None = None,
    policy: approvals.Policy | None = None,
    now: datetime | None = None,
    unguarded: Mapping[str, Sequence[Unguarded]] | None = None,
) -> Verdict:
    """Block when any destructive change is not covered by an approval."""
    assessed = provisioners.name(classify((c for p in plans for c in p.changes), book), plans)
    if unguarded:
        assessed = tuple(_guard_removed(a, unguarded) for a in assessed)
    assessed, advisories = recovery.assess(assessed, plans, book)
    judged = tuple(_judge(a, approval_set, policy or approvals.Policy(), now) for a in assessed)
    return Verdict(
        plans=tuple(plans),
        assessments=judged,
        drift=classify((c for p in plans for c in p.drift), book),
        deferred=classify((c for p in plans for c in p.deferred), book),
        approvals=approval_set,
        stale=approvals.stale(approval_set, judged) if approval_set else (),
        rulebook=book,
        advisories=advisories,
    )


PREVENT_DESTROY_REMOVED = "prevent-destroy-removed"


def _guard_removed(
    assessment: Assessment, unguarded: Mapping[str, Sequence[Unguarded]]
) -> Assessment:
    """A resource whose lifecycle.prevent_destroy this change removed: destructive on its own
    (plan JSON never shows the guard; the .tf sources at the base ref do)."""
    address = config_address(assessment.change.address)
    reasons = [u.reason for u in unguarded.get(assessment.change.plan, ()) if u.address == address]
    if not reasons or assessment.change.mode is not Mode.MANAGED:
        return assessment
    findings = [Finding(PREVENT_DESTROY_REMOVED, Classification.DESTRUCTIVE, r) for r in reasons]
    return replace(
        assessment,
        classification=Classification.DESTRUCTIVE,
        findings=(*findings, *assessment.findings),
    )


def _judge(
    assessment: Assessment,
    approval_set: ApprovalSet | None,
    policy: approvals.Policy,
    now: datetime | None,
) -> Assessment:
    if assessment.classification is not Classification.DESTRUCTIVE:
        return assessment
    fingerprinted = replace(assessment, fingerprint=approvals.fingerprint(assessment))
    if approval_set is None or now is None:
        return replace(fingerprinted, coverage=NO_FILE)
    return replace(
        fingerprinted, coverage=approvals.cover(fingerprinted, approval_set, policy, now)
    )
