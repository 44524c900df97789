"""Provisioners a delete or replace sets off, read from the plan's `configuration` section.

Plan JSON lists each resource block's provisioners (their type and expressions) but not their
`when`: tfguard cannot tell a destroy-time provisioner from a create-time one, so a delete or
replace of a block with any provisioner is named as possibly running a destroy-time command.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from tfguard.address import config_address
from tfguard.model import Action, Assessment, Classification, Finding, Mode, Plan

PROVISIONERS_RUN = "provisioners-run"
_DESTROYS = (Action.DELETE, Action.REPLACE)


def name(assessments: tuple[Assessment, ...], plans: Sequence[Plan]) -> tuple[Assessment, ...]:
    """Each delete or replace of a block that has provisioners gets a risky finding naming them."""
    found = {plan.source: dict(_provisioned(plan.configuration)) for plan in plans}
    return tuple(_named(a, found.get(a.change.plan, {})) for a in assessments)


def _named(assessment: Assessment, provisioned: Mapping[str, tuple[str, ...]]) -> Assessment:
    change = assessment.change
    if change.action not in _DESTROYS or change.mode is not Mode.MANAGED:
        return assessment
    kinds = provisioned.get(config_address(change.address))
    if not kinds:
        return assessment
    listing = ", ".join(kinds)
    again = (
        "; the new object runs its create-time ones again"
        if change.action is Action.REPLACE
        else ""
    )
    message = (
        f"{change.key} has provisioners in its configuration ({listing}): any of them with "
        f"when = destroy runs its command during this {change.action.value}{again} "
        "(plan JSON does not say which are destroy-time)"
    )
    finding = Finding(PROVISIONERS_RUN, Classification.RISKY, message)
    return replace(
        assessment,
        classification=max(assessment.classification, Classification.RISKY),
        findings=(*assessment.findings, finding),
    )


def _provisioned(configuration: Mapping[str, Any]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(configuration address, provisioner types) of every resource block with provisioners."""
    pending: list[tuple[str, Any]] = [("", configuration.get("root_module"))]
    while pending:
        prefix, module = pending.pop()
        if not isinstance(module, dict):
            continue
        for resource in module.get("resources") or ():
            provisioners = resource.get("provisioners") if isinstance(resource, dict) else None
            if isinstance(provisioners, list) and provisioners:
                kinds = tuple(str(p.get("type", "?")) for p in provisioners if isinstance(p, dict))
                yield f"{prefix}{resource.get('address')}", kinds
        for call, body in (module.get("module_calls") or {}).items():
            if isinstance(body, dict):
                pending.append((f"{prefix}module.{call}.", body.get("module")))
