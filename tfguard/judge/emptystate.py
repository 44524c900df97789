"""The empty-state guard: a plan that creates a whole stack from an empty state.

When terraform reads the wrong state (a misconfigured backend, another workspace, a state file
that was lost or not found) the plan it makes looks harmless: everything is a create. Applying
it builds a second copy of the infrastructure beside the real one, with name clashes, double
bills and two states claiming the same names; the next plan against the right state may then
want to delete the copy or the original. This module spots the pattern and words a loud
warning naming the backend and the workspace terraform used, so a human can check them.

It never blocks: a first apply of a new stack looks exactly like this and is the normal way to
create one, and no approval could name it (an approval covers a destructive change's
fingerprint; creates have none). The warning marks the report as risky instead.

Pure: plans and facts in, warnings out. The facts (backend, workspace) are read from the working
directory by the caller (`wrapper.read_facts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tfguard.model import Action, Mode, Plan
from tfguard.record import record

MIN_CREATES = 5
"""Creates at or above which a plan against an empty state is called out."""


@record
class Facts:
    """Which state terraform used, as far as the working directory tells."""

    backend: str
    """The backend type (`s3`, `gcs`, `remote`, `local` …)."""
    workspace: str
    where: str = ""
    """Where the facts were read (a directory), for the reader to check."""


def warnings(plans: Sequence[Plan], facts: Facts | None) -> tuple[str, ...]:
    """One warning per plan that creates many resources from an empty (or missing) state."""
    out = []
    for plan in plans:
        creates = sum(
            1 for c in plan.changes if c.mode is Mode.MANAGED and c.action is Action.CREATE
        )
        if creates < MIN_CREATES or managed_resources(plan.prior_state):
            continue
        prefix = f"{plan.source}: " if len(plans) > 1 else ""
        out.append(prefix + _message(creates, plan.prior_state is None, facts))
    return tuple(out)


def _message(creates: int, missing: bool, facts: Facts | None) -> str:
    state = "there is no prior state" if missing else "the prior state holds no managed resource"
    if facts is None:
        using = "backend and workspace unknown"
    else:
        where = f", read in {facts.where}" if facts.where else ""
        using = f'backend "{facts.backend}", workspace "{facts.workspace}"{where}'
    return (
        f"WARNING: empty state: this plan creates {creates} resources and {state} ({using}). "
        "If this infrastructure already exists, terraform is reading the wrong state (backend, "
        "workspace or state file) and applying would build a second copy beside it: check "
        "`terraform workspace show` and the backend configuration before applying. "
        "This warning is not counted in the verdict above and does not block: a first apply of "
        "a new stack looks the same."
    )


def managed_resources(prior_state: Mapping[str, Any] | None) -> int:
    """Managed resources recorded in a plan's `prior_state` (data sources do not count)."""
    if not prior_state:
        return 0
    values = prior_state.get("values")
    root = values.get("root_module") if isinstance(values, Mapping) else None
    return _count(root) if isinstance(root, Mapping) else 0


def _count(module: Mapping[str, Any]) -> int:
    resources = module.get("resources") or []
    total = sum(
        1 for r in resources if isinstance(r, Mapping) and r.get("mode", "managed") == "managed"
    )
    for child in module.get("child_modules") or []:
        if isinstance(child, Mapping):
            total += _count(child)
    return total
