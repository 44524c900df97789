"""Approvals in real git repositories with several authors: think like an agent trying to get
its destroy through. Every case runs the real CLI in a temporary repository."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.gitrepo import (
    ALICE,
    BOB,
    DB,
    MALLORY,
    REQUESTER,
    Repo,
    approval_of,
    check,
    repo,
    requested,
    write_plan,
)

__all__ = ["repo"]  # the fixture


def test_a_properly_reviewed_approval_passes(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    result = check(run)
    assert result.exit_code == 0, approval_of(result)
    assert approval_of(result)["approved_by"] == [ALICE]


def test_no_entry_blocks(run, repo: Repo) -> None:
    result = check(run)
    assert result.exit_code == 1 and approval_of(result)["status"] == "missing"


def test_stub_without_approvers_blocks(run, repo: Repo) -> None:
    requested(run, repo)
    result = check(run)
    assert result.exit_code == 1 and approval_of(result)["status"] == "not-enough-approvers"


def test_expired_approval_blocks(run, repo: Repo) -> None:
    requested(run, repo, "--expires-in", "1h")
    repo.add_approver(ALICE)
    result = check(run, "--now", "2026-11-27T14:00:00Z")
    assert result.exit_code == 1 and approval_of(result)["status"] == "expired"


def test_approval_reused_for_a_different_object_at_the_same_address(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    write_plan(repo.path / "plan.json", {**DB, "arn": "arn:aws:rds:us-east-1:1:db:orders-v2"})
    result = check(run)
    assert result.exit_code == 1 and approval_of(result)["status"] == "fingerprint-mismatch"


def test_actions_differ(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    plan = json.loads((repo.path / "plan.json").read_text())
    plan["resource_changes"][0]["change"]["actions"] = ["delete", "create"]
    plan["resource_changes"][0]["change"]["after"] = DB
    (repo.path / "plan.json").write_text(json.dumps(plan))
    result = check(run)
    assert result.exit_code == 1 and approval_of(result)["status"] == "actions-differ"


def test_fingerprint_edited_by_hand(run, repo: Repo) -> None:
    requested(run, repo)
    text = repo.approvals.read_text()
    repo.approvals.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "a" * 64, text))
    repo.commit("tweak", REQUESTER)
    repo.add_approver(ALICE)
    assert approval_of(check(run))["status"] == "fingerprint-mismatch"


def test_uncommitted_edit_blocks(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    repo.approvals.write_text(repo.approvals.read_text() + "\n# harmless?\n")
    result = check(run)
    assert result.exit_code == 1
    assert "uncommitted changes" in approval_of(result)["detail"]


def test_requester_approving_their_own_change(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(REQUESTER)
    result = check(run)
    assert result.exit_code == 1 and "self-approval" in approval_of(result)["detail"]


def test_approver_name_added_by_someone_elses_commit(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE, author=MALLORY)
    result = check(run)
    assert result.exit_code == 1
    assert f"{ALICE} was added by {MALLORY}'s commit" in approval_of(result)["detail"]


def test_entry_changed_after_approval(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    text = repo.approvals.read_text()
    repo.approvals.write_text(text.replace('"2026-11-30T12:00:00Z"', '"2026-12-01T00:00:00Z"'))
    repo.commit("extend", REQUESTER)
    result = check(run)
    assert result.exit_code == 1 and f"after {ALICE} approved it" in approval_of(result)["detail"]


def test_too_few_approvers_for_a_lost_change(run, repo: Repo) -> None:
    write_plan(
        repo.path / "plan.json",
        {**DB, "skip_final_snapshot": True, "delete_automated_backups": True},
    )
    requested(run, repo)
    repo.add_approver(ALICE)
    result = check(run)
    assert result.exit_code == 1 and "needs 2 approver(s)" in approval_of(result)["detail"]
    repo.add_approver(BOB)
    assert check(run).exit_code == 0


def test_approver_not_on_the_allowed_list(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text(
        f'approvals {{\n  provenance = "authored"\n  allowed_approvers = ["{BOB}"]\n}}\n'
    )
    repo.commit("config", BOB)
    requested(run, repo)
    repo.add_approver(ALICE)
    result = check(run)
    assert (
        result.exit_code == 1
        and "not on the allowed approvers list" in approval_of(result)["detail"]
    )


def test_approval_file_outside_git_needs_the_flag(run, tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    write_plan(outside / "plan.json", DB)
    assert run("approve", "plan.json", "--reason", "r").exit_code == 0
    text = (outside / "tfguard-approvals.hcl").read_text()
    (outside / "tfguard-approvals.hcl").write_text(
        text.replace("approved_by = [\n", f'approved_by = [\n    "{ALICE}",\n')
    )
    blocked = check(run)
    assert blocked.exit_code == 1 and "not in a git work tree" in approval_of(blocked)["detail"]
    allowed = check(run, "--allow-unversioned-approvals")
    assert allowed.exit_code == 0
    assert allowed.json()["approvals"]["authoritative"] is False
    assert "NOT authoritative" in run("check", "plan.json", "--allow-unversioned-approvals").stdout


def test_flag_cannot_lower_the_configured_level(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "signed"\n}\n')
    repo.commit("config", BOB)
    result = run("check", "plan.json", "--provenance", "committed")
    assert result.exit_code == 2 and "would lower the level signed" in result.stderr


def test_signed_level_blocks_unsigned_commits(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    result = check(run, "--provenance", "signed")
    assert result.exit_code == 1 and "has no valid signature" in approval_of(result)["detail"]


def test_shallow_clone_is_named(run, repo: Repo, tmp_path: Path, monkeypatch) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    write_plan(clone / "plan.json", DB)
    monkeypatch.chdir(clone)
    result = check(run)
    assert result.exit_code == 1 and "fetch-depth: 0" in approval_of(result)["detail"]


def test_merged_level_accepts_a_squash_merge_into_the_protected_ref(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text(
        'approvals {\n  provenance = "merged"\n  protected_ref = "main"\n}\n'
    )
    repo.commit("config", BOB)
    repo.git("checkout", "-q", "-b", "pr")
    requested(run, repo)
    repo.add_approver(ALICE)
    unmerged = check(run)
    assert unmerged.exit_code == 1 and "is not merged into main" in approval_of(unmerged)["detail"]
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "pr")
    repo.commit("Squash: decommission orders (#12)", BOB)
    assert check(run).exit_code == 0


def test_stale_approvals_are_listed_not_blocking(run, repo: Repo) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    write_plan(repo.path / "plan.json", {**DB})
    plan = json.loads((repo.path / "plan.json").read_text())
    plan["resource_changes"][0]["change"]["actions"] = ["no-op"]
    plan["resource_changes"][0]["change"]["after"] = DB
    (repo.path / "plan.json").write_text(json.dumps(plan))
    result = check(run)
    assert result.exit_code == 0
    assert result.json()["stale_approvals"][0]["address"] == "aws_db_instance.orders"


def test_approve_keeps_existing_entries_and_comments(run, repo: Repo) -> None:
    repo.approvals.write_text("# reviewed by the platform team\n")
    repo.commit("header", BOB)
    requested(run, repo)
    text = repo.approvals.read_text()
    assert text.startswith("# reviewed by the platform team\n")
    assert "approved_by = [\n  ]" in text
    again = run("approve", "plan.json")
    assert "Nothing to add" in again.stdout and repo.approvals.read_text() == text


def test_lint(run, repo: Repo) -> None:
    requested(run, repo, "--expires-in", "1h")
    result = run("approvals", "lint", "--now", "2026-11-28T00:00:00Z")
    assert result.exit_code == 0 and "warning: " in result.stdout  # expired: a warning
    assert "expired at 2026-11-27T13:00:00Z" in result.stdout
    assert run("approvals", "lint").exit_code == 0


def test_audit_log_records_each_decision(run, repo: Repo, tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    requested(run, repo)
    repo.add_approver(ALICE)
    check(run, "--audit-log", str(log))
    check(run, "--audit-log", str(log), "--now", "2026-12-30T00:00:00Z")
    first, second = (json.loads(line) for line in log.read_text().splitlines())
    assert (first["verdict"], second["verdict"]) == ("pass", "block")
    assert first["changes"][0]["approvers"] == [ALICE]
    assert first["plans"][0]["sha256"] and first["tfguard_version"]
