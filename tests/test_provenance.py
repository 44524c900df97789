"""Approvals in real git repositories with several authors: think like an agent trying to get
its destroy through. Every case runs the real CLI in a temporary repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import resource_change
from tfguard import clock

NOW = "2026-11-27T12:00:00Z"
CLOCK = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
"""The real clock as the tests see it (a --now earlier than the clock never counts)."""
AUTHORED = 'approvals {\n  provenance = "authored"\n}\n'
REQUESTER, ALICE, BOB, MALLORY = (
    "agent@example.com",
    "alice@example.com",
    "bob@example.com",
    "mallory@example.com",
)
DB = {
    "identifier": "orders",
    "arn": "arn:aws:rds:us-east-1:1:db:orders",
    "skip_final_snapshot": False,
    "final_snapshot_identifier": "orders-final",
    "delete_automated_backups": False,
}


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = REQUESTER, date: str = "2026-11-27T10:00:00Z") -> str:
        name = author.split("@")[0]
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": author,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": author,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def commit(self, message: str, author: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, author=author)

    @property
    def approvals(self) -> Path:
        return self.path / "tfguard-approvals.hcl"

    def add_approver(self, name: str, author: str | None = None, entry: int = 0) -> None:
        """Add `name` on its own line to the approved_by list of entry #entry, as `author`."""
        text = self.approvals.read_text()
        spans = [m.end() for m in re.finditer(r"approved_by = \[\n", text)]
        at = spans[entry]
        self.approvals.write_text(text[:at] + f'    "{name}",\n' + text[at:])
        self.commit(f"approve as {name}", author or name)


def write_plan(path: Path, before: dict) -> Path:
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": [resource_change("aws_db_instance.orders", ["delete"], before, None)],
        "configuration": {"root_module": {}},
    }
    path.write_text(json.dumps(plan))
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return make_repo(tmp_path, monkeypatch)


def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository holding the plan of an RDS instance's deletion (plan.json is ignored)."""
    repo = Repo(tmp_path / "infra")
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("TFGUARD_NOW", NOW)
    monkeypatch.setattr(clock, "now", lambda: CLOCK)
    (repo.path / ".tfguard.hcl").write_text(AUTHORED)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    write_plan(repo.path / "plan.json", DB)
    (repo.path / ".gitignore").write_text("plan.json\n")
    repo.commit("infra", REQUESTER)
    return repo


def requested(run, repo: Repo, *args: str) -> None:
    result = run("approve", "plan.json", "--reason", "decommission orders", *args)
    assert result.exit_code == 0, result.stderr
    repo.commit("request approval", REQUESTER)


def approval_of(result) -> dict:
    [change] = [c for c in result.json()["changes"] if c["classification"] == "destructive"]
    return change["approval"]


def check(run, *args: str):
    return run("check", "plan.json", "--format", "json", *args)


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
