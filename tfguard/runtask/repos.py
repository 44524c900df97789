"""Approvals from git, never from the request: the workspace's repository at the run's commit.

The repository map (config.Repository) says where to clone a workspace's repository from and
which read token to use; `tfguard.git.clones` does the cloning, through a cache of mirrors.
Read tokens reach git through GIT_CONFIG_* environment variables (an http.extraHeader): never
in a URL, an argument list, the mirror's config or a log line.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from tfguard.errors import ProvenanceError
from tfguard.git import clones
from tfguard.platform import reviewed
from tfguard.runtask.config import Repository

COMMIT_IN_URL = re.compile(r"/commits?/([0-9a-fA-F]{7,64})/?$")
PULL_IN_URL = re.compile(r"/pulls?/(\d+)/?$")


def commit_of(vcs_commit_url: str) -> str | None:
    """The commit id at the end of a VCS commit URL (GitHub, GitLab, Bitbucket, Azure …)."""
    found = COMMIT_IN_URL.search(vcs_commit_url.split("?", 1)[0].split("#", 1)[0])
    return found.group(1).lower() if found else None


def checkout(
    repository: Repository,
    vcs_repo_url: str,
    commit: str,
    cache: Path,
    dest: Path,
    environ: Mapping[str, str],
    timeout: float,
) -> Path:
    """Check out `commit` of the workspace's repository into `dest`; returns `dest`."""
    url = repository.clone_url.replace("{vcs_repo_url}", vcs_repo_url.rstrip("/"))
    return clones.checkout(url, commit, cache, dest, _git_env(repository, environ), timeout)


def _git_env(repository: Repository, environ: Mapping[str, str]) -> dict[str, str]:
    env = {"GIT_TERMINAL_PROMPT": "0"}
    if repository.token_env:
        token = environ.get(repository.token_env)
        if not token:
            raise ProvenanceError(
                f"{repository.token_env} (the read token for {repository.match}) is not set"
            )
        basic = base64.b64encode(f"{repository.username}:{token}".encode()).decode()
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = "http.extraHeader"
        env["GIT_CONFIG_VALUE_0"] = f"Authorization: Basic {basic}"
    return env


def reviews_at(
    repository: Repository,
    vcs_repo_url: str,
    pull_request_url: str,
    branch: str,
    commit: str,
    environ: Mapping[str, str],
) -> reviewed.Where | None:
    """Where the run's pull request and its reviews are (GitHub), in the environment the
    platform client reads: the request the payload names, else the one the commit came from."""
    if repository.reviews != "github":
        return None
    path = urlsplit(vcs_repo_url).path.strip("/")
    env = {
        "GITHUB_REPOSITORY": path[:-4] if path.endswith(".git") else path,
        "GITHUB_API_URL": repository.api_url,
        "GITHUB_SHA": commit,
        "GITHUB_TOKEN": environ.get(repository.token_env or "", ""),
    }
    if branch:
        env["GITHUB_REF"] = f"refs/heads/{branch}"
    found = PULL_IN_URL.search(pull_request_url.split("?", 1)[0])
    return reviewed.Where(env, "github", int(found.group(1)) if found else None)
