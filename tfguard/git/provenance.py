"""Git checks on the approval file: committed, authored, signed, merged. The only user of git
for approvals.

Provenance is read from what the file's history *means* (`history.py`): every committed
version is read as data, entries are matched by their binding fields, and each approver counts
only through the commit that added them to that exact entry. Git runs a few times per check
whatever the size of the file: one `log --raw` of the file, one `cat-file --batch` streaming
its versions, one signature query, one `rev-list` of the protected ref.

Git's answers become sentences in `EntryProvenance.problems` / `ApprovalSet.problems`: a
provenance failure never raises, it blocks the change with a reason.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tfguard.errors import ApprovalError
from tfguard.git import history, refs
from tfguard.git.refs import run
from tfguard.judge.approvals import load_text
from tfguard.model import Approval, ApprovalSet, EntryProvenance, Level
from tfguard.record import record

UNVERSIONED = (
    "the approval file is not in a git work tree: approvals count only when git can vouch for "
    "them (or with --allow-unversioned-approvals, and then the result is not authoritative)"
)


@record
class Trust:
    """Where signatures are checked against (never a file the requester can change)."""

    allowed_signers: Path | None = None
    """An ssh allowed-signers file outside the work tree (or exported from the protected
    ref): its principals are the people ssh signatures identify."""
    source: str = "none"
    """Where that file came from, for reports."""


def load(
    path: Path,
    level: Level,
    protected_ref: str | None,
    allow_unversioned: bool,
    signers_in_ref: str | None = None,
) -> ApprovalSet:
    """Read the approval file and ask git about every entry."""
    text, entries = load_text(path)
    return check(path, text, entries, level, protected_ref, allow_unversioned, signers_in_ref)


def check(
    path: Path,
    text: str,
    entries: tuple[Approval, ...],
    level: Level,
    protected_ref: str | None,
    allow_unversioned: bool,
    signers_in_ref: str | None = None,
) -> ApprovalSet:
    """What git vouches for, per entry, at `level`."""
    source = str(path)
    repo = refs.repository(path.parent)
    if repo is None:
        if not allow_unversioned:
            return ApprovalSet(source, entries, problems=(UNVERSIONED,), level=level)
        unchecked = tuple(EntryProvenance(e.approved_by, ()) for e in entries)
        return ApprovalSet(source, entries, unchecked, level=level, authoritative=False)
    try:
        return _check(repo, path, text, entries, level, protected_ref, signers_in_ref)
    except ApprovalError as exc:
        return ApprovalSet(source, entries, problems=(str(exc),), level=level)


def _check(
    repo: Any,
    path: Path,
    text: str,
    entries: tuple[Approval, ...],
    level: Level,
    protected_ref: str | None,
    signers_in_ref: str | None,
) -> ApprovalSet:
    source = str(path)
    problems = _file_problems(repo, path, level, protected_ref)
    if problems or not entries or level <= Level.COMMITTED:
        if not problems and entries:
            unchecked = tuple(EntryProvenance(e.approved_by, ()) for e in entries)
            return ApprovalSet(source, entries, unchecked, level=level)
        return ApprovalSet(source, entries, problems=tuple(problems), level=level)
    relative = _relative(repo, path)
    log = run(
        repo,
        "log",
        "--first-parent",
        "--reverse",
        "--no-mailmap",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-merges=first-parent",
        f"--format={history.FORMAT}",
        "HEAD",
        "--",
        relative,
    )
    replay = history.replay(_versions(repo, history.changes(log)), json_file=path.suffix == ".json")
    judge = _Judge(repo, replay, level)
    if level >= Level.SIGNED:
        with _trust(repo, protected_ref, signers_in_ref) as trust:
            judge.signers = _signers(repo, judge.commits_to_verify(entries), trust)
            judge.trust = trust
    if level is Level.MERGED and protected_ref:
        judge.merged = _reachable(repo, protected_ref)
        judge.protected_ref = protected_ref
    proofs = tuple(judge.entry(e) for e in entries)
    return ApprovalSet(source, entries, proofs, level=level)


def _versions(
    repo: Any, changes: list[tuple[history.Commit, str, str]]
) -> Iterator[history.Version]:
    """Each commit's version of the file: regular files' blobs from one `git cat-file`."""
    wanted = [blob for _, mode, blob in changes if mode in history.REGULAR]
    contents = refs.blobs(repo, wanted)
    for commit, mode, _ in changes:
        if mode in history.REGULAR:
            yield history.Version(commit, next(contents))
        elif mode.strip("0"):
            yield history.Version(commit, b"", f"it is not a regular file (mode {mode})")
        else:  # deleted
            yield history.Version(commit, b"")
    contents.close()


def _relative(repo: Any, path: Path) -> str:
    top = Path(repo.working_tree_dir).resolve()
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ApprovalError(f"{path}: resolves outside the git work tree {top}") from None


def _file_problems(repo: Any, path: Path, level: Level, protected_ref: str | None) -> list[str]:
    try:
        relative = _relative(repo, path)
    except ApprovalError as exc:
        return [str(exc)]
    try:
        committed = run(repo, "cat-file", "blob", f"HEAD:{relative}")
    except ApprovalError:
        return [f"{path}: is not committed to git"]
    if path.read_bytes() != committed:
        return [f"{path}: has uncommitted changes; commit them and have them reviewed"]
    if level > Level.COMMITTED and run(repo, "rev-parse", "--is-shallow-repository").strip() == (
        b"true"
    ):
        return [
            "this is a shallow clone, so git cannot show who added each approver: fetch the full "
            "history (actions/checkout: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)"
        ]
    if level is Level.MERGED:
        if not protected_ref:
            return ["provenance level `merged` needs a protected ref (--protected-ref or config)"]
        try:
            run(repo, "rev-parse", "--verify", "--quiet", protected_ref + "^{commit}")
        except ApprovalError:
            return [f"protected ref {protected_ref} not found: fetch it first"]
    return []


@record
class Signature:
    status: str
    """git's %G?: G good, U good but unknown validity, anything else: not a valid signature."""
    signer: str
    """The ssh principal or the gpg key's user id email, lower case."""


