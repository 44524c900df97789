"""Plans + rulebook -> the Verdict: every change classified, and pass or block."""

from __future__ import annotations

from collections.abc import Sequence

from tfguard.classify import classify
from tfguard.model import Plan, Rulebook, Verdict


def decide(plans: Sequence[Plan], book: Rulebook) -> Verdict:
    """Block when any destructive change is not covered by an approval."""
    return Verdict(
        plans=tuple(plans),
        assessments=classify((c for p in plans for c in p.changes), book),
        drift=classify((c for p in plans for c in p.drift), book),
        deferred=classify((c for p in plans for c in p.deferred), book),
    )
