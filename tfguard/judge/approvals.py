"""The approval file, fingerprints, matching and expiry.

An approval covers exactly one change: same address, same planned actions, same fingerprint,
not expired, within the maximum lifetime, with enough approvers that git vouches for.
Matching, fingerprints and expiry are pure: the clock (`now`) and git's answers
(`provenance.py`) are passed in. `load`/`load_text` read the approval file itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tfguard import attrpath, schemas
from tfguard.address import outside_keys
from tfguard.errors import ApprovalError, DataError
from tfguard.model import (
    Approval,
    ApprovalSet,
    Assessment,
    Coverage,
    CoverageStatus,
    EntryProvenance,
)
from tfguard.record import record

DEFAULT_FILE = "tfguard-approvals.hcl"
MAX_FILE_BYTES = 8_000_000
"""About 20,000 entries as `tfguard approve` writes them; a bigger file is refused, so a check
never stalls CI reading it (the history's cost grows with each version's size)."""

IDENTITY_KEYS = (
    "id",
    "arn",
    "name",
    "identifier",
    "cluster_identifier",
    "bucket",
    "self_link",
    "db_snapshot_identifier",
    "table_name",
    # Generated once per incarnation: a re-created object at the same address and with the
    # same name gets new values, so the old approval stops covering it.
    "resource_id",
    "cluster_resource_id",
    "unique_id",
    "creation_date",
    "creation_time",
    "create_time",
    "create_date",
    "service_account_email_address",
)
"""Attributes of `before` that identify the object being destroyed (whichever are present).
Types identified by their name alone (an S3 bucket) have none of the generated ones: there an
approval covers a re-created object of the same name until it expires (README)."""


def fingerprint(assessment: Assessment) -> str:
    """A hash over what makes this change this change, never over a sensitive value.

    Address, actions, the identity of the object in state, the paths that force a replace, and
    the protection attributes the rules saw change. A fresh plan of the same change gives the
    same fingerprint; another object at the same address, or other actions, give another.
    """
    change = assessment.change
    before = change.before if isinstance(change.before, dict) else {}
    payload = {
        "address": change.address,
        "deposed": change.deposed,
        "actions": list(change.actions),
        "identity": {
            key: before[key]
            for key in IDENTITY_KEYS
            if isinstance(before.get(key), (str, int)) and not isinstance(before.get(key), bool)
        },
        "replace_paths": sorted(attrpath.format(p) for p in change.replace_paths),
        "protection": sorted(list(f.evidence) for f in assessment.findings if f.evidence),
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


# --- reading the file ---------------------------------------------------------------------


def load(path: Path) -> tuple[Approval, ...]:
    """Read and validate an approval file (HCL, or JSON when it ends in .json)."""
    return load_text(path)[1]


def load_text(path: Path) -> tuple[str, tuple[Approval, ...]]:
    """The file's text and its validated entries."""
    text = _read(path)
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ApprovalError(f"{path}: not valid JSON (line {exc.lineno})") from None
    else:
        try:
            from tfguard.read import hcldata  # only when there is an approval file

            document = hcldata.loads(text)
        except DataError as exc:
            raise ApprovalError(f"{path}: not valid HCL at {exc}") from None
    return text, parse(document, str(path))


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ApprovalError(
                f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not an approval file"
            )
        return path.read_bytes().decode("utf-8")  # no newline translation: git sees \r
    except FileNotFoundError:
        raise ApprovalError(f"{path}: no such approval file") from None
    except UnicodeDecodeError:
        raise ApprovalError(f"{path}: not UTF-8 text") from None
    except IsADirectoryError:
        raise ApprovalError(f"{path}: is a directory, not an approval file") from None
    except OSError as exc:
        raise ApprovalError(f"{path}: cannot read: {exc.strerror}") from None