class _Judge:
    """Per entry: which approvers git vouches for at the level, and why the others do not count."""

    def __init__(self, repo: Any, replay: history.Replay, level: Level) -> None:
        self.repo = repo
        self.replay = replay
        self.level = level
        self.signers: Mapping[str, Signature] = {}
        self.trust = Trust()
        self.merged: set[str] | None = None
        self.protected_ref = ""

    def commits_to_verify(self, entries: Sequence[Approval]) -> set[str]:
        shas: set[str] = set()
        for entry in entries:
            key = _key(entry)
            created = self.replay.entries.get(key)
            if created:
                shas.add(created.commit.sha)
            for name in entry.approved_by:
                origin = self.replay.pairs.get((key, name.strip().lower()))
                if origin:
                    shas.add(origin.commit.sha)
        return shas

    def entry(self, entry: Approval) -> EntryProvenance:
        key = _key(entry)
        created = self.replay.entries.get(key)
        if created is None:
            why = self.replay.unreadable or "its history does not lead to the committed file"
            return EntryProvenance((), (f"cannot tell who created this entry: {why}",))
        requester = self._identity(created.commit)
        problems: list[str] = []
        if created.unreadable:
            problems.append(f"cannot tell who created this entry: {created.unreadable}")
        elif self.level is Level.SIGNED and not self._signed_by_someone(created.commit):
            problems.append(
                f"the commit that created this entry ({created.commit.sha[:8]}) has no valid "
                "signature, so nobody can tell who requested it: the requester signs it too"
            )
        if problems:
            return EntryProvenance((), tuple(problems), created.commit.time, requester)
        vouched: list[str] = []
        times = [created.commit.time]
        for name in entry.approved_by:
            origin = self.replay.pairs.get((key, name.strip().lower()))
            found = self._approver(name, origin, requester)
            if self.merged is not None and origin:
                found += self._unmerged(name, {origin.commit, created.commit})
            problems.extend(found)
            if not found and origin:
                vouched.append(name)
                times.append(origin.commit.time)
        return EntryProvenance(tuple(vouched), tuple(problems), min(times), requester)

    def _identity(self, commit: history.Commit) -> str:
        """Who made a commit, as far as this level can tell."""
        if self.level is Level.SIGNED:
            signature = self.signers.get(commit.sha)
            if signature and signature.status in ("G", "U") and signature.signer:
                return signature.signer
            return f"an unverified signer (commit {commit.sha[:8]})"
        return commit.author

    def _approver(
        self,
        name: str,
        origin: history.Origin | None,
        requester: str,
    ) -> list[str]:
        who = name.strip().lower()
        if origin is None:
            return [f"{name}: cannot find the commit that added this name to this entry"]
        if origin.unreadable:
            return [f"{name}: {origin.unreadable}; {name} must approve again"]
        commit = origin.commit
        short = commit.sha[:8]
        if self.level is Level.MERGED:
            return []
        if commit.author != who:
            if origin.replaced:
                return [
                    f"the entry's {origin.replaced} changed (commit {short}, by {commit.author}) "
                    f"after {name} approved it; {name} must approve it again"
                ]
            return [f"{name} was added by {commit.author}'s commit {short}, not by {name}"]
        problems: list[str] = []
        if self.level >= Level.SIGNED:
            problems += self._signature_problems(name, commit)
        if who == requester and not problems:
            problems.append(f"{name} created this entry and cannot approve it (self-approval)")
        return problems

    def _signed_by_someone(self, commit: history.Commit) -> bool:
        signature = self.signers.get(commit.sha)
        return bool(signature and signature.status in ("G", "U") and signature.signer)

    def _signature_problems(self, name: str, commit: history.Commit) -> list[str]:
        short = commit.sha[:8]
        signature = self.signers.get(commit.sha)
        if signature is None or signature.status not in "GU":
            return [
                f"{name}'s commit {short} has no valid signature "
                f"(checked against {self.trust.source})"
            ]
        if signature.signer != name.strip().lower():
            signer = signature.signer or "a key with no principal in the allowed signers"
            return [f"{name}'s commit {short} is signed by {signer}, not by {name}"]
        return []

    def _unmerged(self, name: str, commits: set[history.Commit]) -> list[str]:
        assert self.merged is not None
        late = sorted(c.sha for c in commits if c.sha not in self.merged)
        return [f"{name}: commit {sha[:8]} is not merged into {self.protected_ref}" for sha in late]


