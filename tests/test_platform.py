"""GitHub and GitLab clients against fake API servers on 127.0.0.1 (tests/platform_fakes.py):
which reviews count at `reviewed`, pagination, and every API failure as a one-line error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.platform_fakes import FakeGitHub, FakeGitLab, serve
from tfguard.errors import PlatformError
from tfguard.judge import reviews
from tfguard.platform import context, http

HEAD, OLD, MERGE = "a" * 40, "b" * 40, "c" * 40


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())  # type: ignore[misc]


@pytest.fixture
def gitlab() -> Iterator[FakeGitLab]:
    yield from serve(FakeGitLab())  # type: ignore[misc]


def github_env(fake: FakeGitHub, tmp_path: Path, event: dict[str, object]) -> dict[str, str]:
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps(event))
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_API_URL": fake.url,
        "GITHUB_REPOSITORY": fake.repo,
        "GITHUB_TOKEN": "ghs_test",
        "GITHUB_EVENT_PATH": str(payload),
    }


def gitlab_env(fake: FakeGitLab, iid: int | None = 7) -> dict[str, str]:
    env = {
        "GITLAB_CI": "true",
        "CI_API_V4_URL": fake.api,
        "CI_PROJECT_ID": str(fake.project),
        "CI_COMMIT_SHA": MERGE,
        "TFGUARD_GITLAB_TOKEN": "glpat-test",
    }
    if iid is not None:
        env["CI_MERGE_REQUEST_IID"] = str(iid)
    return env


def pr_event(number: int = 5, head: str = HEAD) -> dict[str, object]:
    return {"pull_request": {"number": number, "head": {"sha": head}}}


def judged(env: dict[str, str], allowed: tuple[str, ...] = ("alice", "bob", "carol")) -> list[str]:
    request = context.pull_request(context.detect(env))
    return list(reviews.judge(request, allowed).approvers)


def notes(env: dict[str, str], allowed: tuple[str, ...] = ("alice", "bob", "carol")) -> list[str]:
    request = context.pull_request(context.detect(env))
    return list(reviews.judge(request, allowed).notes)


# --- GitHub: which reviews count ----------------------------------------------------------------


def test_two_approvals_on_the_head_count_across_pages(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(
        5,
        "dave",
        HEAD,
        [
            ("carol", "COMMENTED", HEAD),
            ("alice", "APPROVED", HEAD),
            ("eve", "COMMENTED", HEAD),
            ("mallory", "COMMENTED", HEAD),
            ("bob", "APPROVED", HEAD),  # on the third page
        ],
    )
    env = github_env(github, tmp_path, pr_event())
    assert judged(env) == ["alice", "bob"]
    pages = [r for r in github.requests if r[1].endswith("/pulls/5/reviews")]
    assert len(pages) == 3
    assert all(r[2]["Authorization"] == "Bearer ghs_test" for r in github.requests)


def test_an_approval_on_an_older_head_does_not_count(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(5, "dave", HEAD, [("alice", "APPROVED", OLD), ("bob", "APPROVED", HEAD)])
    env = github_env(github, tmp_path, pr_event())
    assert judged(env) == ["bob"]
    assert (
        "alice: not counted: approved bbbbbbbb, not the head aaaaaaaa (pushed to since)"
        in notes(env)
    )


def test_changes_requested_or_dismissed_after_approving_voids_it(
    github: FakeGitHub, tmp_path: Path
) -> None:
    github.pull(
        5,
        "dave",
        HEAD,
        [
            ("alice", "APPROVED", HEAD),
            ("bob", "APPROVED", HEAD),
            ("alice", "CHANGES_REQUESTED", HEAD),
            ("bob", "DISMISSED", HEAD),
            ("carol", "CHANGES_REQUESTED", HEAD),
            ("carol", "APPROVED", HEAD),  # a later approval counts again
            ("carol", "COMMENTED", HEAD),  # and a comment does not void it
        ],
    )
    env = github_env(github, tmp_path, pr_event())
    assert judged(env) == ["carol"]
    said = notes(env)
    assert "alice: not counted: their latest review requests changes" in said
    assert "bob: not counted: their approval was dismissed" in said


def test_the_authors_own_approval_and_outsiders_do_not_count(
    github: FakeGitHub, tmp_path: Path
) -> None:
    github.pull(5, "alice", HEAD, [("alice", "APPROVED", HEAD), ("mallory", "APPROVED", HEAD)])
    env = github_env(github, tmp_path, pr_event())
    assert judged(env) == []
    said = notes(env)
    assert "alice: not counted: the author of the request cannot approve it" in said
    assert "mallory: not counted: not in allowed_approvers on the protected ref" in said


def test_logins_compare_case_insensitively(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(5, "Dave", HEAD, [("Alice", "APPROVED", HEAD), ("dave", "APPROVED", HEAD)])
    assert judged(github_env(github, tmp_path, pr_event()), ("ALICE", "dave")) == ["alice"]


def test_a_push_after_the_run_started_is_refused(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(5, "dave", HEAD, [("alice", "APPROVED", HEAD)])
    with pytest.raises(PlatformError, match="pushed to since this run started"):
        judged(github_env(github, tmp_path, pr_event(head=OLD)))


def test_pr_flag_overrides_the_event(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(9, "dave", HEAD, [("alice", "APPROVED", HEAD)])
    env = github_env(github, tmp_path, pr_event(number=5))
    request = context.pull_request(context.detect(env, number=9))
    assert request.number == 9 and request.author == "dave"


def test_a_squash_merge_is_found_from_the_pushed_commit(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(
        5, "dave", HEAD, [("alice", "APPROVED", HEAD), ("bob", "APPROVED", HEAD)], merged_as=MERGE
    )
    env = github_env(github, tmp_path, {"after": MERGE, "ref": "refs/heads/main"})
    assert judged(env) == ["alice", "bob"]
    assert any(r[1] == f"/repos/acme/infra/commits/{MERGE}/pulls" for r in github.requests)


def test_a_pull_request_merged_into_another_branch_does_not_cover_a_push(
    github: FakeGitHub, tmp_path: Path
) -> None:
    github.pull(5, "dave", HEAD, [("alice", "APPROVED", HEAD)], merged_as=MERGE)  # into main
    env = github_env(github, tmp_path, {"after": MERGE})
    assert judged({**env, "GITHUB_REF": "refs/heads/main"}) == ["alice"]
    with pytest.raises(PlatformError, match="merged into main, not into release where this"):
        judged({**env, "GITHUB_REF": "refs/heads/release"})


def test_a_pushed_commit_that_merged_no_pull_request_is_refused(
    github: FakeGitHub, tmp_path: Path
) -> None:
    github.listing(f"/repos/acme/infra/commits/{OLD}/pulls", lambda: [])
    env = github_env(github, tmp_path, {"after": OLD})
    with pytest.raises(PlatformError, match=r"commit bbbbbbbb is the merge of no merged pull"):
        judged(env)


# --- GitHub: failures are one line, never a pass ---------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "said"),
    [
        (401, {}, "HTTP 401: the token is missing or invalid; set GITHUB_TOKEN"),
        (403, {}, "HTTP 403: the token may not do this; set GITHUB_TOKEN"),
        (
            403,
            {"X_RateLimit_Remaining": "0", "X_RateLimit_Reset": "1796083200"},
            "rate limited until 00:00:00 UTC; rerun the job later",
        ),
        (429, {"Retry_After": "30"}, "HTTP 429: rate limited for 30 s; rerun the job later"),
        (404, {}, "HTTP 404: not found; check the repository, the number and the token's access"),
        (502, {}, "HTTP 502: the server failed; rerun the job later"),
    ],
)
def test_api_errors(
    github: FakeGitHub, tmp_path: Path, status: int, headers: dict[str, str], said: str
) -> None:
    github.pull(5, "dave", HEAD, [("alice", "APPROVED", HEAD)])
    github.fail("/repos/acme/infra/pulls/5/reviews", status, 0.0, **headers)
    with pytest.raises(PlatformError) as error:
        judged(github_env(github, tmp_path, pr_event()))
    message = str(error.value)
    assert message.startswith("GitHub API: GET /repos/acme/infra/pulls/5/reviews failed with")
    assert said in message and "\n" not in message


def test_a_stalled_api_times_out(github: FakeGitHub) -> None:
    github.fail("/slow", 200, delay=2)
    client = http.Api("GitHub", github.url, timeout=0.3)
    with pytest.raises(PlatformError, match=r"GET /slow timed out after 0.3 s; retry the job"):
        client.get("slow")


def test_an_unreachable_api(tmp_path: Path) -> None:
    client = http.Api("GitLab", "http://127.0.0.1:9")
    with pytest.raises(PlatformError, match=r"cannot reach http://127.0.0.1:9 .*check the API URL"):
        client.get("projects")


def test_a_next_page_on_another_host_is_refused(github: FakeGitHub) -> None:
    github.route(
        "GET", "/list", lambda q, b: (200, {"Link": '<https://evil.example/x>; rel="next"'}, [1])
    )
    with pytest.raises(PlatformError, match="refusing to send the token there"):
        http.Api("GitHub", github.url).get_all("list")


def test_an_answer_that_is_not_json(github: FakeGitHub) -> None:
    github.route("GET", "/html", lambda q, b: (200, {}, b"<html>proxy login</html>"))
    with pytest.raises(PlatformError, match=r"GET /html did not answer JSON"):
        http.Api("GitHub", github.url).get("html")
    github.route("GET", "/list", lambda q, b: (200, {}, {"not": "a list"}))
    with pytest.raises(PlatformError, match="did not answer a list"):
        http.Api("GitHub", github.url).get_all("list")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"GITHUB_TOKEN": ""}, "GitHub: no token; set GITHUB_TOKEN"),
        ({"GITHUB_REPOSITORY": ""}, "GITHUB_REPOSITORY is not set"),
        ({"GITHUB_EVENT_PATH": ""}, "GITHUB_EVENT_PATH is not set"),
        ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "cannot read the event payload"),
        ({"GITHUB_ACTIONS": ""}, "not in GitHub Actions or GitLab CI: pass --platform"),
    ],
)
def test_missing_environment(
    github: FakeGitHub, tmp_path: Path, change: dict[str, str], said: str
) -> None:
    env = {**github_env(github, tmp_path, pr_event()), **change}
    with pytest.raises(PlatformError, match=said):
        context.pull_request(context.detect(env))


def test_an_unreadable_event_payload(github: FakeGitHub, tmp_path: Path) -> None:
    env = github_env(github, tmp_path, pr_event())
    Path(env["GITHUB_EVENT_PATH"]).write_text("{not json")
    with pytest.raises(PlatformError, match="cannot read the event payload"):
        context.detect(env)


# --- GitLab ----------------------------------------------------------------------------------


def test_gitlab_approvals_count_when_approvals_reset_on_push(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice", "dave", "mallory"])
    env = gitlab_env(gitlab)
    assert judged(env) == ["alice"]
    said = notes(env)
    assert "dave: not counted: the author of the request cannot approve it" in said
    assert all(r[2]["Private-Token"] == "glpat-test" for r in gitlab.requests)


def test_gitlab_refuses_when_approvals_survive_a_push(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice", "bob"])
    gitlab.settings(reset_on_push=False)
    with pytest.raises(PlatformError, match=r"keeps approvals after a push.*Remove all approvals"):
        judged(gitlab_env(gitlab))


def test_gitlab_finds_the_merge_request_of_a_squash_commit(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice", "bob"], merged_as=MERGE)
    assert judged(gitlab_env(gitlab, iid=None)) == ["alice", "bob"]


def test_gitlab_push_to_another_branch_is_refused(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice"], merged_as=MERGE)
    env = gitlab_env(gitlab, iid=None)
    assert judged({**env, "CI_COMMIT_BRANCH": "main"}) == ["alice"]
    with pytest.raises(PlatformError, match="GitLab merge request #7 merged into main, not into"):
        judged({**env, "CI_COMMIT_BRANCH": "hotfix"})


def test_gitlab_token_variable_is_named_by_the_user(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice"])
    env = {**gitlab_env(gitlab), "TFGUARD_GITLAB_TOKEN": "", "MY_TOKEN": "glpat-mine"}
    with pytest.raises(PlatformError, match="no token in TFGUARD_GITLAB_TOKEN; set the CI/CD"):
        context.detect(env)
    found = context.pull_request(context.detect(env, token_variable="MY_TOKEN"))
    assert found.number == 7


def test_gitlab_api_failure(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, ["alice"])
    gitlab.fail("/api/v4/projects/42/merge_requests/7/approvals", 401)
    with pytest.raises(PlatformError, match="HTTP 401: the token is missing or invalid; set the"):
        judged(gitlab_env(gitlab))


# --- the report comment -----------------------------------------------------------------------


def test_github_comment_is_posted_then_updated(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(5, "dave", HEAD)
    for i in range(3):
        github.add_comment(5, "carol", f"comment {i}")
    github.add_comment(5, "mallory", "<!-- tfguard-report --> fake report")  # a person's
    env = github_env(github, tmp_path, pr_event())
    where = context.detect(env)
    assert context.publish(where, "**BLOCKED** first") == (
        "posted tfguard's comment on pull request #5"
    )
    assert context.publish(where, "**PASS** second") == (
        "updated tfguard's comment on pull request #5"
    )
    bodies = [c["body"] for c in github.comments[5]]
    assert bodies[3] == "<!-- tfguard-report --> fake report"  # never overwritten
    assert bodies[4] == "**PASS** second\n<!-- tfguard-report -->\n"
    assert len(bodies) == 5


def test_gitlab_note_is_posted_then_updated(gitlab: FakeGitLab) -> None:
    gitlab.merge_request(7, "dave", HEAD, [])
    gitlab.add_note(7, "mallory", "<!-- tfguard-report -->")
    where = context.detect(gitlab_env(gitlab))
    context.publish(where, "first\n<!-- tfguard-report -->\n")
    assert context.publish(where, "second\n<!-- tfguard-report -->\n").startswith("updated")
    assert [n["body"] for n in gitlab.notes[7]] == [
        "<!-- tfguard-report -->",
        "second\n<!-- tfguard-report -->\n",
    ]


def test_a_comment_too_long_for_github_is_refused(github: FakeGitHub, tmp_path: Path) -> None:
    github.pull(5, "dave", HEAD)
    where = context.detect(github_env(github, tmp_path, pr_event()))
    with pytest.raises(PlatformError, match="GitHub accepts 65,536"):
        context.publish(where, "x" * 70_000)
    assert github.comments[5] == []


# --- `tfguard comment` --------------------------------------------------------------------------


def test_comment_command(
    run, github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    github.pull(5, "dave", HEAD)
    report = tmp_path / "report.md"
    report.write_text("**PASS**: nothing destructive\n<!-- tfguard-report -->\n")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITLAB_CI", raising=False)
    outside = run("comment", report)
    assert (
        outside.exit_code == 2 and "pass --platform github or --platform gitlab" in outside.stderr
    )
    for key, value in github_env(github, tmp_path, pr_event()).items():
        monkeypatch.setenv(key, value)
    posted = run("comment", report)
    assert posted.exit_code == 0 and posted.stdout == (
        "tfguard: posted tfguard's comment on pull request #5\n"
    )
    assert run("comment", report, "--pr", "5").stdout.startswith("tfguard: updated")
    assert [c["body"] for c in github.comments[5]] == [report.read_text()]
    missing = run("comment", tmp_path / "nope.md")
    assert missing.exit_code == 2 and "nope.md: cannot read it" in missing.stderr
    github.fail("/repos/acme/infra/issues/5/comments", 401)
    failed = run("comment", report)
    assert failed.exit_code == 2 and "HTTP 401: the token is missing or invalid" in failed.stderr
