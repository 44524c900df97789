"""Local copies of a remote repository at one commit, through a cache of bare mirrors.

A bare mirror per clone URL is kept in the cache directory (several processes or replicas may
share it: a lock file serialises fetches); each checkout clones the mirror locally and detaches
at the commit, so the copy has full history and the remote branches (origin/*) that
provenance checks name. Credentials travel only in `env` (GIT_CONFIG_* variables), never in
an argument or a stored config.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from tfguard.errors import ProvenanceError


def checkout(
    url: str, commit: str, cache: Path, dest: Path, env: Mapping[str, str], timeout: float
) -> Path:
    """Check out `commit` of the repository at `url` into `dest` (created); returns `dest`."""
    cache.mkdir(parents=True, exist_ok=True)
    mirror = cache / (hashlib.sha256(url.encode()).hexdigest()[:24] + ".git")
    with open(cache / (mirror.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (mirror / "HEAD").exists():
            _git(["clone", "--quiet", "--mirror", "--", url, str(mirror)], env, timeout, url)
        elif not _has_commit(mirror, commit, env):
            _git(["-C", str(mirror), "fetch", "--quiet", "--prune", "origin"], env, timeout, url)
        if not _has_commit(mirror, commit, env):
            raise ProvenanceError(f"commit {commit} is not in the repository {safe(url)}")
    _git(["clone", "--quiet", "--no-checkout", "--", str(mirror), str(dest)], env, timeout, url)
    _git(["-C", str(dest), "checkout", "--quiet", "--detach", commit], env, timeout, url)
    return dest


def _has_commit(mirror: Path, commit: str, env: Mapping[str, str]) -> bool:
    import git

    try:
        git.Git().execute(
            ["git", "-C", str(mirror), "cat-file", "-e", f"{commit}^{{commit}}"], env=env
        )
    except git.GitCommandError:
        return False
    return True


def _git(args: list[str], env: Mapping[str, str], timeout: float, url: str) -> None:
    import git

    verb = args[2] if args[0] == "-C" else args[0]
    try:
        git.Git().execute(["git", *args], env=env, kill_after_timeout=max(timeout, 1.0))
    except git.GitCommandError as exc:
        last = (str(exc.stderr).strip().strip("'").splitlines() or ["failed"])[-1]
        raise ProvenanceError(f"git {verb} {safe(url)}: {safe(last.strip())}") from None
    except (git.GitCommandNotFound, OSError):
        raise ProvenanceError("cannot run git: is it installed?") from None


def safe(text: str) -> str:
    """Credentials a URL may carry (user:token@host) never reach a message."""
    return re.sub(r"//[^/@\s]+@", "//", text)
