"""Git checks on the approval file: committed, authored, signed, merged. The only user of git.

Git's answers become sentences in `EntryProvenance.problems` / `ApprovalSet.problems`: a
provenance failure never raises, it blocks the change with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timezone
from pathlib import Path
from typing import Any

from tfguard.errors import ApprovalError
from tfguard.judge.approvals import EntryLines, locate
from tfguard.model import Approval, ApprovalSet, EntryProvenance, Level

UNVERSIONED = (
    "the approval file is not in a git work tree: approvals count only when git can vouch for "
    "them (or with --allow-unversioned-approvals, and then the result is not authoritative)"
)


def load(
    path: Path, level: Level, protected_ref: str | None, allow_unversioned: bool
) -> ApprovalSet:
    """Read the approval file and ask git about every entry."""
    from tfguard.judge.approvals import load_text

    text, entries = load_text(path)
    return check(path, text, entries, level, protected_ref, allow_unversioned)


def check(
    path: Path,
    text: str,
    entries: tuple[Approval, ...],
    level: Level,
    protected_ref: str | None,
    allow_unversioned: bool,
) -> ApprovalSet:
    """What git vouches for, per entry, at `level`."""
    source = str(path)
    repo = _repo(path)
    if repo is None:
        if not allow_unversioned:
            return ApprovalSet(source, entries, problems=(UNVERSIONED,), level=level)
        unchecked = tuple(EntryProvenance(e.approved_by, ()) for e in entries)
        return ApprovalSet(source, entries, unchecked, level=level, authoritative=False)
    try:
        return _check(repo, path, text, entries, level, protected_ref)
    except ApprovalError as exc:
        return ApprovalSet(source, entries, problems=(str(exc),), level=level)


def _repo(path: Path) -> Any:
    try:
        import git

        return git.Repo(path.absolute().parent, search_parent_directories=True)
    except Exception:  # not a repository, or no git binary: both mean "git cannot vouch"
        return None


def _check(
    repo: Any,
    path: Path,
    text: str,
    entries: tuple[Approval, ...],
    level: Level,
    protected_ref: str | None,
) -> ApprovalSet:
    source = str(path)
    problems = _file_problems(repo, path, level, protected_ref)
    if problems or not entries:
        return ApprovalSet(source, entries, problems=tuple(problems), level=level)
    relative = _relative(repo, path)
    line_commits = _blame(repo, relative)
    spans = locate(text, len(entries))
    proofs = tuple(
        _entry(repo, entry, span, line_commits, level, protected_ref)
        for entry, span in zip(entries, spans, strict=True)
    )
    return ApprovalSet(source, entries, proofs, level=level)


def _relative(repo: Any, path: Path) -> str:
    top = Path(repo.working_tree_dir).resolve()
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ApprovalError(f"{path}: resolves outside the git work tree {top}") from None


def _file_problems(repo: Any, path: Path, level: Level, protected_ref: str | None) -> list[str]:
    import git

    try:
        relative = _relative(repo, path)
    except ApprovalError as exc:
        return [str(exc)]
    try:
        repo.git.ls_files("--error-unmatch", "--", relative)
    except git.GitCommandError:
        return [f"{path}: is not committed to git"]
    if repo.git.status("--porcelain", "--", relative):
        return [f"{path}: has uncommitted changes; commit them and have them reviewed"]
    if level > Level.COMMITTED and repo.git.rev_parse("--is-shallow-repository") == "true":
        return [
            "this is a shallow clone, so git cannot show who added each approver: fetch the full "
            "history (actions/checkout: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)"
        ]
    if level is Level.MERGED:
        if not protected_ref:
            return ["provenance level `merged` needs a protected_ref in .tfguard.hcl"]
        try:
            repo.git.rev_parse("--verify", "--quiet", protected_ref + "^{commit}")
        except git.GitCommandError:
            return [f"protected ref {protected_ref} not found: fetch it first"]
    return []


def _blame(repo: Any, relative: str) -> list[Any]:
    """The commit that last touched each line (index 0 is line 1)."""
    commits: list[Any] = []
    for commit, lines in repo.blame("HEAD", relative):
        commits.extend([commit] * len(lines))
    return commits


def _entry(
    repo: Any,
    entry: Approval,
    span: EntryLines,
    line_commits: Sequence[Any],
    level: Level,
    protected_ref: str | None,
) -> EntryProvenance:
    created = line_commits[span.created - 1]
    requester = str(created.author.email or "").lower()
    binding = {line_commits[line - 1].hexsha for line in span.binding}
    vouched: list[str] = []
    problems: list[str] = []
    for name in entry.approved_by:
        line = span.approvers.get(name)
        if line is None:
            problems.append(f"{name}: cannot find the line that adds this name")
            continue
        found = _approver_problems(repo, name, line_commits[line - 1], requester, binding, level)
        if level is Level.MERGED and protected_ref:
            found += _unmerged(repo, name, {line_commits[line - 1].hexsha, *binding}, protected_ref)
        problems.extend(found)
        if not found:
            vouched.append(name)
    added_at = created.committed_datetime.astimezone(timezone.utc)
    return EntryProvenance(tuple(vouched), tuple(problems), added_at, requester)


def _approver_problems(
    repo: Any, name: str, commit: Any, requester: str, binding: set[str], level: Level
) -> list[str]:
    import git

    author = str(commit.author.email or "").lower()
    short = commit.hexsha[:8]
    problems = [
        f"the entry changed (commit {sha[:8]}) after {name} approved it"
        for sha in sorted(binding)
        if sha != commit.hexsha and not repo.is_ancestor(sha, commit.hexsha)
    ]
    if level in (Level.AUTHORED, Level.SIGNED):
        if author != name.lower():
            problems.append(f"{name} was added by {author}'s commit {short}, not by {name}")
        elif name.lower() == requester:
            problems.append(f"{name} created this entry and cannot approve it (self-approval)")
    if level is Level.SIGNED:
        try:
            repo.git.verify_commit(commit.hexsha)
        except git.GitCommandError:
            problems.append(f"{name}'s commit {short} has no valid signature")
    return problems


def _unmerged(repo: Any, name: str, shas: set[str], protected_ref: str) -> list[str]:
    late = sorted(sha for sha in shas if not repo.is_ancestor(sha, protected_ref))
    return [f"{name}: commit {sha[:8]} is not merged into {protected_ref}" for sha in late]
