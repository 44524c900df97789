"""The approver's and the requester's day in real git repositories: stubs that say who must
approve, `approvals sign` (one command per approver), `approvals prune`, lint warnings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.gitrepo import ALICE, BOB, DB, LOST_DB, REQUESTER, Repo, check, repo, write_plan

__all__ = ["repo"]  # the fixture


def request(run, repo: Repo, *args: str) -> None:
    result = run("approve", "plan.json", "--reason", "decommission orders", *args)
    assert result.exit_code == 0, result.stderr
    repo.commit("request approval", REQUESTER)


def sign_as(run, repo: Repo, who: str, *args: str):
    repo.git("config", "user.email", who)
    repo.git("config", "user.name", who.split("@")[0])
    return run("approvals", "sign", *args)


def two_changes(repo: Repo) -> None:
    plan = json.loads((repo.path / "plan.json").read_text())
    second = json.loads(json.dumps(plan["resource_changes"][0]))
    second["address"] = second["name"] = "replica"
    second["address"] = "aws_db_instance.replica"
    second["change"]["before"] = {**DB, "identifier": "replica"}
    plan["resource_changes"].append(second)
    (repo.path / "plan.json").write_text(json.dumps(plan))


# --- approve: stubs that say who must approve ----------------------------------------------


def test_stub_says_how_many_approvers_and_which_identity(run, repo: Repo) -> None:
    result = run("approve", "plan.json", "--reason", "decommission orders")
    text = repo.approvals.read_text()
    assert "# needs 1 approver(s); each adds their git email" in text
    assert "TODO" not in text and "Fill in each reason" not in result.stdout
    assert "needs 1 approver(s)" in result.stdout
    assert "tfguard approvals sign" in result.stdout


def test_stub_for_a_lost_change_needs_two_and_without_reason_asks_for_one(run, repo: Repo) -> None:
    write_plan(repo.path / "plan.json", LOST_DB)
    result = run("approve", "plan.json")
    text = repo.approvals.read_text()
    assert "# needs 2 approver(s) (no backup survives this plan)" in text
    assert 'reason      = "TODO: say why this change is intended"' in text
    assert "Fill in each reason" in result.stdout


def test_stub_names_the_signing_key_at_signed(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "signed"\n}\n')
    repo.commit("config", BOB)
    run("approve", "plan.json", "--reason", "r")
    assert "in a commit signed with their own key" in repo.approvals.read_text()


def test_approvals_flag_creates_the_file_there(run, repo: Repo) -> None:
    target = repo.path / "approvals" / "prod.hcl"
    result = run("approve", "plan.json", "--approvals", str(target), "--reason", "r")
    assert result.exit_code == 0, result.stderr
    assert "approval {" in target.read_text()
    assert not repo.approvals.exists()


# --- approvals sign ---------------------------------------------------------------------------


def test_one_sign_per_approver_covers_every_entry(run, repo: Repo) -> None:
    two_changes(repo)
    request(run, repo)
    first = sign_as(run, repo, ALICE)
    assert first.exit_code == 0, first.stderr
    assert f"Added {ALICE} to 2 entries" in first.stdout and "Committed " in first.stdout
    assert check(run).exit_code == 0
    log = repo.git("log", "-1", "--format=%ae %s")
    assert log.strip() == f"{ALICE} Approve 2 tfguard change(s) as {ALICE}"
    again = sign_as(run, repo, ALICE)
    assert again.exit_code == 0 and "nothing to sign" in again.stdout


def test_two_signers_approve_a_lost_change(run, repo: Repo) -> None:
    write_plan(repo.path / "plan.json", LOST_DB)
    request(run, repo)
    sign_as(run, repo, ALICE)
    assert check(run).exit_code == 1
    assert sign_as(run, repo, BOB).exit_code == 0
    assert check(run).exit_code == 0


def test_sign_with_a_plan_signs_only_its_entries(run, repo: Repo) -> None:
    two_changes(repo)
    request(run, repo)
    write_plan(repo.path / "only-orders.json", DB)
    result = sign_as(run, repo, ALICE, "only-orders.json")
    assert result.exit_code == 0, result.stderr
    assert "to 1 entry" in result.stdout and "aws_db_instance.orders" in result.stdout
    assert "replica" not in result.stdout


def test_sign_skips_expired_entries(run, repo: Repo) -> None:
    request(run, repo, "--expires-in", "1h")
    result = sign_as(run, repo, ALICE, "--now", "2026-11-28T00:00:00Z")
    assert result.exit_code == 0 and "nothing to sign" in result.stdout
    assert ALICE not in repo.approvals.read_text()


def test_sign_refuses_over_uncommitted_edits(run, repo: Repo) -> None:
    request(run, repo)
    repo.approvals.write_text(repo.approvals.read_text() + "\n# edited\n")
    result = sign_as(run, repo, ALICE)
    assert result.exit_code == 2 and "has uncommitted changes" in result.stderr


def test_sign_by_the_requester_does_not_approve(run, repo: Repo) -> None:
    request(run, repo)
    assert sign_as(run, repo, REQUESTER).exit_code == 0
    assert check(run).exit_code == 1


def test_sign_at_signed_level_signs_the_commit(run, repo: Repo, tmp_path: Path) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "signed"\n}\n')
    repo.commit("config", BOB)
    request(run, repo)
    key = tmp_path / "alice_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", ALICE, "-f", str(key)], check=True
    )
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(key))
    result = sign_as(run, repo, ALICE)
    assert result.exit_code == 0, result.stderr
    assert "(signed)" in result.stdout
    assert repo.git("log", "-1", "--format=%G?").strip() in {"G", "U", "N"}  # signature present
    assert "SSH SIGNATURE" in repo.git("cat-file", "-p", "HEAD")


def test_sign_without_a_git_identity(run, repo: Repo) -> None:
    request(run, repo)
    result = run("approvals", "sign")
    assert result.exit_code == 2 and "git config user.email" in result.stderr


def test_sign_refuses_at_reviewed(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "reviewed"\n}\n')
    request(run, repo)
    result = sign_as(run, repo, ALICE)
    assert result.exit_code == 2 and "approve the pull/merge request" in result.stderr


# --- approvals prune and lint -----------------------------------------------------------------


def test_prune_removes_expired_and_uncovered_entries_only(run, repo: Repo) -> None:
    two_changes(repo)
    repo.approvals.write_text("# header kept\n")
    request(run, repo)
    request_text = repo.approvals.read_text()
    write_plan(repo.path / "only-orders.json", DB)
    result = run("approvals", "prune", "only-orders.json")
    assert result.exit_code == 0, result.stderr
    assert "aws_db_instance.replica): covers no destructive change" in result.stdout
    text = repo.approvals.read_text()
    assert text.startswith("# header kept\n") and "replica" not in text
    assert "aws_db_instance.orders" in text and text in request_text
    later = run("approvals", "prune", "--now", "2026-12-30T00:00:00Z")
    assert "expired at" in later.stdout
    assert "approval {" not in repo.approvals.read_text()
    assert run("approvals", "prune").stdout.endswith("nothing to prune\n")


def test_lint_warns_on_expired_entries_and_points_at_prune(run, repo: Repo) -> None:
    request(run, repo, "--expires-in", "1h")
    result = run("approvals", "lint", "--now", "2026-11-28T00:00:00Z")
    assert result.exit_code == 0
    assert (
        "warning: approval #1 (aws_db_instance.orders): expired at 2026-11-27T13:00:00Z; "
        "`tfguard approvals prune` removes it" in result.stdout
    )


def test_pre_commit_hook_runs_only_on_the_approval_file() -> None:
    import re

    import yaml

    from tests.helpers import REPO

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    files = re.compile(hook["files"])
    assert files.search("tfguard-approvals.hcl")
    assert files.search("infra/tfguard-approvals.hcl")
    assert not files.search("terragrunt.hcl") and not files.search("rules/aws.hcl")
