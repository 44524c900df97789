"""What the approval file's history means: who added each approver to each entry.

Pure: it reads the output of one `git log --first-parent --reverse -p -U0` of the approval file
(`provenance.py` runs git) and replays it version by version, as data. Each version is cut into
chunks at the lines that open an `approval {` block; only the chunks a commit touches are parsed
(by `read.hcldata`, cached by text), so the cost grows with the size of the changes, not with
commits x file size. For every (entry, approver) pair of the last version it answers: which
commit made the pair appear, and whether the entry existed in another form just before (an
approval of other binding fields, now void).

An entry is identified by what binds it: address, actions, fingerprint and expiry. Layout,
comments, reordering, reason or ticket edits change nothing; any change to a binding field makes
every approver's pair new, so each approver must approve again.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tfguard.errors import DataError
from tfguard.read import hcldata

MARK = b"\x1e"
"""Starts each commit's header line in the log (never the first byte of a patch line)."""
FORMAT = "%x1e%H%x1f%ae%x1f%an%x1f%ce%x1f%ct"
"""Raw identities (`%ae`, not `%aE`: never the mailmap)."""

Key = tuple[Any, ...]
"""(address, actions, fingerprint, expires): what an approval is an approval of."""
Pair = tuple[Key, str]
"""(entry key, approver name in lower case)."""

_START = hcldata.BLOCK_START
_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    """Author email as recorded (lower case), never mapped."""
    author_name: str
    committer: str
    time: datetime
    """Committer date: when the commit claims it was made."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a pair (or an entry) of the last version comes from."""

    commit: Commit
    unreadable: str | None = None
    """Set when the pair appeared as a version of the file that could not be read became
    readable again: nobody can tell who wrote it."""
    replaced: str | None = None
    """Set when the same approver was on this address with other binding fields just before:
    what changed (the approval given to the old fields does not carry over)."""


@dataclass(slots=True)
class Replay:
    """The state of the replay after the last commit."""

    pairs: dict[Pair, Origin] = field(default_factory=dict)
    entries: dict[Key, Origin] = field(default_factory=dict)
    commits: int = 0
    rebuilt: int = 0
    """Commits whose chunks had to be recomputed over the whole file (unusual hunk shapes)."""
    lines: list[str] = field(default_factory=list)
    unreadable: str | None = None
    """Why the last version cannot be read as data, if it cannot."""


def key_of(block: dict[str, Any]) -> Key:
    """The binding fields of one parsed `approval` block (whatever their types)."""
    actions = block.get("actions")
    return (
        _text(block.get("address")),
        tuple(_text(a) for a in actions) if isinstance(actions, list) else _text(actions),
        _text(block.get("fingerprint")),
        _instant(block.get("expires")),
    )


def _text(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else repr(value)


def _instant(value: Any) -> Any:
    """`expires` as an instant, so `Z` and `+00:00` spellings are the same expiry."""
    if not isinstance(value, str):
        return _text(value)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(timezone.utc).isoformat()


def names_of(block: dict[str, Any]) -> list[str]:
    names = block.get("approved_by")
    if not isinstance(names, list):
        return []
    return [n.strip().lower() for n in names if isinstance(n, str)]


def describe(old: Key, new: Key) -> str:
    fields = ("address", "actions", "fingerprint", "expires")
    return ", ".join(name for name, a, b in zip(fields, old, new, strict=True) if a != b)


# --- chunks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chunk:
    keys: tuple[Key, ...]
    pairs: tuple[Pair, ...]
    error: str | None = None


_UNREADABLE_CACHE_LIMIT = 200_000


class _Chunks:
    """Parsed chunks by text: each distinct chunk text is parsed once per replay."""

    def __init__(self, json_file: bool) -> None:
        self.cache: dict[str, Chunk] = {}
        self.json_file = json_file

    def parse(self, text: str) -> Chunk:
        found = self.cache.get(text)
        if found is None:
            found = self._parse(text, self.json_file)
            if len(self.cache) < _UNREADABLE_CACHE_LIMIT:
                self.cache[text] = found
        return found

    @staticmethod
    def _parse(text: str, json_file: bool) -> Chunk:
        try:
            document = json.loads(text) if json_file else hcldata.loads(text)
        except json.JSONDecodeError as exc:
            return Chunk((), (), f"not valid JSON (line {exc.lineno})")
        except DataError as exc:
            return Chunk((), (), str(exc))
        blocks = document.get("approval", []) if isinstance(document, dict) else []
        keys: list[Key] = []
        pairs: list[Pair] = []
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, dict):
                continue
            key = key_of(block)
            keys.append(key)
            pairs.extend((key, name) for name in dict.fromkeys(names_of(block)))
        return Chunk(tuple(keys), tuple(pairs))


def is_start(line: str) -> bool:
    return _START.match(line) is not None


