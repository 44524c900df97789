"""Which platform, repository and pull/merge request a run is about, and the two things
tfguard asks of it: the request with its reviews, and posting the report comment."""

from __future__ import annotations

from collections.abc import Mapping

from tfguard.errors import PlatformError
from tfguard.judge.reviews import PullRequest
from tfguard.platform import DEFAULT_TOKEN_VARIABLE, github, gitlab
from tfguard.platform.http import Api
from tfguard.record import record
from tfguard.report.markdown import MARKER

GITHUB_BODY_LIMIT = 65_536
CONFIG = ".tfguard.hcl"


@record
class Context:
    kind: str
    """"github" or "gitlab"."""
    api: Api
    repo: str
    """OWNER/NAME on GitHub, the numeric project id on GitLab."""
    number: int | None
    """The pull/merge request, when the run names it (else found from `commit`)."""
    commit: str | None
    event_head: str | None = None
    branch: str | None = None
    """The branch a push pipeline runs on: a request found from the pushed commit must have
    merged into it (its config is the one that names the allowed approvers)."""


def detect(
    env: Mapping[str, str],
    platform: str = "auto",
    number: int | None = None,
    token_variable: str = DEFAULT_TOKEN_VARIABLE,
) -> Context:
    kind = platform
    if kind == "auto":
        if env.get("GITHUB_ACTIONS") == "true":
            kind = "github"
        elif env.get("GITLAB_CI") == "true":
            kind = "gitlab"
        else:
            raise PlatformError(
                "not in GitHub Actions or GitLab CI: pass --platform github or --platform gitlab"
            )
    if kind == "github":
        where = github.target(env, number)
        return Context(
            kind,
            github.api(env),
            github.repository(env),
            where.number,
            where.commit,
            where.event_head,
            _branch(env.get("GITHUB_REF", "")),
        )
    if kind == "gitlab":
        iid = gitlab.merge_request_iid(env, number)
        commit = env.get("CI_COMMIT_SHA") or None
        branch = env.get("CI_COMMIT_BRANCH") or None
        api = gitlab.api(env, token_variable)
        return Context(kind, api, gitlab.project(env), iid, commit, branch=branch)
    raise PlatformError(f"unknown platform {platform!r}: use github or gitlab")


def _branch(ref: str) -> str | None:
    return ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None


def pull_request(context: Context) -> PullRequest:
    if context.kind == "github":
        where = github.Target(context.number, context.commit, context.event_head)
        found = github.pull_request(context.api, context.repo, where)
    else:
        found = gitlab.merge_request(context.api, context.repo, context.number, context.commit)
    pushed = context.number is None and context.branch is not None
    if pushed and found.base != context.branch:
        raise PlatformError(
            f"{found.platform} #{found.number} merged into {found.base}, not into "
            f"{context.branch} where this pipeline runs: its reviews do not cover this push"
        )
    return found


def protected_config(context: Context, request: PullRequest) -> str | None:
    """`.tfguard.hcl` at the repository root on the branch the request merges into."""
    if context.kind == "github":
        return github.file_at(context.api, context.repo, CONFIG, request.base)
    return gitlab.file_at(context.api, context.repo, CONFIG, request.base)


def publish(context: Context, report: str) -> str:
    """Post the report, or update tfguard's earlier comment (the newest holding MARKER).
    Returns one line saying what was done."""
    body = report if MARKER in report else f"{report.rstrip()}\n{MARKER}\n"
    if context.kind == "github" and len(body) > GITHUB_BODY_LIMIT:
        raise PlatformError(
            f"the report is {len(body):,} characters, GitHub accepts {GITHUB_BODY_LIMIT:,}: "
            "use the markdown format (it stays under the limit) or a smaller --limit"
        )
    number = context.number if context.number is not None else pull_request(context).number
    if context.kind == "github":
        mine = github.bot_comments(context.api, context.repo, number)
    else:
        mine = gitlab.own_notes(context.api, context.repo, number)
    earlier = [cid for cid, text in mine if MARKER in text]
    what = "pull request" if context.kind == "github" else "merge request"
    if earlier:
        if context.kind == "github":
            github.update_comment(context.api, context.repo, earlier[-1], body)
        else:
            gitlab.update_note(context.api, context.repo, number, earlier[-1], body)
        return f"updated tfguard's comment on {what} #{number}"
    if context.kind == "github":
        github.post_comment(context.api, context.repo, number, body)
    else:
        gitlab.post_note(context.api, context.repo, number, body)
    return f"posted tfguard's comment on {what} #{number}"
