"""GitLab's REST API (v4): the merge request, its approvals, the project's approval rules, and
the report note. Inside GitLab CI the API URL, project and merge request come from CI_*."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tfguard.errors import PlatformError
from tfguard.judge.reviews import PullRequest, Review
from tfguard.platform.http import Api


def api(env: Mapping[str, str], token_variable: str) -> Api:
    hint = (
        f"set the CI/CD variable {token_variable} to a project access token with the "
        "read_api scope (api to comment), masked and protected"
    )
    token = env.get(token_variable, "").strip()
    if not token:
        raise PlatformError(f"GitLab: no token in {token_variable}; {hint}")
    base = env.get("CI_API_V4_URL", "").strip().rstrip("/")
    if not base:
        raise PlatformError("GitLab: CI_API_V4_URL is not set (not in GitLab CI?)")
    return Api("GitLab", base, {"PRIVATE-TOKEN": token}, hint)


def project(env: Mapping[str, str]) -> str:
    found = env.get("CI_PROJECT_ID", "").strip()
    if not found.isdigit():
        raise PlatformError("GitLab: CI_PROJECT_ID is not set")
    return found


def merge_request_iid(env: Mapping[str, str], iid: int | None) -> int | None:
    """`--pr`, else CI_MERGE_REQUEST_IID (merge request pipelines); None on a branch pipeline."""
    if iid is not None:
        return iid
    found = env.get("CI_MERGE_REQUEST_IID", "").strip()
    return int(found) if found.isdigit() else None


def merge_request(client: Api, project_id: str, iid: int | None, commit: str | None) -> PullRequest:
    """The merge request (found from the pushed commit on a branch pipeline) and who approved
    it. GitLab does not record which commit an approval was given on, so approvals count only
    when the project resets them on every push: then each one was given on the current head."""
    settings = _object(client.get(f"projects/{project_id}/approvals"), "approval settings")
    if settings.get("reset_approvals_on_push") is not True:
        raise PlatformError(
            "GitLab: the project keeps approvals after a push, so an approval may be for older "
            "code; enable Settings > Merge requests > Approval settings > 'Remove all approvals "
            "when commits are added to the source branch'"
        )
    if iid is None:
        iid = _merged_by(client, project_id, commit)
    base = f"projects/{project_id}/merge_requests/{iid}"
    request = _object(client.get(base), "merge request")
    head = request.get("sha")
    author = (request.get("author") or {}).get("username")
    target = request.get("target_branch")
    if not isinstance(head, str) or not isinstance(author, str) or not isinstance(target, str):
        raise PlatformError(f"GitLab API: merge request !{iid} has no sha, author or target")
    approvals = _object(client.get(f"{base}/approvals"), "approvals")
    names = [
        user.get("username")
        for entry in approvals.get("approved_by") or []
        if isinstance(entry, dict) and isinstance(user := entry.get("user"), dict)
    ]
    reviews = tuple(
        Review(name, "APPROVED", head, i) for i, name in enumerate(names) if isinstance(name, str)
    )
    return PullRequest(
        "GitLab merge request", iid, str(request.get("web_url", "")), author, head, target, reviews
    )


def _merged_by(client: Api, project_id: str, commit: str | None) -> int:
    if not commit:
        raise PlatformError(
            "GitLab: not a merge request pipeline and no CI_COMMIT_SHA; pass --pr IID"
        )
    found = client.get_all(f"projects/{project_id}/repository/commits/{commit}/merge_requests")
    merged = [
        m
        for m in found
        if isinstance(m, dict)
        and m.get("state") == "merged"
        and commit in (m.get("merge_commit_sha"), m.get("squash_commit_sha"))
    ]
    if len(merged) != 1 or not isinstance(merged[0].get("iid"), int):
        what = "no merged merge request" if not merged else f"{len(merged)} merge requests"
        raise PlatformError(
            f"GitLab: commit {commit[:8]} is the merge of {what}; reviewed approvals apply only "
            "to the merge (or squash) commit of one approved merge request"
        )
    iid: int = merged[0]["iid"]
    return iid


def file_at(client: Api, project_id: str, path: str, ref: str) -> str | None:
    """A file's text on a branch as GitLab holds it, or None when it does not exist there."""
    from urllib.parse import quote

    return client.file(
        f"projects/{project_id}/repository/files/{quote(path, safe='')}", {"ref": ref}
    )


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PlatformError(f"GitLab API: the {what} answer is not a JSON object")
    return value


# --- the report note ------------------------------------------------------------------------


def own_notes(client: Api, project_id: str, iid: int) -> list[tuple[int, str]]:
    """(id, body) of the notes the token's own user wrote on the merge request, oldest first."""
    me = _object(client.get("user"), "user").get("username")
    notes = client.get_all(
        f"projects/{project_id}/merge_requests/{iid}/notes",
        {"sort": "asc", "order_by": "created_at"},
    )
    return [
        (n["id"], str(n.get("body") or ""))
        for n in notes
        if isinstance(n, dict)
        and isinstance(n.get("id"), int)
        and (n.get("author") or {}).get("username") == me
    ]


def post_note(client: Api, project_id: str, iid: int, body: str) -> None:
    client.send("POST", f"projects/{project_id}/merge_requests/{iid}/notes", {"body": body})


def update_note(client: Api, project_id: str, iid: int, note_id: int, body: str) -> None:
    client.send(
        "PUT", f"projects/{project_id}/merge_requests/{iid}/notes/{note_id}", {"body": body}
    )
