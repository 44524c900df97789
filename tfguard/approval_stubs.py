"""Writing approval stubs (`tfguard approve`) and linting the approval file.

Stubs are appended as text, so existing entries and comments stay exactly as they were. A stub
never names an approver: each approver adds their own name in their own commit.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from tfguard import atomic
from tfguard.errors import ApprovalError
from tfguard.judge.approvals import MAX_FILE_BYTES, Policy, iso, load_text
from tfguard.model import Approval, Assessment, Level, Verdict
from tfguard.record import record

TODO_REASON = "TODO: say why this change is intended"

IDENTITY = {
    Level.COMMITTED: "any name (this level only checks that the file is committed)",
    Level.AUTHORED: "their git email (`git config user.email`), in a commit they author",
    Level.SIGNED: "their git email, in a commit signed with their own key",
    Level.MERGED: "their git email, in a commit they author, merged into the protected ref",
    Level.REVIEWED: "no edit: an APPROVED review of the pull request by an allowed login",
}
"""Which identity counts as an approver, by provenance level (stub comments, next steps)."""


def identity(level: Level) -> str:
    return IDENTITY.get(level, "their git email, in a commit they author")


def needed(assessment: Assessment, policy: Policy) -> int:
    lost = assessment.recovery is not None and assessment.recovery.lost
    return policy.required_lost if lost else policy.required


def wanted(verdict: Verdict) -> list[Assessment]:
    """Destructive changes not approved and not already waiting in the file as a stub."""
    present = {e.fingerprint for e in verdict.approvals.entries} if verdict.approvals else set()
    return [
        a
        for a in verdict.assessments
        if a.fingerprint and not a.approved and a.fingerprint not in present
    ]


@record
class Stub:
    """What `tfguard approve` writes besides the change itself."""

    reason: str | None
    ticket: str | None
    expires: datetime
    level: Level
    policy: Policy


def append(path: Path, verdict: Verdict, stub: Stub) -> list[Assessment]:
    """Append a stub per wanted change; the file (and its directory) is created if missing."""
    added = wanted(verdict)
    if not added:
        return []
    if path.suffix == ".json":
        raise ApprovalError(f"{path}: tfguard approve writes HCL entries; use a .hcl approval file")
    old = _existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = "".join(_block(a, stub) for a in added)
    separator = "\n" if old and not old.endswith("\n") else ""
    atomic.write_text(path, old + separator + blocks)
    return added


def _existing(path: Path) -> str:
    if not path.exists():
        return ""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ApprovalError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    return path.read_bytes().decode("utf-8")  # no newline translation: git sees \r


def _string(text: str) -> str:
    """An HCL string literal: JSON escaping, and `${`/`%{` kept literal."""
    return json.dumps(text, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")


def _block(assessment: Assessment, stub: Stub) -> str:
    change = assessment.change
    actions = ", ".join(_string(a) for a in change.actions)
    lost = assessment.recovery is not None and assessment.recovery.lost
    count = needed(assessment, stub.policy)
    why = " (no backup survives this plan)" if lost else ""
    lines = [
        "\napproval {\n",
        f"  # needs {count} approver(s){why}; each adds {identity(stub.level)}\n",
        f"  address     = {_string(change.address)}\n",
        f"  actions     = [{actions}]\n",
        f"  fingerprint = {_string(str(assessment.fingerprint))}\n",
        f"  reason      = {_string(stub.reason or TODO_REASON)}\n",
        f"  ticket      = {_string(stub.ticket)}\n" if stub.ticket else "",
        f"  expires     = {_string(iso(stub.expires))}\n",
        "  approved_by = [\n",
        "  ]\n",
        "}\n",
    ]
    return "".join(lines)


def next_steps(path: Path, added: list[Assessment], stub: Stub) -> str:
    if not added:
        return f"Nothing to add: every destructive change already has an entry in {path}."
    names = "\n".join(
        f"  {a.change.key} [{', '.join(a.change.actions)}]: needs "
        f"{needed(a, stub.policy)} approver(s)"
        for a in added
    )
    first = "Commit" if stub.reason else "Fill in each reason, commit"
    if stub.level is Level.REVIEWED:
        approve = (
            "  2. Approvers approve the pull request (an APPROVED review on its latest commit by\n"
            "     a login in allowed_approvers); nobody edits the file.\n"
        )
    else:
        approve = (
            f"  2. Each approver runs `tfguard approvals sign` in their own clone: it adds\n"
            f"     {identity(stub.level)}.\n"
            "     Nobody approves their own request.\n"
        )
    return (
        f"Added {len(added)} approval stub(s) to {path}:\n{names}\n\n"
        "Next:\n"
        f"  1. {first} the file and open a pull request.\n"
        f"{approve}"
        "  3. Run `tfguard check` again on the same plan once the approvals are in."
    )


def lint(path: Path, now: datetime) -> tuple[list[str], list[str]]:
    """(problems a reviewer should fix, warnings); an invalid file raises ApprovalError (exit 2).

    An expired entry is only a warning: it can no longer approve anything, and failing every
    commit once an entry expires would block work unrelated to it. `prune` removes it."""
    _, entries = load_text(path)
    problems = [
        f"{_label(entry)}: the reason is still the TODO placeholder"
        for entry in entries
        if entry.reason.startswith("TODO")
    ]
    warnings = [
        f"{_label(e)}: expired at {iso(e.expires)}; `tfguard approvals prune` removes it"
        for e in entries
        if e.expires <= now
    ]
    return problems, warnings


def _label(entry: Approval) -> str:
    return f"approval #{entry.index + 1} ({entry.address})"


# --- editing entries: prune and sign ------------------------------------------------------


@record
class Edit:
    """One entry `prune` removed or `sign` signed, and why."""

    entry: Approval
    why: str


def prune(
    path: Path, now: datetime, wanted: set[tuple[str, tuple[str, ...], str]] | None
) -> list[Edit]:
    """Remove expired entries and, when `wanted` is given (address, actions, fingerprint of the
    plans' destructive changes), entries that cover none of them. Comments and the other
    entries stay byte for byte; the result is re-read and checked before it is written."""
    text, entries = _editable(path)
    removed: list[Edit] = []
    for entry in entries:
        if entry.expires <= now:
            removed.append(Edit(entry, f"expired at {iso(entry.expires)}"))
        elif wanted is not None and (entry.address, entry.actions, entry.fingerprint) not in wanted:
            removed.append(Edit(entry, "covers no destructive change in the given plans"))
    if not removed:
        return []
    gone = {e.entry.index for e in removed}
    spans = _entry_spans(path, text, entries)
    for index in sorted(gone, reverse=True):
        start, end = spans[index]
        text = text[:start] + text[_after(text, end) :]
    kept = [e for e in entries if e.index not in gone]
    _write_checked(path, text, [_binding(e) for e in kept], "remove entries")
    return removed


def sign(path: Path, name: str, chosen: set[int]) -> list[Edit]:
    """Add `name` to approved_by of the entries whose index is in `chosen` (unless already
    there). The file is re-read and checked before it is written."""
    text, entries = _editable(path)
    todo = [e for e in entries if e.index in chosen and name.lower() not in _lower(e)]
    if not todo:
        return []
    spans = _entry_spans(path, text, entries)
    for entry in sorted(todo, key=lambda e: -e.index):
        text = _add_name(text, *spans[entry.index], name, entry)
    want = [_binding(e, (*e.approved_by, name) if e in todo else e.approved_by) for e in entries]
    _write_checked(path, text, want, f"add {name}")
    return [Edit(e, f"added {name}") for e in todo]


def _editable(path: Path) -> tuple[str, tuple[Approval, ...]]:
    if path.suffix == ".json":
        raise ApprovalError(f"{path}: tfguard edits HCL approval files only")
    return load_text(path)


def _lower(entry: Approval) -> set[str]:
    return {n.lower() for n in entry.approved_by}


def _binding(entry: Approval, approvers: tuple[str, ...] | None = None) -> tuple[object, ...]:
    names = entry.approved_by if approvers is None else approvers
    return (entry.address, entry.actions, entry.fingerprint, entry.expires, entry.reason, names)


def _write_checked(path: Path, text: str, expected: list[tuple[object, ...]], what: str) -> None:
    from tfguard.judge.approvals import parse
    from tfguard.read import hcl

    try:
        after = parse(hcl.loads(text, str(path), error=ApprovalError), str(path))
    except ApprovalError:
        after = None
    if after is None or [_binding(e) for e in after] != expected:
        raise ApprovalError(
            f"{path}: cannot {what} without changing other entries (unusual layout); "
            "edit the file by hand"
        )
    atomic.write_text(path, text)


def _entry_spans(path: Path, text: str, entries: tuple[Approval, ...]) -> list[tuple[int, int]]:
    spans = _blocks(text)
    if len(spans) != len(entries):
        raise ApprovalError(f"{path}: found {len(spans)} blocks for {len(entries)} entries")
    return spans


def _after(text: str, end: int) -> int:
    """Past the rest of the line that closes a block and the blank lines after it (comments
    just before the next entry belong to that entry and stay)."""
    newline = text.find("\n", end)
    while newline >= 0:
        position = newline + 1
        newline = text.find("\n", position)
        if text[position : len(text) if newline < 0 else newline].strip():
            return position
    return len(text)


def _add_name(text: str, start: int, end: int, name: str, entry: Approval) -> str:
    """Insert `name` into the approved_by list of the block text[start:end]."""
    import re

    head = re.compile(r'^[ \t]*"?approved_by"?[ \t]*[=:][ \t]*\[', re.MULTILINE)
    found = head.search(text, start, end)
    close = _closing_bracket(text, found.end(), end) if found else None
    if found is None or close is None:
        raise ApprovalError(f"approval #{entry.index + 1}: no approved_by list to add {name} to")
    inside = text[found.end() : close]
    line_start = text.rfind("\n", 0, close) + 1
    quoted = _string(name)
    needs_comma = inside.strip() != "" and not inside.rstrip().endswith(",")
    if text[line_start:close].strip() == "":  # `]` on its own line: add a line above it
        indent = text[line_start:close]
        comma_at = found.end() + len(inside.rstrip())
        before = text[:comma_at] + ("," if needs_comma else "") + text[comma_at:line_start]
        return f"{before}{indent}  {quoted},\n{text[line_start:]}"
    separator = ", " if needs_comma else ("" if inside.strip() == "" else " ")
    return f"{text[:close]}{separator}{quoted}{text[close:]}"


def _closing_bracket(text: str, position: int, end: int) -> int | None:
    """The `]` closing a list that opened before `position`, skipping strings and comments."""
    in_string = False
    index = position
    while index < end:
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#" or text.startswith("//", index):
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
            continue
        elif char == "]":
            return index
        index += 1
    return None


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start of the line that opens it, just after its `}`) of each top-level block."""
    spans: list[tuple[int, int]] = []
    depth = opened = index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _string_end(text, index)
            continue
        if char == "#" or text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        if text.startswith("/*", index):
            close = text.find("*/", index)
            index = len(text) if close < 0 else close + 2
            continue
        if char in "{[":
            if depth == 0:
                opened = text.rfind("\n", 0, index) + 1
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                spans.append((opened, index + 1))
        index += 1
    return spans


def _string_end(text: str, index: int) -> int:
    """Just after the string literal that starts at `index`."""
    index += 1
    while index < len(text) and text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    return index + 1
