"""`--format json`: the stable, documented contract (schema_version 1)."""

from __future__ import annotations

from typing import Any

import orjson

from tfguard import __version__, attrpath
from tfguard.judge.approvals import iso
from tfguard.model import Assessment, Coverage, Plan, Verdict
from tfguard.report import Options, listed

SCHEMA_VERSION = 1


def render(verdict: Verdict, options: Options) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tfguard_version": __version__,
        "verdict": "pass" if verdict.passed else "block",
        "summary": verdict.summary.as_dict(),
        "plans": [plan_json(p) for p in verdict.plans],
        "changes": [change_json(a) for a in listed(verdict, options)],
        "drift": [change_json(a) for a in verdict.drift],
        "deferred": [change_json(a) for a in verdict.deferred],
        "approvals": approvals_json(verdict),
        "policy": policy_json(verdict),
        "advisories": [
            {
                "kind": "same-blast-radius",
                "plan": a.plan,
                "store": a.store,
                "backups": list(a.backups),
                "message": a.message,
            }
            for a in verdict.advisories
        ],
        "stale_approvals": [
            {
                "entry": e.index + 1,
                "address": e.address,
                "actions": list(e.actions),
                "expires": iso(e.expires),
            }
            for e in verdict.stale
        ],
        "warnings": list(verdict.warnings),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "source": plan.source,
        "sha256": plan.sha256,
        "format_version": plan.format_version,
        "terraform_version": plan.terraform_version,
        "resource_changes": len(plan.changes),
    }


def change_json(assessment: Assessment) -> dict[str, Any]:
    change = assessment.change
    return {
        "address": change.address,
        "plan": change.plan,
        "type": change.type,
        "mode": change.mode,
        "provider": change.provider,
        "actions": list(change.actions),
        "action": change.action.value,
        "classification": assessment.classification.label,
        "category": assessment.category,
        "reasons": [
            {"rule": f.rule, "class": f.classification.label, "message": f.message}
            for f in assessment.findings
        ],
        "approved": assessment.approved,
        "action_reason": change.action_reason,
        "replace_paths": [attrpath.format(p) for p in change.replace_paths],
        "previous_address": change.previous_address,
        "importing": change.importing,
        "deposed": change.deposed,
        "deferred": change.deferred,
        "fingerprint": assessment.fingerprint,
        "approval": coverage_json(assessment.coverage),
        "recovery": {
            "status": assessment.recovery.status,
            "evidence": list(assessment.recovery.evidence),
        }
        if assessment.recovery
        else None,
    }


def coverage_json(coverage: Coverage | None) -> dict[str, Any] | None:
    if coverage is None:
        return None
    entry = coverage.approval
    return {
        "status": coverage.status,
        "detail": coverage.detail,
        "entry": entry.index + 1 if entry else None,
        "approved_by": list(coverage.approvers),
        "expires": iso(entry.expires) if entry else None,
        "ticket": entry.ticket if entry else None,
    }


def policy_json(verdict: Verdict) -> dict[str, Any] | None:
    policy = verdict.policy
    if policy is None:
        return None
    return {
        "level": policy.level.label,
        "trusts": policy.level.trusts,
        "source": policy.source,
        "protected_ref": policy.protected_ref,
        "required": policy.required,
        "required_when_lost": policy.required_when_lost,
        "max_lifetime": policy.max_lifetime,
        "allowed_approvers": list(policy.allowed_approvers)
        if policy.allowed_approvers is not None
        else None,
        "weakening_attempts": list(policy.notes),
    }


def approvals_json(verdict: Verdict) -> dict[str, Any] | None:
    approvals = verdict.approvals
    if approvals is None:
        return None
    return {
        "file": approvals.source,
        "level": approvals.level.label if approvals.level else None,
        "authoritative": approvals.authoritative,
        "problems": list(approvals.problems),
        "reviews": list(approvals.reviews),
        "entries": len(approvals.entries),
    }
