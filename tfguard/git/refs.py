"""How tfguard asks git: one hardened way to run it, and what the protected ref holds.

Every git command runs with settings that make its answers raw and parseable whatever the
repository or user configured (no mailmap, no replacement objects or grafts, no colours or
signature output mixed in), and reads what a ref holds as git objects, never as files the
change under review could have replaced.
"""

from __future__ import annotations

import io
import os
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

from tfguard.errors import ApprovalError, ConfigError

SAFE_CONFIG = (
    # Identities exactly as committed: never rewritten by a committed .mailmap.
    "log.mailmap=false",
    "mailmap.file=",
    "mailmap.blob=",
    # Output tfguard parses: no signatures, colours, decorations or re-encoding mixed in.
    "log.showSignature=false",
    "color.ui=false",
    "color.diff=false",
    "core.quotePath=false",
    "i18n.logOutputEncoding=UTF-8",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "diff.external=",
    "log.follow=false",
)
"""`-c` settings for every git command tfguard runs (replacement objects and grafts are
switched off with --no-replace-objects and GIT_GRAFT_FILE)."""


def repository(path: Path) -> Any:
    """The git repository holding `path`, or None (not a repository, or no git binary)."""
    try:
        import git

        return git.Repo(path.absolute(), search_parent_directories=True)
    except Exception:  # both mean "git cannot vouch"
        return None


_ENV = {"GIT_GRAFT_FILE": os.devnull, "GIT_NO_REPLACE_OBJECTS": "1", "LC_ALL": "C"}


def _command(args: Iterable[str], config: Iterable[str] = ()) -> list[str]:
    command = ["git", "--no-replace-objects", "--literal-pathspecs"]
    for setting in (*SAFE_CONFIG, *config):
        command += ["-c", setting]
    return [*command, *args]


def run(repo: Any, *args: str, config: tuple[str, ...] | list[str] = ()) -> bytes:
    """One git command with the safe settings; its stdout as bytes (errors: ApprovalError)."""
    import git

    try:
        out = repo.git.execute(
            _command(args, config), stdout_as_string=False, env=_ENV, strip_newline_in_stdout=False
        )
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise ApprovalError(f"git {args[0]} failed: {detail[-1] if detail else exc}") from None
    return bytes(out)


def blobs(repo: Any, ids: Iterable[str]) -> Generator[bytes, None, None]:
    """The content of each blob, in order, from one `git cat-file --batch` (streamed: one blob
    in memory at a time). A missing object raises ApprovalError."""
    wanted = list(ids)
    import tempfile  # (refs is imported by every check; these two are used by few)

    with tempfile.TemporaryFile() as names:  # git reads the names while tfguard reads blobs
        names.write("".join(f"{blob}\n" for blob in wanted).encode("ascii"))
        names.seek(0)
        handle = repo.git.execute(  # kept: git stops when this handle is collected
            _command(["cat-file", "--batch"]), istream=names, as_process=True, env=_ENV
        )
    process = handle.proc
    out = process.stdout
    try:
        for blob in wanted:
            head = out.readline().split()
            if len(head) != 3 or head[1] != b"blob":
                raise ApprovalError(
                    f"git cat-file: object {blob[:12]} is not a blob in HEAD's history"
                )
            size = int(head[2])
            content = out.read(size)
            out.read(1)
            if len(content) != size:
                raise ApprovalError(f"git cat-file: object {blob[:12]} was cut short")
            yield content
    finally:
        process.kill()
        process.wait()
        out.close()
        if process.stderr:
            process.stderr.close()


def top(repo: Any) -> Path:
    return Path(repo.working_tree_dir).resolve()


def tracked(repo: Any, path: Path) -> bool:
    """Whether `path` is committed in HEAD (an untracked or ignored file is not)."""
    try:
        relative = path.resolve().relative_to(top(repo)).as_posix()
        run(repo, "cat-file", "-e", f"HEAD:{relative}")
    except (ValueError, ApprovalError):
        return False
    return True


def commit_of(repo: Any, ref: str) -> str:
    try:
        return run(repo, "rev-parse", "--verify", "--quiet", ref + "^{commit}").decode().strip()
    except ApprovalError:
        raise ConfigError(
            f"protected ref {ref} not found: fetch it first (actions/checkout: fetch-depth: 0)"
        ) from None


def show(repo: Any, ref: str, relative: str) -> bytes | None:
    """The content of `relative` on `ref`, None when the ref has no such file."""
    commit = commit_of(repo, ref)
    try:
        return run(repo, "cat-file", "blob", f"{commit}:{relative}")
    except ApprovalError:
        return None


def export(repo: Any, ref: str, relative: str, into: Path) -> Path | None:
    """Write the directory `relative` as it is on `ref` under `into`; None when it is absent."""
    commit = commit_of(repo, ref)
    try:
        archive = run(repo, "archive", "--format=tar", commit, "--", relative)
    except ApprovalError:
        return None
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if (
                member.isfile()
                and not Path(member.name).is_absolute()
                and ".." not in Path(member.name).parts
            ):
                source = tar.extractfile(member)
                if source is not None:
                    target = into / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read())
    return into / relative
