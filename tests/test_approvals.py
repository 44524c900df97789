"""Approvals without git: fingerprints, the file format, matching and expiry (pure functions)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import NOW, covered, entry_text, parsed_entry, plan_document, resource_change
from tfguard.errors import ApprovalError
from tfguard.judge import approvals, verdict
from tfguard.model import ApprovalSet, Assessment, EntryProvenance
from tfguard.read import plan, rulebook

BOOK = rulebook.load()
DB = {
    "identifier": "orders",
    "arn": "arn:aws:rds:db:orders",
    "skip_final_snapshot": False,
    "final_snapshot_identifier": "orders-final",
    "delete_automated_backups": False,
}


def destructive(
    before: dict[str, Any] | None = None, actions: list[str] | None = None, **extra: Any
) -> Assessment:
    change = resource_change(
        "aws_db_instance.orders", actions or ["delete"], before or DB, None, **extra
    )
    parsed = plan.parse(json.dumps(plan_document(change)).encode(), "p.json")
    [assessment] = verdict.decide([parsed], BOOK).assessments
    return assessment


def test_fingerprint_is_stable_across_replans() -> None:
    assert destructive().fingerprint == destructive(dict(DB)).fingerprint
    assert (destructive().fingerprint or "").startswith("sha256:")


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(
            lambda: destructive({**DB, "arn": "arn:aws:rds:db:orders-2"}), id="other-object"
        ),
        pytest.param(lambda: destructive(actions=["delete", "create"]), id="other-actions"),
        pytest.param(
            lambda: destructive({**DB, "skip_final_snapshot": True}), id="other-protection"
        ),
        pytest.param(lambda: destructive(deposed="00ab"), id="deposed-object"),
    ],
)
def test_fingerprint_differs_when_the_change_differs(other) -> None:
    assert other().fingerprint != destructive().fingerprint


def test_fingerprint_ignores_sensitive_values() -> None:
    sensitive = destructive({**DB, "password": "a"}, before_sensitive={"password": True})
    other = destructive({**DB, "password": "b"}, before_sensitive={"password": True})
    assert sensitive.fingerprint == other.fingerprint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (entry_text(expires="2026-12-01T00:00:00"), "has no time zone"),
        (entry_text(expires="next tuesday"), "is not an ISO 8601 timestamp"),
        (entry_text(address="aws_db_instance.*"), "wildcards are not allowed"),
        (entry_text(address="module.db[*].aws_db_instance.x"), "wildcards are not allowed"),
        (entry_text(fingerprint="md5:abc"), "fingerprint"),
        (entry_text(actions="delete"), "actions"),
        (entry_text(reason=None), "'reason' is a required property"),
        (entry_text(colour="red"), "Additional properties are not allowed ('colour'"),
        (entry_text() + entry_text(), "approval #2 duplicates approval #1"),
        ("approval {\n", "not valid HCL"),
        ('approver {\n  a = "b"\n}\n', "Additional properties are not allowed ('approver'"),
    ],
)
def test_bad_approval_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "tfguard-approvals.hcl"
    path.write_text(text)
    with pytest.raises(ApprovalError) as caught:
        approvals.load(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_json_approval_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "approvals.json"
    path.write_text(
        json.dumps(
            {
                "approval": [
                    {
                        "address": "aws_db_instance.orders",
                        "actions": ["delete"],
                        "fingerprint": "sha256:" + "1" * 64,
                        "reason": "r",
                        "expires": "2026-12-01T00:00:00+01:00",
                        "approved_by": [],
                    }
                ]
            }
        )
    )
    [entry] = approvals.load(path)
    assert entry.expires == datetime(2026, 11, 30, 23, tzinfo=timezone.utc)


def test_huge_approval_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.hcl"
    path.write_text("# " + "x" * 9_000_000)
    with pytest.raises(ApprovalError, match="larger than"):
        approvals.load(path)


def test_a_matching_entry_approves() -> None:
    coverage = covered(destructive())
    assert coverage.status == "approved" and coverage.approvers == ("alice@example.com",)


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"expires": "2026-11-27T11:00:00Z"}, "expired"),
        ({"expires": "2027-01-01T00:00:00Z"}, "too-long"),
        ({"actions": ["delete", "create"]}, "actions-differ"),
        ({"approved_by": []}, "not-enough-approvers"),
    ],
)
def test_entries_that_do_not_cover(fields: dict[str, Any], status: str) -> None:
    assert covered(destructive(), **fields).status == status


def test_hand_edited_fingerprint_does_not_cover() -> None:
    assessment = destructive()
    entries = approvals.parse({"approval": [parsed_entry(entry_text())]}, "a.hcl")
    approval_set = ApprovalSet("a.hcl", entries, (EntryProvenance(("alice@example.com",), ()),))
    assert approvals.cover(assessment, approval_set, approvals.Policy(), NOW).status == (
        "fingerprint-mismatch"
    )


def test_lost_recovery_needs_two_approvers() -> None:
    lost = destructive({**DB, "skip_final_snapshot": True, "delete_automated_backups": True})
    assert lost.recovery is not None and lost.recovery.status == "lost"
    one = covered(lost)
    assert one.status == "not-enough-approvers" and "needs 2 approver(s)" in one.detail
    two = covered(lost, approved_by=["alice@example.com", "bob@example.com"])
    assert two.status == "approved"


def test_allowed_approvers_list() -> None:
    policy = approvals.Policy(allowed_approvers=frozenset({"bob@example.com"}))
    coverage = covered(destructive(), policy)
    assert coverage.status != "approved"
    assert "alice@example.com is not on the allowed approvers list" in coverage.detail


def test_same_person_twice_counts_once() -> None:
    lost = destructive({**DB, "skip_final_snapshot": True, "delete_automated_backups": True})
    assert (
        covered(lost, approved_by=["alice@example.com", "ALICE@example.com"]).status != "approved"
    )


@pytest.mark.parametrize(
    ("text", "duration"),
    [("72h", timedelta(hours=72)), ("7d", timedelta(days=7)), ("90m", timedelta(minutes=90))],
)
def test_durations(text: str, duration: timedelta) -> None:
    assert approvals.parse_duration(text, "x") == duration


def test_bad_duration() -> None:
    with pytest.raises(ApprovalError, match="not a duration"):
        approvals.parse_duration("soon", "--expires-in")


def test_approve_refuses_to_append_hcl_to_a_json_file(run, tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(
        json.dumps(plan_document(resource_change("aws_db_instance.orders", ["delete"], DB, None)))
    )
    target = tmp_path / "approvals.json"
    target.write_text('{"approval": []}')
    result = run("approve", plan_path, "--approvals", target, "--allow-unversioned-approvals")
    assert result.exit_code == 2 and "writes HCL entries" in result.stderr
    assert target.read_text() == '{"approval": []}'


def test_a_re_created_object_with_the_same_name_needs_a_new_approval() -> None:
    """Attack 7: RDS gives each incarnation its own resource_id; the name stays the same."""
    first = destructive({**DB, "resource_id": "db-AAAAAAAAAAAAAAAAAAAAAAAAAA"})
    again = destructive({**DB, "resource_id": "db-BBBBBBBBBBBBBBBBBBBBBBBBBB"})
    assert first.fingerprint != again.fingerprint
    created = destructive({**DB, "creation_time": "2026-01-01T00:00:00Z"})
    assert created.fingerprint != destructive(DB).fingerprint