def _chunk_start(lines: list[str], index: int) -> int:
    """Index of the line opening the chunk that holds line `index` (0: the preamble)."""
    while index > 0 and not is_start(lines[index]):
        index -= 1
    return max(index, 0)


def _next_start(lines: list[str], index: int) -> int:
    """The first chunk-opening line at or after `index` (len(lines) when none)."""
    end = len(lines)
    while index < end and not is_start(lines[index]):
        index += 1
    return index


def _chunk_texts(lines: list[str], start: int, end: int) -> Iterator[str]:
    """The chunks of lines[start:end], which begins at a chunk start and ends before one."""
    begin = start
    for index in range(start + 1, end):
        if is_start(lines[index]):
            yield "\n".join(lines[begin:index]) + "\n"
            begin = index
    if end > start:
        yield "\n".join(lines[begin:end]) + "\n"


# --- the replay ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hunk:
    old_start: int
    """0-based index of the first old line replaced (or the insertion point)."""
    old_count: int
    new_start: int
    new_count: int
    removed: tuple[str, ...]
    added: tuple[str, ...]


class Replayer:
    def __init__(self, json_file: bool = False) -> None:
        self.state = Replay()
        self.chunks = _Chunks(json_file)
        self.counts: Counter[Pair] = Counter()
        self.key_counts: Counter[Key] = Counter()
        self.bad: Counter[str] = Counter()
        """Unreadable chunks present in the current version, by text."""

    def commit(self, commit: Commit, hunks: list[Hunk], unreadable: str | None) -> None:
        """Apply one commit's diff (hunks in file order, old coordinates)."""
        state = self.state
        state.commits += 1
        if unreadable is not None:  # a diff git would not show as text: a version we cannot read
            self._forget(commit, unreadable)
            return
        old_lines = state.lines
        new_lines = list(old_lines)
        offset = 0
        for hunk in hunks:
            at = hunk.old_start + offset
            if tuple(new_lines[at : at + hunk.old_count]) != hunk.removed:
                self._forget(commit, "its diff does not apply to the version before it")
                return
            new_lines[at : at + hunk.old_count] = hunk.added
            offset += hunk.new_count - hunk.old_count
        old_regions, new_regions = _regions(old_lines, new_lines, hunks)
        if old_regions is None or new_regions is None:
            state.rebuilt += 1
            old_regions, new_regions = [(0, len(old_lines))], [(0, len(new_lines))]
        before = [
            self.chunks.parse(t) for s, e in old_regions for t in _chunk_texts(old_lines, s, e)
        ]
        after = [
            self.chunks.parse(t) for s, e in new_regions for t in _chunk_texts(new_lines, s, e)
        ]
        state.lines = new_lines
        self._update(commit, before, after)

    def _forget(self, commit: Commit, why: str) -> None:
        """A version we cannot read: everything after it is of unknown origin until rewritten."""
        state = self.state
        state.unreadable = f"commit {commit.sha[:8]}: {why}"
        state.lines = []
        self.counts.clear()
        self.key_counts.clear()
        self.bad.clear()
        self.bad[why] += 1
        state.pairs.clear()
        state.entries.clear()

    def _update(self, commit: Commit, before: list[Chunk], after: list[Chunk]) -> None:
        state = self.state
        tainted_by = next((c.error for c in before if c.error), None)
        for chunk in before:
            if chunk.error:
                self.bad[chunk.error] -= 1
        for chunk in after:
            if chunk.error:
                self.bad[chunk.error] += 1
        self.bad = +self.bad
        why = (
            f"commit {commit.sha[:8]} rewrote a part of the file that could not be read "
            if (tainted_by)
            else None
        )
        if why:
            why += f"({tainted_by})"
        pair_delta: Counter[Pair] = Counter()
        key_delta: Counter[Key] = Counter()
        for chunk in before:
            pair_delta.subtract(chunk.pairs)
            key_delta.subtract(chunk.keys)
        for chunk in after:
            pair_delta.update(chunk.pairs)
            key_delta.update(chunk.keys)
        gone: dict[tuple[Any, str], Key] = {}
        for pair, change in pair_delta.items():
            if change < 0 and self.counts[pair] + change <= 0:
                gone[(pair[0][0], pair[1])] = pair[0]
        for key, change in key_delta.items():
            if change:
                _move(self.key_counts, state.entries, key, change, Origin(commit, why))
        for pair, change in pair_delta.items():
            if change:
                old = gone.get((pair[0][0], pair[1]))
                replaced = describe(old, pair[0]) if old and old != pair[0] else None
                _move(self.counts, state.pairs, pair, change, Origin(commit, why, replaced))
        state.unreadable = next(iter(self.bad), None) if self.bad else None


