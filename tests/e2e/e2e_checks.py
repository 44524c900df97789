"""Assertion helpers and paths shared by the e2e test modules.

Importable as ``e2e_checks``: pytest puts this directory on sys.path (no __init__.py here).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXAMPLES = REPO / "examples"
CONFIGS = HERE / "configs"
ORDERS_STACK = EXAMPLES / "incident-replay" / "main.tf"  # the "orders" app stack, as deployed

# Types whose delete/replace loses data (tfguard must call these destructive).
DATA_BEARING_TYPES = frozenset(
    {
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_db_snapshot",
        "aws_s3_bucket",
        "aws_backup_vault",
        "aws_dynamodb_table",
        "aws_ebs_volume",
        "aws_efs_file_system",
        "aws_kms_key",
        "google_sql_database_instance",
        "google_storage_bucket",
    }
)
# Types whose delete/replace is risky but loses no data.
STATELESS_TYPES = frozenset({"aws_instance", "aws_security_group", "aws_iam_role"})


def load_plan(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


def changed_resources(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """address -> resource_change, for the changes tfguard lists by default (not no-op/read)."""
    return {
        rc["address"]: rc
        for rc in plan.get("resource_changes", [])
        if rc["change"]["actions"] not in (["no-op"], ["read"])
    }


def by_address(report: dict[str, Any], plan: str | None = None) -> dict[str, dict[str, Any]]:
    """Index a ``tfguard check --format json`` report's changes by address (of one plan)."""
    out: dict[str, dict[str, Any]] = {}
    for change in report["changes"]:
        if plan is not None and change.get("plan") != plan:
            continue
        assert change["address"] not in out, (
            f"{change['address']} listed twice: {report['changes']}"
        )
        out[change["address"]] = change
    return out


def _sensitive_leaves(value: Any, mask: Any) -> Iterator[Any]:
    if mask is True:
        yield from _all_leaves(value)
    elif isinstance(mask, dict) and isinstance(value, dict):
        for key, sub in mask.items():
            if key in value:
                yield from _sensitive_leaves(value[key], sub)
    elif isinstance(mask, list) and isinstance(value, list):
        for sub_value, sub_mask in zip(value, mask, strict=False):
            yield from _sensitive_leaves(sub_value, sub_mask)


def _all_leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _all_leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _all_leaves(v)
    else:
        yield value


def sensitive_strings(plan: dict[str, Any]) -> set[str]:
    """Every string value Terraform marked sensitive in a plan (before or after).

    ``terraform show -json`` prints sensitive values in plain text, flagged in
    ``before_sensitive``/``after_sensitive``; tfguard must never repeat them.
    """
    found: set[str] = set()
    for rc in plan.get("resource_changes", []):
        change = rc["change"]
        for side in ("before", "after"):
            for leaf in _sensitive_leaves(change.get(side), change.get(f"{side}_sensitive")):
                if isinstance(leaf, str) and len(leaf) >= 6:
                    found.add(leaf)
    return found


def assert_classified(
    report: dict[str, Any], expected: dict[str, str | set[str]], plan: str | None = None
) -> None:
    """Each address has the expected class (or one of a set); non-safe ones carry reasons."""
    changes = by_address(report, plan)
    problems = []
    for address, want in expected.items():
        got = changes.get(address)
        allowed = {want} if isinstance(want, str) else set(want)
        if got is None:
            problems.append(f"{address}: missing from report")
        elif got["classification"] not in allowed:
            problems.append(
                f"{address}: {got['classification']} (want {'/'.join(sorted(allowed))}): "
                f"{got['reasons']}"
            )
    for address, got in changes.items():
        if got["classification"] != "safe" and not got.get("reasons"):
            problems.append(f"{address}: {got['classification']} without reasons")
        problems.extend(
            f"{address}: reason without rule/message: {reason}"
            for reason in got.get("reasons", [])
            if not (reason.get("rule") and reason.get("message"))
        )
    assert not problems, "\n".join(problems)


def assert_summary_consistent(report: dict[str, Any]) -> None:
    """verdict agrees with the unapproved count and with the destructive changes listed."""
    summary = report["summary"]
    assert set(summary) >= {"safe", "risky", "destructive", "approved", "unapproved"}, summary
    listed_unapproved = [
        c["address"]
        for c in report["changes"]
        if c["classification"] == "destructive" and not c["approved"]
    ]
    assert summary["unapproved"] == len(listed_unapproved), (summary, listed_unapproved)
    assert report["verdict"] == ("block" if listed_unapproved else "pass"), report["verdict"]
    for cls in ("risky", "destructive"):
        listed = sum(1 for c in report["changes"] if c["classification"] == cls)
        assert summary[cls] == listed, f"summary[{cls!r}]={summary[cls]} but {listed} listed"