def _key(entry: Approval) -> history.Key:
    return history.key_of(
        {
            "address": entry.address,
            "actions": list(entry.actions),
            "fingerprint": entry.fingerprint,
            "expires": entry.expires.isoformat(),
        }
    )


# --- signatures ----------------------------------------------------------------------------

SIGNERS_ENV = "TFGUARD_ALLOWED_SIGNERS"


@contextmanager
def _trust(repo: Any, protected_ref: str | None, signers_in_ref: str | None) -> Iterator[Trust]:
    """The allowed-signers file signatures are checked against, from a source the requester
    cannot write: the protected ref's tree, or a file outside the work tree."""
    top = Path(repo.working_tree_dir).resolve()
    if signers_in_ref and protected_ref:
        content = run(repo, "cat-file", "blob", f"{protected_ref}:{signers_in_ref}")
        with tempfile.TemporaryDirectory(prefix="tfguard-signers-") as scratch:
            exported = Path(scratch) / "allowed_signers"
            exported.write_bytes(content)
            yield Trust(exported, f"{signers_in_ref} on {protected_ref}")
        return
    configured = os.environ.get(SIGNERS_ENV) or _git_config(repo, "gpg.ssh.allowedSignersFile")
    if configured:
        where = Path(os.path.expanduser(configured)).resolve()
        if where.is_relative_to(top):
            raise ApprovalError(
                f"the allowed-signers file {configured} is inside the work tree, where the "
                "requester can change it: name it in the protected ref's .tfguard.hcl "
                "(approvals.allowed_signers) or keep it outside the repository"
            )
        yield Trust(where, str(where))
        return
    yield Trust(None, "no allowed-signers file (ssh signatures cannot be checked)")


def _git_config(repo: Any, name: str) -> str | None:
    """A setting from the user's or system's git config (never the repository's own)."""
    try:
        value = run(repo, "config", "--global", "--get", name).decode().strip()
    except ApprovalError:
        try:
            value = run(repo, "config", "--system", "--get", name).decode().strip()
        except ApprovalError:
            return None
    return value or None


def _gnupg_home_problem(top: Path) -> str | None:
    home = Path(os.environ.get("GNUPGHOME") or Path.home() / ".gnupg").resolve()
    if home.is_relative_to(top):
        return f"the gpg keyring {home} is inside the work tree, where the requester can change it"
    return None


_EMAIL = re.compile(r"<([^<>]+)>\s*$")


def _signers(repo: Any, shas: set[str], trust: Trust) -> dict[str, Signature]:
    """The verified signer of each commit: one git call for all of them."""
    if not shas:
        return {}
    problem = _gnupg_home_problem(Path(repo.working_tree_dir).resolve())
    if problem:
        raise ApprovalError(problem)
    settings = [f"gpg.ssh.allowedSignersFile={trust.allowed_signers or os.devnull}"]
    out = run(
        repo,
        "log",
        "--no-walk=unsorted",
        "--no-mailmap",
        "--format=%x1e%H%x1f%G?%x1f%GS",
        *sorted(shas),
        config=settings,
    )
    found: dict[str, Signature] = {}
    for entry in out.split(b"\x1e")[1:]:
        sha, status, signer = entry.decode("utf-8", "replace").strip("\n").split("\x1f", 2)
        signer = signer.strip().splitlines()[0] if signer.strip() else ""
        email = _EMAIL.search(signer)
        found[sha] = Signature(status, (email.group(1) if email else signer).strip().lower())
    return found


def _reachable(repo: Any, ref: str) -> set[str]:
    return set(run(repo, "rev-list", ref, "--").decode().split())
