"""`provenance = "reviewed"` end to end: a real git repository with the approval entries, the
real CLI, and fake GitHub/GitLab APIs on 127.0.0.1 holding the pull request and its reviews."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gitrepo import BOB, LOST_DB, REQUESTER, Repo, check, repo, write_plan
from tests.platform_fakes import FakeGitHub, FakeGitLab, serve

__all__ = ["repo"]  # the fixture

HEAD, OLD, MERGE = "a" * 40, "b" * 40, "c" * 40
PROTECTED = 'approvals {\n  provenance = "reviewed"\n  allowed_approvers = ["alice", "bob"]\n}\n'


@pytest.fixture
def github(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The requester's pull request #5 (head HEAD) with the stubs committed; main's config
    names alice and bob."""
    for fake in serve(FakeGitHub()):
        assert isinstance(fake, FakeGitHub)
        event = tmp_path / "event.json"
        event.write_text(json.dumps({"pull_request": {"number": 5, "head": {"sha": HEAD}}}))
        for key, value in {
            "GITHUB_ACTIONS": "true",
            "GITHUB_API_URL": fake.url,
            "GITHUB_REPOSITORY": fake.repo,
            "GITHUB_TOKEN": "ghs_test",
            "GITHUB_EVENT_PATH": str(event),
        }.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("GITLAB_CI", raising=False)
        fake.protected_config(PROTECTED)
        yield fake


def requested(run, repo: Repo, config: str = PROTECTED) -> None:
    (repo.path / ".tfguard.hcl").write_text(config)
    result = run("approve", "plan.json", "--reason", "decommission orders")
    assert result.exit_code == 0, result.stderr
    assert "Approvers approve the pull request" in result.stdout
    repo.commit("request approval", REQUESTER)


def reviews_of(result) -> list[str]:
    return result.json()["approvals"]["reviews"]


def test_two_allowed_reviewers_on_the_head_approve_a_lost_change(
    run, repo: Repo, github: FakeGitHub
) -> None:
    write_plan(repo.path / "plan.json", LOST_DB)
    requested(run, repo)
    github.pull(5, "agent", HEAD, [("alice", "APPROVED", HEAD), ("bob", "APPROVED", HEAD)])
    result = check(run)
    assert result.exit_code == 0, result.stdout
    assert reviews_of(result)[1:] == [
        "alice: approved aaaaaaaa (counted)",
        "bob: approved aaaaaaaa (counted)",
    ]
    text = run("check", "plan.json")
    assert "review: GitHub pull request #5 (head aaaaaaaa) into main" in text.stdout


def test_one_reviewer_is_not_enough_for_a_lost_change(run, repo: Repo, github: FakeGitHub) -> None:
    write_plan(repo.path / "plan.json", LOST_DB)
    requested(run, repo)
    github.pull(5, "agent", HEAD, [("alice", "APPROVED", HEAD), ("bob", "APPROVED", OLD)])
    result = check(run)
    assert result.exit_code == 1
    [change] = [c for c in result.json()["changes"] if c["classification"] == "destructive"]
    assert "needs 2 approver(s)" in change["approval"]["detail"]
    assert "bob: not counted: approved bbbbbbbb, not the head" in change["approval"]["detail"]


def test_names_in_the_file_do_not_count(run, repo: Repo, github: FakeGitHub) -> None:
    requested(run, repo)
    repo.add_approver("alice", author="alice@example.com")
    github.pull(5, "agent", HEAD, [])
    assert check(run).exit_code == 1


def test_the_pull_requests_own_config_cannot_widen_the_list(
    run, repo: Repo, github: FakeGitHub
) -> None:
    widened = PROTECTED.replace('["alice", "bob"]', '["alice", "bob", "mallory"]')
    requested(run, repo, config=widened)
    github.pull(5, "agent", HEAD, [("mallory", "APPROVED", HEAD)])
    result = check(run)
    assert result.exit_code == 1
    assert "mallory: not counted: not in allowed_approvers on the protected ref" in reviews_of(
        result
    )


