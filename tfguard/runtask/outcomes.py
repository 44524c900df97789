"""A verdict as a run task result: the verdict line as the message, one outcome per destructive
or risky change (destructive first), each with severity, recovery and approval tags and the
reasons as markdown.

Addresses, rule messages and approval details are untrusted text: the body goes through the
markdown report's `escape()`, the one-line description loses control characters. Values
Terraform marks sensitive never reach here unmasked (rule messages show them as (sensitive)).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tfguard.catalogue import doc_url
from tfguard.model import Assessment, Classification, CoverageStatus, RecoveryStatus, Verdict
from tfguard.report import approvals_notes, flagged, headline
from tfguard.report.markdown import escape

MAX_OUTCOMES = 100
"""Outcomes sent per result; past that, one more outcome says how many were left out."""
MESSAGE_CHARS = 500
DESCRIPTION_CHARS = 200
FIELD_CHARS = 400

SEVERITY = {
    Classification.DESTRUCTIVE: ("Destructive", "error"),
    Classification.RISKY: ("Risky", "warning"),
}
RECOVERY_LEVEL = {
    RecoveryStatus.LOST: "error",
    RecoveryStatus.UNKNOWN: "warning",
    RecoveryStatus.KEPT: "info",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def clip(text: str, limit: int) -> str:
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def result(status: str, message: str, outcomes: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The callback body: `{"data": {"type": "task-results", ...}}`."""
    data: dict[str, Any] = {
        "type": "task-results",
        "attributes": {"status": status, "message": clip(message, MESSAGE_CHARS)},
    }
    if outcomes:
        data["relationships"] = {"outcomes": {"data": list(outcomes)}}
    return {"data": data}


def judged(verdict: Verdict, notes: Sequence[str] = ()) -> dict[str, Any]:
    """The final result for a judged plan: passed only when the gate passes."""
    status = "passed" if verdict.passed else "failed"
    message = " ".join([headline(verdict), *notes])
    chosen = flagged(verdict.assessments)
    outcomes = [outcome(a) for a in chosen[:MAX_OUTCOMES]]
    extra = [*notes, *approvals_notes(verdict), *verdict.warnings]
    if len(chosen) > MAX_OUTCOMES:
        extra.insert(0, f"{len(chosen) - MAX_OUTCOMES} more flagged change(s) not listed")
    if extra:
        outcomes.append(_notes_outcome(extra))
    return result(status, message, outcomes)


def outcome(assessment: Assessment) -> dict[str, Any]:
    change = assessment.change
    label, level = SEVERITY[assessment.classification]
    tags: dict[str, list[dict[str, str]]] = {"Severity": [{"label": label, "level": level}]}
    verdict_words = label.lower()
    if assessment.classification is Classification.DESTRUCTIVE:
        coverage = assessment.coverage
        status = coverage.status if coverage is not None else CoverageStatus.MISSING
        tags["Status"] = [
            {"label": "Approved", "level": "info"}
            if assessment.approved
            else {"label": "Not approved", "level": "error"}
        ]
        tags["Approval"] = [
            {"label": str(status), "level": "info" if assessment.approved else "error"}
        ]
        verdict_words += ", approved" if assessment.approved else ", not approved"
    if assessment.recovery is not None:
        data = assessment.recovery.status
        tags["Recovery"] = [{"label": f"data {data}", "level": RECOVERY_LEVEL[data]}]
    attributes: dict[str, Any] = {
        "outcome-id": clip(change.key, DESCRIPTION_CHARS),
        "description": clip(
            f"{change.key}: {','.join(change.actions)} ({verdict_words})", DESCRIPTION_CHARS
        ),
        "tags": tags,
        "body": _body(assessment),
    }
    if assessment.findings:
        attributes["url"] = doc_url(assessment.findings[0].rule)
    return {"type": "task-result-outcomes", "attributes": attributes}


def _body(assessment: Assessment) -> str:
    change = assessment.change
    lines = [
        f"**{escape(clip(change.key, FIELD_CHARS))}**: "
        f"{escape(','.join(change.actions))} ({assessment.classification.label})",
        "",
    ]
    if assessment.recovery is not None:
        evidence = "; ".join(assessment.recovery.evidence)
        lines.append(
            f"- **Recovery**: data {escape(assessment.recovery.status)}"
            + (f": {escape(clip(evidence, FIELD_CHARS))}" if evidence else "")
        )
    if assessment.classification is Classification.DESTRUCTIVE:
        coverage = assessment.coverage
        if assessment.approved and coverage is not None:
            by = ", ".join(coverage.approvers)
            lines.append(f"- **Approval**: approved by {escape(clip(by, FIELD_CHARS))}")
        else:
            why = (coverage.detail or coverage.status) if coverage else "no approval entry"
            lines.append(f"- **Approval**: not approved: {escape(clip(why, FIELD_CHARS))}")
    if assessment.findings:
        lines += ["", "**Reasons**", ""]
        lines += [
            f"- [{escape(f.rule)}]({doc_url(f.rule)}): {escape(clip(f.message, FIELD_CHARS))}"
            for f in assessment.findings
        ]
    return "\n".join(lines) + "\n"


def _notes_outcome(notes: Sequence[str]) -> dict[str, Any]:
    body = "\n".join(f"- {escape(clip(note, FIELD_CHARS))}" for note in notes) + "\n"
    return {
        "type": "task-result-outcomes",
        "attributes": {
            "outcome-id": "tfguard-notes",
            "description": "Notes about approvals and the plan",
            "tags": {"Severity": [{"label": "Note", "level": "info"}]},
            "body": body,
        },
    }
