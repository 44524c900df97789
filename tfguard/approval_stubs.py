"""Writing approval stubs (`tfguard approve`) and linting the approval file.

Stubs are appended as text, so existing entries and comments stay exactly as they were. A stub
never names an approver: each approver adds their own name, on its own line, in their own commit.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from tfguard import atomic
from tfguard.errors import ApprovalError
from tfguard.judge.approvals import MAX_FILE_BYTES, iso, load_text, locate
from tfguard.model import Assessment, Verdict

TODO_REASON = "TODO: say why this change is intended"


def wanted(verdict: Verdict) -> list[Assessment]:
    """Destructive changes not approved and not already waiting in the file as a stub."""
    present = {e.fingerprint for e in verdict.approvals.entries} if verdict.approvals else set()
    return [
        a
        for a in verdict.assessments
        if a.fingerprint and not a.approved and a.fingerprint not in present
    ]


def append(
    path: Path, verdict: Verdict, reason: str | None, ticket: str | None, expires: datetime
) -> list[Assessment]:
    added = wanted(verdict)
    if not added:
        return []
    if path.suffix == ".json":
        raise ApprovalError(f"{path}: tfguard approve writes HCL entries; use a .hcl approval file")
    old = _existing(path)
    blocks = "".join(_block(a, reason or TODO_REASON, ticket, expires) for a in added)
    separator = "\n" if old and not old.endswith("\n") else ""
    atomic.write_text(path, old + separator + blocks)
    return added


def _existing(path: Path) -> str:
    if not path.exists():
        return ""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ApprovalError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    return path.read_text(encoding="utf-8")


def _string(text: str) -> str:
    """An HCL string literal: JSON escaping, and `${`/`%{` kept literal."""
    return json.dumps(text, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")


def _block(assessment: Assessment, reason: str, ticket: str | None, expires: datetime) -> str:
    change = assessment.change
    actions = ", ".join(_string(a) for a in change.actions)
    recovery = assessment.recovery.status if assessment.recovery else None
    note = (
        "  # no backup survives this plan: needs the larger number of approvers\n"
        if (recovery == "lost")
        else ""
    )
    lines = [
        "\napproval {\n",
        note,
        f"  address     = {_string(change.address)}\n",
        f"  actions     = [{actions}]\n",
        f"  fingerprint = {_string(str(assessment.fingerprint))}\n",
        f"  reason      = {_string(reason)}\n",
        f"  ticket      = {_string(ticket)}\n" if ticket else "",
        f"  expires     = {_string(iso(expires))}\n",
        "  approved_by = [\n",
        "  ]\n",
        "}\n",
    ]
    return "".join(lines)


def next_steps(path: Path, added: list[Assessment]) -> str:
    if not added:
        return f"Nothing to add: every destructive change already has an entry in {path}."
    names = "\n".join(f"  {a.change.key} [{', '.join(a.change.actions)}]" for a in added)
    return (
        f"Added {len(added)} approval stub(s) to {path}:\n{names}\n\n"
        "Next:\n"
        "  1. Fill in each reason, commit the file and open a pull request.\n"
        "  2. Each approver adds their own email to approved_by, on its own line, in a commit\n"
        "     they author (git blame must show them); nobody approves their own request.\n"
        "  3. Run `tfguard check` again on the same plan once the approvals are committed."
    )


def lint(path: Path, now: datetime) -> list[str]:
    """Problems a reviewer should fix; an invalid file raises ApprovalError (exit 2)."""
    text, entries = load_text(path)
    spans = locate(text, len(entries))
    problems: list[str] = []
    for entry, span in zip(entries, spans, strict=True):
        label = f"approval #{entry.index + 1} ({entry.address})"
        if entry.expires <= now:
            problems.append(f"{label}: expired at {iso(entry.expires)}")
        if entry.reason.startswith("TODO"):
            problems.append(f"{label}: the reason is still the TODO placeholder")
        shared = {
            n for n, line in span.approvers.items() if list(span.approvers.values()).count(line) > 1
        }
        if shared:
            problems.append(
                f"{label}: put each approver on its own line (git blame must tell who added "
                f"whom): {', '.join(sorted(shared))}"
            )
        missing = [n for n in entry.approved_by if n not in span.approvers]
        if missing:
            problems.append(f"{label}: cannot find the lines of {', '.join(missing)}")
    return problems