def test_the_authors_own_review_does_not_count(run, repo: Repo, github: FakeGitHub) -> None:
    requested(run, repo)
    github.pull(5, "alice", HEAD, [("alice", "APPROVED", HEAD)])
    assert check(run).exit_code == 1


def test_without_a_list_on_the_protected_branch_the_run_is_refused(
    run, repo: Repo, github: FakeGitHub
) -> None:
    requested(run, repo)
    github.pull(5, "agent", HEAD, [("alice", "APPROVED", HEAD)])
    github.protected_config(None)
    result = check(run)
    assert result.exit_code == 2
    assert ".tfguard.hcl on main: not found; provenance `reviewed` needs allowed_approvers" in (
        result.stderr
    )
    github.protected_config('approvals {\n  provenance = "reviewed"\n}\n')
    assert "needs allowed_approvers (platform logins) here" in check(run).stderr


def test_api_failures_are_exit_2_never_a_pass(run, repo: Repo, github: FakeGitHub) -> None:
    requested(run, repo)
    github.pull(5, "agent", HEAD, [("alice", "APPROVED", HEAD)])
    github.fail("/repos/acme/infra/pulls/5/reviews", 403, X_RateLimit_Remaining="0")
    result = check(run)
    assert result.exit_code == 2
    assert result.stderr.startswith("tfguard: error: GitHub API: GET /repos/acme/infra/pulls/5")
    assert "rate limited" in result.stderr and result.stderr.count("\n") == 1


def test_missing_token_is_exit_2(
    run, repo: Repo, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    requested(run, repo)
    monkeypatch.delenv("GITHUB_TOKEN")
    result = check(run)
    assert result.exit_code == 2 and "GitHub: no token; set GITHUB_TOKEN" in result.stderr


def test_after_a_squash_merge_the_pull_request_is_found_from_the_commit(
    run, repo: Repo, github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    requested(run, repo)
    github.pull(5, "agent", HEAD, [("alice", "APPROVED", HEAD)], merged_as=MERGE)
    push = tmp_path / "push.json"
    push.write_text(json.dumps({"after": MERGE, "ref": "refs/heads/main"}))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(push))
    result = check(run)
    assert result.exit_code == 0, result.stdout
    assert reviews_of(result)[0].startswith("GitHub pull request #5")


def test_a_safe_plan_never_asks_the_platform(run, repo: Repo, github: FakeGitHub) -> None:
    (repo.path / ".tfguard.hcl").write_text(PROTECTED)
    repo.commit("config", BOB)
    assert check(run).exit_code == 1  # no entry at all: blocked without an API call
    assert github.requests == []


# --- GitLab -------------------------------------------------------------------------------


@pytest.fixture
def gitlab(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitLab]:
    for fake in serve(FakeGitLab()):
        assert isinstance(fake, FakeGitLab)
        for key, value in {
            "GITLAB_CI": "true",
            "CI_API_V4_URL": fake.api,
            "CI_PROJECT_ID": str(fake.project),
            "CI_MERGE_REQUEST_IID": "7",
            "TFGUARD_GITLAB_TOKEN": "glpat-test",
        }.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        fake.protected_config(PROTECTED)
        yield fake


def test_gitlab_approvals_approve(run, repo: Repo, gitlab: FakeGitLab) -> None:
    requested(run, repo)
    gitlab.merge_request(7, "agent", HEAD, ["bob"])
    result = check(run)
    assert result.exit_code == 0, result.stdout
    assert "bob: approved aaaaaaaa (counted)" in reviews_of(result)


def test_gitlab_refuses_unless_approvals_reset_on_push(run, repo: Repo, gitlab: FakeGitLab) -> None:
    requested(run, repo)
    gitlab.merge_request(7, "agent", HEAD, ["bob"])
    gitlab.settings(reset_on_push=False)
    result = check(run)
    assert result.exit_code == 2 and "keeps approvals after a push" in result.stderr