def parse(document: Any, source: str) -> tuple[Approval, ...]:
    if not isinstance(document, dict):
        raise ApprovalError(f"{source}: expected `approval` blocks")
    listed = document.get("approval", [])
    plainly_valid = (
        set(document) <= {"approval"}
        and isinstance(listed, list)
        and all(_plainly_valid(raw) for raw in listed)
    )
    error = None if plainly_valid else schemas.earliest_error("approvals", document)
    if error is not None:
        path = list(error.absolute_path)
        listed = len(path) >= 2 and path[0] == "approval"
        where = f"approval #{int(path[1]) + 1}" if listed else "file"
        field = f" {path[2]}" if len(path) >= 3 else ""
        raise ApprovalError(f"{source}: {where}{field}: {error.message}")
    entries = tuple(_entry(i, raw, source) for i, raw in enumerate(document.get("approval", [])))
    _check_duplicates(entries, source)
    return entries


_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
_LIMITS = {"address": 1024, "reason": 4096, "ticket": 256, "expires": 64}


def _plainly_valid(raw: Any) -> bool:
    """A quick check that is never looser than approvals.schema.json (jsonschema takes ~1 ms
    per entry); anything it does not accept goes to the schema for the exact message."""
    if not isinstance(raw, dict) or not set(raw) <= {
        *_LIMITS,
        "actions",
        "fingerprint",
        "approved_by",
    }:
        return False
    for name, limit in _LIMITS.items():
        value = raw.get(name)
        if value is None and name == "ticket":
            continue
        if not isinstance(value, str) or len(value) > limit or (not value and name != "ticket"):
            return False
    actions, names = raw.get("actions"), raw.get("approved_by")
    fingerprint = raw.get("fingerprint")
    return (
        isinstance(fingerprint, str)
        and _FINGERPRINT.fullmatch(fingerprint) is not None
        and isinstance(actions, list)
        and 1 <= len(actions) <= 2
        and all(isinstance(a, str) and a for a in actions)
        and isinstance(names, list)
        and len(names) <= 50
        and all(isinstance(n, str) and 0 < len(n) <= 256 for n in names)
        and len(set(names)) == len(names)
    )


def _entry(index: int, raw: dict[str, Any], source: str) -> Approval:
    where = f"{source}: approval #{index + 1} ({raw['address']})"
    if _has_wildcard(raw["address"]):
        raise ApprovalError(f"{where}: wildcards are not allowed; name one address exactly")
    return Approval(
        index=index,
        address=raw["address"],
        actions=tuple(raw["actions"]),
        fingerprint=raw["fingerprint"],
        reason=raw["reason"],
        ticket=raw.get("ticket"),
        expires=parse_time(raw["expires"], f"{where}: expires"),
        approved_by=tuple(raw["approved_by"]),
    )


def _has_wildcard(address: str) -> bool:
    """`*` or `?` anywhere but inside a quoted for_each key (`["a*b"]` is a real key)."""
    return any(c in outside_keys(address) for c in "*?")


def parse_time(text: str, where: str) -> datetime:
    """An ISO 8601 timestamp that must carry a time zone (`Z` or `+hh:mm`)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ApprovalError(f'{where}: "{text}" is not an ISO 8601 timestamp') from None
    if value.tzinfo is None:
        raise ApprovalError(
            f'{where}: "{text}" has no time zone; write it like 2026-12-01T00:00:00Z'
        )
    return value.astimezone(timezone.utc)


def _check_duplicates(entries: Sequence[Approval], source: str) -> None:
    seen: dict[tuple[str, tuple[str, ...], str], int] = {}
    for entry in entries:
        key = (entry.address, entry.actions, entry.fingerprint)
        if key in seen:
            raise ApprovalError(
                f"{source}: approval #{entry.index + 1} duplicates approval #{seen[key] + 1} "
                f"({entry.address})"
            )
        seen[key] = entry.index


# --- matching -----------------------------------------------------------------------------


@record
class Policy:
    """The parts of the config that decide whether an approval counts."""

    required: int = 1
    required_lost: int = 2
    allowed_approvers: frozenset[str] | None = None
    max_lifetime: timedelta = timedelta(days=7)


def cover(
    assessment: Assessment, approvals: ApprovalSet, policy: Policy, now: datetime
) -> Coverage:
    """The best answer among the entries for this change's address."""
    if assessment.fingerprint is None:
        raise ValueError("only destructive changes with a fingerprint can be covered")
    candidates = [e for e in approvals.entries if e.address == assessment.change.address]
    if not candidates:
        return Coverage(CoverageStatus.MISSING, "no approval names this address")
    if approvals.problems:
        return Coverage(CoverageStatus.PROVENANCE, "; ".join(approvals.problems), candidates[0])
    answers = [_judge(assessment, e, approvals, policy, now) for e in candidates]
    return min(answers, key=lambda c: _RANK[c.status])