def _move(
    counts: Counter[Any], origins: dict[Any, Origin], item: Any, change: int, origin: Origin
) -> None:
    """Count `item` `change` more times; it gets `origin` when it appears, loses it when gone."""
    before = counts[item]
    after = before + change
    if after <= 0:
        counts.pop(item, None)
        origins.pop(item, None)
        return
    counts[item] = after
    if before <= 0:
        origins[item] = origin


def _regions(
    old: list[str], new: list[str], hunks: list[Hunk]
) -> tuple[list[tuple[int, int]] | None, list[tuple[int, int]] | None]:
    """Matching chunk-aligned regions of the old and new version that hold every change.

    Outside the regions both versions have the same lines cut into the same chunks. Found by
    widening each hunk to whole chunks on both sides until the two sides agree (a few rounds);
    None when they do not settle (the caller then recomputes the whole file).
    """
    if not hunks:
        return [], []
    spans = [
        (h.old_start, h.old_start + h.old_count, h.new_start, h.new_start + h.new_count)
        for h in hunks
    ]
    flipped = [(c, d, a, b) for a, b, c, d in spans]
    new_regions = _widen(new, [(s[2], s[3]) for s in spans], first=True)
    old_regions = _widen(old, [(s[0], s[1]) for s in spans], first=True)
    for _ in range(8):
        mapped = [(_map(spans, s, False), _map(spans, e, True)) for s, e in old_regions]
        widened_new = _widen(new, [*new_regions, *mapped], first=False)
        back = [(_map(flipped, s, False), _map(flipped, e, True)) for s, e in widened_new]
        widened_old = _widen(old, [*old_regions, *back], first=False)
        if widened_new == new_regions and widened_old == old_regions:
            return old_regions, new_regions
        new_regions, old_regions = widened_new, widened_old
    return None, None


def _map(spans: list[tuple[int, int, int, int]], position: int, end: bool) -> int:
    """A line boundary of one side on the other side (inside a hunk: the hunk's edge)."""
    shift = 0
    for from_start, from_end, to_start, to_end in spans:
        if position <= from_start:
            break
        if position < from_end:
            return to_end if end else to_start
        shift = to_end - from_end
    return position + shift


def _widen(
    lines: list[str], regions: Iterable[tuple[int, int]], first: bool
) -> list[tuple[int, int]]:
    """Regions grown to whole chunks (the first time also to the chunk before: a hunk at a
    chunk's edge changes where that chunk ends), overlapping ones merged."""
    if not lines:
        return [(0, 0)]
    out: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        probe = min(start - 1 if first else start, len(lines) - 1)
        begin = _chunk_start(lines, probe) if probe >= 0 else 0
        finish = _next_start(lines, max(end, begin + 1))
        if out and begin <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], finish))
        else:
            out.append((begin, finish))
    return out


def replay(stream: Iterable[bytes], json_file: bool = False) -> Replay:
    """Replay `git log --first-parent --reverse -p -U0 --format=FORMAT` output, line by line.

    A JSON approval file has no `approval {` lines, so each of its versions is one chunk (read
    whole by the json module: fast, but the cost grows with commits x file size)."""
    replayer = Replayer(json_file)
    commit: Commit | None = None
    hunks: list[list[Any]] = []
    unreadable: str | None = None
    current: list[Any] | None = None

    def flush() -> None:
        if commit is not None:
            replayer.commit(commit, [_hunk(h) for h in hunks], unreadable)

    for raw in stream:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        if line.startswith(MARK):
            flush()
            commit, hunks, unreadable, current = _header(line), [], None, None
            continue
        if commit is None or unreadable is not None:
            continue
        head = _HUNK.match(line)
        if head:
            a, b, c, d = head.groups()
            current = [
                int(a),
                1 if b is None else int(b),
                int(c),
                1 if d is None else int(d),
                [],
                [],
            ]
            hunks.append(current)
        elif current is not None and line[:1] in (b"+", b"-"):
            try:
                text = line[1:].decode("utf-8")
            except UnicodeDecodeError:
                unreadable = "not UTF-8 text"
                continue
            current[5 if line[:1] == b"+" else 4].append(text)
        elif line.startswith(b"Binary files") or line.startswith(b"GIT binary patch"):
            unreadable = "git shows it as a binary file"
    flush()
    return replayer.state


def _hunk(raw: list[Any]) -> Hunk:
    a, b, c, d, removed, added = raw
    old_start = a if b == 0 else a - 1
    new_start = c if d == 0 else c - 1
    return Hunk(old_start, b, new_start, d, tuple(removed), tuple(added))


def _header(line: bytes) -> Commit:
    sha, author, name, committer, stamp = line[1:].decode("utf-8", "replace").split("\x1f")
    return Commit(
        sha,
        author.strip().lower(),
        name,
        committer.strip().lower(),
        datetime.fromtimestamp(int(stamp or 0), timezone.utc),
    )
