"""Single use: the ledger of approvals an apply has used, so none covers a second destroy.

An approval entry binds an address, actions, a fingerprint and an expiry. For types identified
by their name alone (an S3 bucket) a re-created object has the same fingerprint, so without a
record the entry would cover deleting the new object too until it expires. `tfguard apply` and
`destroy` (the wrapper) append each entry they are about to rely on to the ledger *before*
terraform applies; every later judgement with the same ledger treats those entries as spent.

The ledger is a JSON-lines file the pipeline keeps, outside the work tree (a file the change
under review could edit or delete would prove nothing): tfguard refuses one inside the work
tree, and a named ledger that does not exist (create it empty once) rather than start afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tfguard import audit, clock
from tfguard.errors import ConfigError
from tfguard.model import Approval

Key = tuple[str, tuple[str, ...], str, str]


def key(entry: Approval) -> Key:
    """The binding fields of an entry: a new entry (another expiry) is a new approval."""
    expires = entry.expires.astimezone(timezone.utc).isoformat()
    return (entry.address, tuple(entry.actions), entry.fingerprint, expires)


def _key_of(record: Mapping[str, Any]) -> Key:
    actions = record["actions"]
    if not isinstance(actions, list):
        raise TypeError("actions")
    expires = datetime.fromisoformat(str(record["expires"])).astimezone(timezone.utc).isoformat()
    return (str(record["address"]), tuple(map(str, actions)), str(record["fingerprint"]), expires)


def where(path: Path, work_tree: Path | None) -> Path:
    """The ledger's path, refused when the change under review could edit it."""
    resolved = path.expanduser().resolve()
    if work_tree is not None and resolved.is_relative_to(work_tree):
        raise ConfigError(
            f"the ledger {path} is inside the work tree, where the requester can change or "
            "delete it: keep it where only the pipeline writes"
        )
    if not resolved.is_file():
        raise ConfigError(
            f"the ledger {path} does not exist: create it empty once (`touch {path}`); a "
            "missing ledger is never taken as an empty one"
        )
    return resolved


def spent(path: Path, work_tree: Path | None) -> dict[Key, str]:
    """Entries an apply already used, with when (the first use)."""
    found: dict[Key, str] = {}
    try:
        text = where(path, work_tree).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the ledger {path} cannot be read: {exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            found.setdefault(_key_of(record), str(record["time"]))
        except (ValueError, KeyError, TypeError):
            raise ConfigError(f"the ledger {path}, line {number}: not a ledger record") from None
    return found


def use(path: Path, work_tree: Path | None, entries: Iterable[Approval], plan: str) -> None:
    """Record, before the apply, that these entries are used by it."""
    target = where(path, work_tree)
    now = clock.now().isoformat()
    for entry in dict.fromkeys(entries):
        address, actions, fingerprint, expires = key(entry)
        audit.append(
            target,
            {
                "time": now,
                "address": address,
                "actions": list(actions),
                "fingerprint": fingerprint,
                "expires": expires,
                "approved_by": list(entry.approved_by),
                "plan": plan,
            },
            what="the ledger",
        )