_RANK = {status: rank for rank, status in enumerate(CoverageStatus)}
"""When several entries name one address, the best answer wins: the enum's order, from
`approved` down to `missing`."""


def _judge(
    assessment: Assessment, entry: Approval, approvals: ApprovalSet, policy: Policy, now: datetime
) -> Coverage:
    change = assessment.change
    if entry.actions != change.actions:
        planned = ", ".join(change.actions)
        return Coverage(
            CoverageStatus.ACTIONS_DIFFER,
            f"approval #{entry.index + 1} is for [{', '.join(entry.actions)}], "
            f"the plan does [{planned}]",
            entry,
        )
    if entry.fingerprint != assessment.fingerprint:
        return Coverage(
            CoverageStatus.FINGERPRINT_MISMATCH,
            f"approval #{entry.index + 1} has fingerprint {entry.fingerprint[:19]}…, this "
            f"change is {str(assessment.fingerprint)[:19]}… (a different object, replace reason "
            "or protection change at this address)",
            entry,
        )
    if entry.expires <= now:
        return Coverage(
            CoverageStatus.EXPIRED,
            f"approval #{entry.index + 1} expired at {iso(entry.expires)}",
            entry,
        )
    proof = approvals.provenance[entry.index] if approvals.provenance else None
    added = proof.added_at if proof and proof.added_at else now
    if entry.expires - added > policy.max_lifetime:
        return Coverage(
            CoverageStatus.TOO_LONG,
            f"approval #{entry.index + 1} expires {iso(entry.expires)}, more than "
            f"{duration(policy.max_lifetime)} after it was added",
            entry,
        )
    return _count_approvers(assessment, entry, proof, policy)


def _count_approvers(
    assessment: Assessment, entry: Approval, proof: EntryProvenance | None, policy: Policy
) -> Coverage:
    vouched = proof.approvers if proof else entry.approved_by
    problems = list(proof.problems) if proof else []
    if policy.allowed_approvers is not None:
        outsiders = [n for n in vouched if n.lower() not in policy.allowed_approvers]
        problems += [f"{n} is not on the allowed approvers list" for n in outsiders]
        vouched = tuple(n for n in vouched if n.lower() in policy.allowed_approvers)
    lost = assessment.recovery is not None and assessment.recovery.lost
    needed = policy.required_lost if lost else policy.required
    distinct = tuple(dict.fromkeys(n.lower() for n in vouched))
    if len(distinct) >= needed:
        return Coverage(
            CoverageStatus.APPROVED,
            f"approved by {', '.join(distinct)} until {iso(entry.expires)}",
            entry,
            distinct,
        )
    why = (
        f"needs {needed} approver(s){' (no backup survives this plan)' if lost else ''}, "
        f"has {len(distinct)}"
    )
    status = (
        CoverageStatus.PROVENANCE
        if problems and len(entry.approved_by) >= needed
        else CoverageStatus.NOT_ENOUGH_APPROVERS
    )
    return Coverage(status, "; ".join([why, *problems]), entry, distinct)


def stale(approvals: ApprovalSet, assessments: Sequence[Assessment]) -> tuple[Approval, ...]:
    """Entries that name no destructive change of these plans."""
    wanted = {(a.change.address, a.change.actions) for a in assessments if a.fingerprint}
    return tuple(e for e in approvals.entries if (e.address, e.actions) not in wanted)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"


def parse_duration(text: str, where: str) -> timedelta:
    """`72h`, `7d`, `90m`."""
    match = re.fullmatch(r"\s*(\d+)\s*([dhm])\s*", text)
    if not match:
        raise ApprovalError(f'{where}: "{text}" is not a duration like 72h, 7d or 90m')
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "m": timedelta(minutes=amount),
    }[unit]
