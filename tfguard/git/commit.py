"""Committing the approval file for `tfguard approvals sign`: who the approver is (their git
identity) and one commit of that file only, signed when the level asks for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tfguard.errors import ProvenanceError
from tfguard.record import record


@record
class Committed:
    sha: str
    signed: bool


def _repo(path: Path) -> Any:
    import git

    try:
        return git.Repo(path.absolute().parent, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ProvenanceError(
            f"{path}: not in a git work tree; approvals are signed in git"
        ) from None


def email(path: Path) -> str:
    """The approver: `git config user.email` in the repository holding `path`."""
    import git

    try:
        found = str(_repo(path).git.config("user.email")).strip()
    except git.GitCommandError:
        found = ""
    if not found:
        raise ProvenanceError("git has no user.email: `git config user.email YOU@EXAMPLE.COM`")
    return found


def clean(path: Path) -> None:
    """Refuse to sign over uncommitted edits to the file: they would become the approver's."""
    repo = _repo(path)
    if repo.git.status("--porcelain", "--", str(path.absolute())):
        raise ProvenanceError(
            f"{path}: has uncommitted changes; commit or discard them before signing"
        )


def commit(path: Path, message: str, sign: bool) -> Committed:
    """Commit `path` alone (nothing else staged is included), signed when `sign`."""
    import git

    repo = _repo(path)
    target = str(path.absolute())
    args = ["-q", "-m", message, *(["-S"] if sign else []), "--only", "--", target]
    try:
        repo.git.add("--", target)
        repo.git.commit(*args)
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        why = detail[-1].strip() if detail else f"exit {exc.status}"
        hint = " (set up commit signing: user.signingkey, gpg.format)" if sign else ""
        raise ProvenanceError(f"git commit of {path} failed: {why}{hint}") from None
    return Committed(repo.head.commit.hexsha, sign)
