"""`provenance = "reviewed"`: the approval file's entries bind the approval to the changes, the
pull/merge request's reviews (read from the platform) are the approvers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from tfguard.judge import reviews
from tfguard.model import ApprovalSet, EntryProvenance, Level
from tfguard.platform import DEFAULT_TOKEN_VARIABLE
from tfguard.read import config
from tfguard.record import record


@record
class Where:
    """How to find the pull/merge request: the CI environment and the overriding flags."""

    env: Mapping[str, str]
    platform: str = "auto"
    number: int | None = None
    token_variable: str = DEFAULT_TOKEN_VARIABLE


def approvers(found: ApprovalSet, where: Where) -> ApprovalSet:
    """`found` (checked at `committed`: tracked, no uncommitted edits) with every entry's
    approvers replaced by the reviewers that count. Names in approved_by never count here."""
    if not found.entries or found.problems:
        return replace(found, level=Level.REVIEWED)
    from tfguard.platform import context  # the API clients: only when reviews are read

    target = context.detect(where.env, where.platform, where.number, where.token_variable)
    request = context.pull_request(target)
    source = f"{context.CONFIG} on {request.base}"
    allowed = config.allowed_on_protected_ref(context.protected_config(target, request), source)
    judged = reviews.judge(request, allowed)
    proofs = tuple(
        EntryProvenance(
            judged.approvers,
            judged.rejected,
            found.provenance[entry.index].added_at if found.provenance else None,
            request.author,
        )
        for entry in found.entries
    )
    heading = f"{reviews.describe(request)} into {request.base}, {request.url}".rstrip(", ")
    return replace(found, provenance=proofs, level=Level.REVIEWED, reviews=(heading, *judged.notes))
