"""GitHub's REST API: the pull request under review (or the one a pushed commit merged), its
reviews, and the report comment. Inside GitHub Actions everything comes from the environment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tfguard.errors import PlatformError
from tfguard.judge.reviews import PullRequest, Review
from tfguard.platform.http import Api
from tfguard.record import record

TOKEN_HINT = (
    "set GITHUB_TOKEN (in the workflow: `env: GITHUB_TOKEN: ${{ github.token }}` with "
    "`permissions: pull-requests: read`, `write` to comment)"
)


@record
class Target:
    """Which pull request a run is about: its number, or the pushed commit to look it up by."""

    number: int | None
    commit: str | None
    event_head: str | None
    """The head commit the triggering event saw (the checkout being judged)."""


def api(env: Mapping[str, str]) -> Api:
    token = env.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise PlatformError(f"GitHub: no token; {TOKEN_HINT}")
    base = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    return Api("GitHub", base, headers, TOKEN_HINT)


def repository(env: Mapping[str, str]) -> str:
    repo = env.get("GITHUB_REPOSITORY", "").strip()
    if repo.count("/") != 1:
        raise PlatformError("GitHub: GITHUB_REPOSITORY is not set to OWNER/NAME")
    return repo


def target(env: Mapping[str, str], number: int | None) -> Target:
    """`--pr`, else the event payload: a pull_request(_review) event names the pull request,
    a push names the commit whose pull request is looked up."""
    if number is not None:
        return Target(number, None, None)
    event = _event(env)
    pull = event.get("pull_request")
    if isinstance(pull, dict) and isinstance(pull.get("number"), int):
        head = pull.get("head", {}).get("sha") if isinstance(pull.get("head"), dict) else None
        return Target(pull["number"], None, head if isinstance(head, str) else None)
    after = event.get("after") or env.get("GITHUB_SHA")
    if isinstance(after, str) and after.strip("0"):
        return Target(None, after, None)
    raise PlatformError(
        "GitHub: the event names no pull request and no pushed commit; pass --pr NUMBER"
    )


def _event(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH", "").strip()
    if not path:
        raise PlatformError("GitHub: GITHUB_EVENT_PATH is not set (not in Actions?); pass --pr")
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlatformError(f"GitHub: cannot read the event payload {path}: {exc}") from None
    if not isinstance(event, dict):
        raise PlatformError(f"GitHub: the event payload {path} is not a JSON object")
    return event


def pull_request(client: Api, repo: str, where: Target) -> PullRequest:
    """The pull request and all its reviews; for a pushed commit, the merged pull request
    whose merge (or squash) commit it is, judged on its final head."""
    number = where.number if where.number is not None else _merged_by(client, repo, where)
    pull = _object(client.get(f"repos/{repo}/pulls/{number}"), "pull request")
    head = _text(pull, "head", "sha")
    if where.event_head is not None and where.event_head != head:
        raise PlatformError(
            f"GitHub: pull request #{number} was pushed to since this run started (head "
            f"{where.event_head[:8]}, now {head[:8]}); the run of the new head decides"
        )
    raw_reviews = client.get_all(f"repos/{repo}/pulls/{number}/reviews")
    reviews = tuple(
        Review(_text(r, "user", "login"), str(r.get("state")), r.get("commit_id"), i)
        for i, r in enumerate(raw_reviews)
        if isinstance(r, dict) and isinstance(r.get("user"), dict)
    )
    return PullRequest(
        "GitHub pull request",
        number,
        str(pull.get("html_url", "")),
        _text(pull, "user", "login"),
        head,
        _text(pull, "base", "ref"),
        reviews,
    )


def _merged_by(client: Api, repo: str, where: Target) -> int:
    sha = str(where.commit)
    pulls = client.get_all(f"repos/{repo}/commits/{sha}/pulls")
    merged = [
        p
        for p in pulls
        if isinstance(p, dict) and p.get("merged_at") and p.get("merge_commit_sha") == sha
    ]
    if len(merged) != 1:
        found = "no merged pull request" if not merged else f"{len(merged)} pull requests"
        raise PlatformError(
            f"GitHub: commit {sha[:8]} is the merge of {found}; reviewed approvals apply only "
            "to the merge (or squash) commit of one reviewed pull request"
        )
    number = merged[0].get("number")
    if not isinstance(number, int):
        raise PlatformError(f"GitHub: the pull request merged as {sha[:8]} has no number")
    return number


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PlatformError(f"GitHub API: the {what} answer is not a JSON object")
    return value


def _text(value: dict[str, Any], *keys: str) -> str:
    found: Any = value
    for key in keys:
        found = found.get(key) if isinstance(found, dict) else None
    if not isinstance(found, str) or not found:
        raise PlatformError(f"GitHub API: the answer has no {'.'.join(keys)}")
    return found


def file_at(client: Api, repo: str, path: str, ref: str) -> str | None:
    """A file's text on a branch as GitHub holds it, or None when it does not exist there."""
    from urllib.parse import quote

    return client.file(f"repos/{repo}/contents/{quote(path)}", {"ref": ref})


# --- the report comment ---------------------------------------------------------------------


def bot_comments(client: Api, repo: str, number: int) -> list[tuple[int, str]]:
    """(id, body) of the comments bots wrote on the pull request's conversation, oldest first:
    the workflow token posts as a bot, and a person's comment is never overwritten."""
    return [
        (c["id"], str(c.get("body") or ""))
        for c in client.get_all(f"repos/{repo}/issues/{number}/comments")
        if isinstance(c, dict)
        and isinstance(c.get("id"), int)
        and (c.get("user") or {}).get("type") == "Bot"
    ]


def post_comment(client: Api, repo: str, number: int, body: str) -> str:
    answer = client.send("POST", f"repos/{repo}/issues/{number}/comments", {"body": body})
    return str((answer or {}).get("html_url", ""))


def update_comment(client: Api, repo: str, comment_id: int, body: str) -> str:
    answer = client.send("PATCH", f"repos/{repo}/issues/comments/{comment_id}", {"body": body})
    return str((answer or {}).get("html_url", ""))
