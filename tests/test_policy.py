"""The policy comes from the protected ref: a change cannot lower the bar it is judged by, every
report states the policy in force, and a clock override never revives an approval."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.gitrepo import (
    ALICE,
    AUTHORED,
    BOB,
    REQUESTER,
    Repo,
    approval_of,
    check,
    make_repo,
    requested,
)
from tfguard import clock

STRICT = (
    'approvals {\n  provenance = "authored"\n  required = 2\n  max_lifetime = "3d"\n'
    f'  allowed_approvers = ["{ALICE}", "{BOB}"]\n}}\n'
    'rule "store-updated" {\n  class = "destructive"\n}\n'
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """main holds a strict policy; the change under review is on the `pr` branch."""
    repo = make_repo(tmp_path, monkeypatch)
    (repo.path / ".tfguard.hcl").write_text(STRICT)
    repo.commit("policy", BOB)
    repo.git("checkout", "-q", "-b", "pr")
    return repo


def test_a_pull_request_cannot_lower_its_own_policy(run, repo: Repo) -> None:
    """Attack 6: the PR sets `committed` and types a second name itself."""
    (repo.path / ".tfguard.hcl").write_text(
        'approvals {\n  provenance = "committed"\n  required = 1\n  max_lifetime = "30d"\n'
        f'  allowed_approvers = ["{ALICE}", "{BOB}", "{REQUESTER}"]\n}}\n'
    )
    repo.commit("relax", REQUESTER)
    requested(run, repo, "--expires-in", "24h")
    repo.add_approver(ALICE, author=REQUESTER)
    result = check(run, "--protected-ref", "main")
    assert result.exit_code == 1
    assert f"{ALICE} was added by {REQUESTER}'s commit" in approval_of(result)["detail"]
    policy = result.json()["policy"]
    assert (policy["level"], policy["required"]) == ("authored", 2)
    assert policy["max_lifetime"] == "3 days"
    assert policy["allowed_approvers"] == [ALICE, BOB]
    flagged = " ".join(policy["weakening_attempts"])
    for what in (
        "lowers provenance from authored to committed",
        "lowers required from 2 to 1",
        "lengthens max_lifetime",
        f"adds {REQUESTER} to allowed_approvers",
        "drops the rule override(s) store-updated",
    ):
        assert what in flagged
    assert "main:.tfguard.hcl" in policy["source"]


def test_every_report_states_the_policy_and_flags_weakening(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text('approvals {\n  provenance = "committed"\n}\n')
    repo.commit("relax", REQUESTER)
    for fmt in ("text", "markdown"):
        out = run("check", "plan.json", "--format", fmt, "--protected-ref", "main").stdout
        out = " ".join(out.split())
        assert "policy: provenance authored" in out, fmt
        assert "policy: authored trusts commit author emails" in out, fmt
        assert "lowers provenance from authored to committed" in out, fmt


def test_without_a_protected_ref_the_report_says_the_change_can_edit_it(run, repo: Repo) -> None:
    policy = check(run).json()["policy"]
    assert "no protected ref: the change under review can change it" in policy["source"]
    assert policy["trusts"].startswith("commit author emails")


def test_the_protected_ref_can_come_from_the_environment(run, repo: Repo, monkeypatch) -> None:
    monkeypatch.setenv("TFGUARD_PROTECTED_REF", "main")
    assert check(run).json()["policy"]["protected_ref"] == "main"


def test_an_untracked_config_never_counts(run, tmp_path: Path, monkeypatch) -> None:
    repo = make_repo(tmp_path, monkeypatch)
    (repo.path / ".tfguard.hcl").unlink()
    repo.commit("no config", BOB)
    requested(run, repo)
    repo.add_approver(ALICE)
    (repo.path / ".tfguard.hcl").write_text(AUTHORED)  # never committed
    result = check(run)
    assert result.exit_code == 1
    policy = result.json()["policy"]
    assert policy["level"] == "signed"
    assert any("is not committed: ignored" in n for n in policy["weakening_attempts"])


def test_a_config_in_a_subdirectory_is_not_the_policy(run, repo: Repo, monkeypatch) -> None:
    sub = repo.path / "envs" / "prod"
    sub.mkdir(parents=True)
    (sub / ".tfguard.hcl").write_text('approvals {\n  provenance = "committed"\n}\n')
    repo.commit("a local config", REQUESTER)
    monkeypatch.chdir(sub)
    result = run("check", str(repo.path / "plan.json"), "--format", "json")
    assert result.json()["policy"]["level"] == "authored"


def test_levels_that_do_not_include_each_other_are_refused(run, repo: Repo) -> None:
    (repo.path / ".tfguard.hcl").write_text(
        'approvals {\n  provenance = "merged"\n  protected_ref = "main"\n}\n'
    )
    repo.commit("merged", REQUESTER)
    result = run("check", "plan.json", "--protected-ref", "main")
    assert result.exit_code == 2 and "neither includes the other" in result.stderr


def test_a_missing_protected_ref_is_a_usage_error(run, repo: Repo) -> None:
    result = run("check", "plan.json", "--protected-ref", "origin/nope")
    assert result.exit_code == 2 and "protected ref origin/nope not found" in result.stderr


def test_a_protected_ref_without_config_means_the_defaults(run, tmp_path, monkeypatch) -> None:
    repo = make_repo(tmp_path, monkeypatch)
    (repo.path / ".tfguard.hcl").unlink()
    repo.commit("no config", BOB)
    repo.git("checkout", "-q", "-b", "pr")
    (repo.path / ".tfguard.hcl").write_text(AUTHORED)
    repo.commit("authored please", REQUESTER)
    policy = check(run, "--protected-ref", "main").json()["policy"]
    assert policy["level"] == "signed"
    assert "main has no .tfguard.hcl" in policy["source"]


def test_an_earlier_clock_never_revives_an_expired_approval(run, repo: Repo, monkeypatch) -> None:
    """Attack 8: --now / TFGUARD_NOW set back before the expiry."""
    requested(run, repo, "--expires-in", "1h")
    repo.add_approver(ALICE)
    repo.add_approver(BOB)
    assert check(run).exit_code == 0
    later = datetime(2026, 11, 27, 14, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: later)
    result = check(run, "--now", "2026-11-27T12:00:00Z")
    assert result.exit_code == 1 and approval_of(result)["status"] == "expired"


def test_a_later_clock_override_still_expires(run, repo: Repo) -> None:
    requested(run, repo, "--expires-in", "1h")
    repo.add_approver(ALICE)
    result = check(run, "--now", "2026-11-28T00:00:00Z")
    assert approval_of(result)["status"] == "expired"


def test_the_audit_log_records_the_real_time_and_the_override(
    run, repo: Repo, tmp_path: Path, monkeypatch
) -> None:
    requested(run, repo)
    repo.add_approver(ALICE)
    log = tmp_path / "audit.jsonl"
    real = datetime(2026, 11, 27, 13, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: real)
    check(run, "--audit-log", str(log), "--now", "2026-11-27T12:00:00Z")
    [entry] = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["time"] == real.isoformat()
    assert entry["clock_override"] == "2026-11-27T12:00:00+00:00"
