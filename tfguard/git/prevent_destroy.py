"""Find `lifecycle { prevent_destroy = true }` guards removed since a base git ref.

Terraform's plan JSON never shows `prevent_destroy`, so taking the guard off is invisible in a
plan. This module reads the `.tf` sources twice, at the base ref (through git) and in the
working tree, following local module sources on both sides, and lists every resource that was
guarded at the base and is not any more: its block deleted, its `lifecycle` block gone, or
`prevent_destroy` absent or false. A `moved {}` block in the working tree carries the guard
to the new address.

Each file is parsed once per side; each module directory is read once per side however many
module calls point at it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tfguard.address import config_address
from tfguard.errors import SourceError
from tfguard.read import tfconfig
from tfguard.record import record

_MAX_MOVES = 100  # a chain of moved blocks longer than this is a cycle


@record
class Unguarded:
    """A resource whose `prevent_destroy = true` at the base ref is gone in the working tree."""

    address: str
    """Config address, module-aware, no instance keys: `module.db.aws_db_instance.main`."""
    reason: str
    """One sentence saying what happened to the guard."""
    file: str
    """Where the guarded block was at the base ref, relative to the config directory."""
    line: int
    """1-based first line of that block at the base ref."""


@record
class _Resource:
    guarded: bool
    file: str  # repository-relative, POSIX
    line: int


@record
class _Config:
    resources: dict[str, _Resource]
    moves: list[tuple[str, str]]  # (from, to) as absolute config addresses


def removed_guards(config_dir: Path, base_ref: str) -> tuple[Unguarded, ...]:
    """Resources whose prevent_destroy = true at base_ref is gone in the working tree."""
    repo, root = _repo(config_dir)
    start = _relative(config_dir, root)
    commit = _resolve(repo, base_ref)

    import git

    def base_files(directory: str) -> Iterator[tuple[str, str]]:
        spec = f"{directory}/" if directory else "."
        try:
            listing = repo.git.ls_tree("-z", commit, "--", spec)
        except git.GitCommandError as exc:
            raise SourceError(
                f"{directory or '.'} at {base_ref}: cannot list: {_git(exc)}"
            ) from None
        entries = (entry.partition("\t") for entry in listing.split("\0") if entry)
        paths = (path for meta, _, path in entries if meta.split()[1:2] == ["blob"])
        for path in sorted(p for p in paths if p.endswith(".tf")):
            try:
                text = repo.git.show(f"{commit}:{path}")
            except git.GitCommandError as exc:
                raise SourceError(f"{path} at {base_ref}: cannot read: {_git(exc)}") from None
            yield path, text

    def work_files(directory: str) -> Iterator[tuple[str, str]]:
        folder = root / directory if directory else root
        if not folder.is_dir():
            return
        for file in sorted(p for p in folder.iterdir() if p.suffix == ".tf" and p.is_file()):
            path = file.relative_to(root).as_posix()
            try:
                yield path, file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or type(exc).__name__
                raise SourceError(f"{path}: cannot read: {reason}") from None

    base = _read(start, base_files, f" at {base_ref}")
    work = _read(start, work_files, "")
    found: list[Unguarded] = []
    for address, was in base.resources.items():
        if not was.guarded:
            continue
        where = f"{posixpath.relpath(was.file, start or '.')}:{was.line}"
        target = _follow(address, work.moves)
        now = work.resources.get(target)
        if now is not None and now.guarded:
            continue
        moved = f" (moved to {target})" if target != address else ""
        if now is None:
            reason = (
                f"the block of {address}{moved}, protected by prevent_destroy at {base_ref} "
                f"({where}), was deleted"
            )
        else:
            reason = (
                f"lifecycle.prevent_destroy = true was removed from {address}{moved} ({where}) "
                f"since {base_ref}"
            )
        file, line = where.rsplit(":", 1)
        found.append(Unguarded(address, reason, file, int(line)))
    return tuple(sorted(found, key=lambda u: u.address))


def _read(start: str, files: tfconfig.Files, side: str) -> _Config:
    """Every resource of the configuration rooted at `start`, one side, modules followed."""
    config = _Config({}, [])

    def problem(message: str) -> None:
        raise SourceError(message)  # fail closed: an unread module may hold a removed guard

    for item in tfconfig.walk(start, files, problem, side=side, confined=True):
        block, prefix = item.block, item.prefix
        if block.kind == "resource" and len(block.labels) == 2:
            address = prefix + ".".join(block.labels)
            guarded = any(
                _true(lc.get("prevent_destroy")) for lc in item.nested.get("lifecycle", [])
            )
            config.resources.setdefault(address, _Resource(guarded, item.file, block.start_line))
        elif block.kind == "moved":
            old, new = _address(block.attributes.get("from")), _address(block.attributes.get("to"))
            if old and new:
                config.moves.append((prefix + old, prefix + new))
    return config


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _address(value: Any) -> str | None:
    """`"${module.a.aws_x.y[0]}"` → `module.a.aws_x.y`; None when it is not an address."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1].strip()
    return config_address(text) or None


def _follow(address: str, moves: list[tuple[str, str]]) -> str:
    """Where the working tree's `moved` blocks take `address` (a module move moves its body)."""
    for _ in range(_MAX_MOVES):
        for old, new in moves:
            if address == old:
                address = new
                break
            if address.startswith(old + "."):
                address = new + address[len(old) :]
                break
        else:
            return address
    return address


def _repo(config_dir: Path) -> tuple[Any, Path]:
    try:
        import git

        repo = git.Repo(config_dir, search_parent_directories=True)
    except Exception:  # not a repository, no such path, or no git binary
        raise SourceError(f"{config_dir}: not in a git work tree") from None
    if repo.working_tree_dir is None:
        raise SourceError(f"{config_dir}: in a bare git repository, not a work tree")
    return repo, Path(repo.working_tree_dir).resolve()


def _relative(config_dir: Path, root: Path) -> str:
    try:
        relative = config_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        raise SourceError(f"{config_dir}: not inside the git work tree {root}") from None
    return "" if relative == "." else relative


def _resolve(repo: Any, ref: str) -> str:
    import git

    try:
        return str(repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}"))
    except git.GitCommandError:
        pass
    remotes = {remote.name for remote in repo.remotes}
    remote, _, branch = ref.partition("/")
    if remote in remotes and branch:
        hint = f"fetch it: git fetch {remote} {branch}"
    else:
        hint = "is it a branch, tag or commit here?"
    try:
        if repo.git.rev_parse("--is-shallow-repository") == "true":
            hint += "; this clone is shallow: git fetch --unshallow"
    except git.GitCommandError:
        pass
    raise SourceError(f"base ref {ref} not found ({hint})")


def _git(exc: Any) -> str:
    lines = str(getattr(exc, "stderr", "") or "").strip().splitlines()
    text = lines[-1].strip() if lines else "git failed"
    return text.removeprefix("stderr: ").strip("'").strip() or "git failed"
