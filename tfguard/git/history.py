"""What the approval file's history means: who added each approver to each entry.

Pure: it replays the file's versions along HEAD's first-parent history (`provenance.py` asks
git for the commits and their blobs: one `git log --raw`, one `git cat-file --batch`) as data.
Between two versions only the lines between their common prefix and common suffix can differ
(found with memory compares, not a line diff); the version is cut into chunks at the lines that
open a top-level block, and only the chunks around the change are parsed (by `read.hcldata`,
cached by text), so the cost grows with the size of the changes plus one memory compare over
each version. For every (entry, approver) pair of the last version it answers: which commit
made the pair appear, and whether the entry existed in another form just before (an approval
of other binding fields, now void).

An entry is identified by what binds it: address, actions, fingerprint and expiry. Layout,
comments, reordering, reason or ticket edits change nothing; any change to a binding field makes
every approver's pair new, so each approver must approve again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tfguard.errors import DataError
from tfguard.read import hcldata
from tfguard.record import record

MARK = b"\x1e"
"""Starts each commit's header line in the log (never the first byte of a patch line)."""
FORMAT = "%x1e%H%x1f%ae%x1f%an%x1f%ce%x1f%ct"
"""Raw identities (`%ae`, not `%aE`: never the mailmap)."""

Key = tuple[Any, ...]
"""(address, actions, fingerprint, expires): what an approval is an approval of."""
Pair = tuple[Key, str]
"""(entry key, approver name in lower case)."""

_START = hcldata.BLOCK_START


@record
class Commit:
    sha: str
    author: str
    """Author email as recorded (lower case), never mapped."""
    author_name: str
    committer: str
    time: datetime
    """Committer date: when the commit claims it was made."""


@record
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


@record
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


@record
class Version:
    """One commit of the first-parent history and the file's content after it."""

    commit: Commit
    content: bytes
    unreadable: str | None = None
    """Set when git cannot give this version as a regular file's text."""


class Replayer:
    """Replays the versions in order. Between two versions only the lines between their common
    prefix and common suffix can differ (found with memory compares, never a line diff), and
    only the chunks around them are parsed: the cost grows with the size of the changes, plus
    one pass over the bytes of each version."""

    def __init__(self, json_file: bool = False) -> None:
        self.state = Replay()
        self.chunks = _Chunks(json_file)
        self.counts: Counter[Pair] = Counter()
        self.key_counts: Counter[Key] = Counter()
        self.bad: Counter[str] = Counter()
        """Unreadable chunks present in the current version, by text."""
        self.previous = b""

    def version(self, version: Version) -> None:
        commit, data = version.commit, version.content
        state = self.state
        state.commits += 1
        if version.unreadable is not None:
            self._forget(commit, version.unreadable)
            return
        old = self.previous
        if data == old:
            return
        begin, old_end, new_end = _changed(old, data)
        try:
            added = _lines(data[begin:new_end].decode("utf-8"))
        except UnicodeDecodeError:
            self._forget(commit, "not UTF-8 text")
            return
        self.previous = data
        lines = state.lines
        # The line number of `begin`, counted from the nearer end of the file.
        if begin <= len(old) // 2:
            at = old.count(b"\n", 0, begin)
        else:
            at = len(lines) - old.count(b"\n", begin) - (not old.endswith(b"\n"))
        removed = old.count(b"\n", begin, old_end) + (
            old[old_end - 1 : old_end] not in (b"\n", b"")
        )
        first = _chunk_start(lines, at - 1) if at > 0 else 0
        old_stop = _next_start(lines, at + removed)
        before = [self.chunks.parse(t) for t in _chunk_texts(lines, first, old_stop)]
        lines[at : at + removed] = added
        new_stop = _next_start(lines, at + len(added))
        after = [self.chunks.parse(t) for t in _chunk_texts(lines, first, new_stop)]
        self._update(commit, before, after)

    def _forget(self, commit: Commit, why: str) -> None:
        """A version we cannot read: everything after it is of unknown origin until rewritten."""
        state = self.state
        state.unreadable = f"commit {commit.sha[:8]}: {why}"
        state.lines = []
        self.previous = b""
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


def _lines(text: str) -> list[str]:
    """Lines as git counts them: broken at `\n` only (a last line without one is a line)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


_BLOCK = 1 << 16


def _prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix of a and b (block compares, then a binary search)."""
    end = min(len(a), len(b))
    view = memoryview(b)
    at = 0
    while at < end:
        stop = min(at + _BLOCK, end)
        if a.startswith(view[at:stop], at):
            at = stop
            continue
        while stop - at > 1:
            middle = (at + stop) // 2
            if a.startswith(view[at:middle], at):
                at = middle
            else:
                stop = middle
        return at
    return end


def _suffix(a: bytes, b: bytes, limit: int) -> int:
    """Length of the common suffix of a and b, at most `limit`."""
    view = memoryview(b)
    size_a, size_b = len(a), len(b)
    done = 0
    while done < limit:
        step = min(_BLOCK, limit - done)
        if a.startswith(view[size_b - done - step : size_b - done], size_a - done - step):
            done += step
            continue
        low, high = 0, step  # the last `low` bytes of the block match, the last `high` do not
        while high - low > 1:
            middle = (low + high) // 2
            if a.startswith(view[size_b - done - middle : size_b - done], size_a - done - middle):
                low = middle
            else:
                high = middle
        return done + low
    return limit


def _changed(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(begin, old_end, new_end): old[begin:old_end] became new[begin:new_end], with `begin`
    at a line start and the unchanged tails starting at a line start in both versions."""
    begin = old.rfind(b"\n", 0, _prefix(old, new)) + 1
    same = _suffix(old, new, min(len(old), len(new)) - begin)
    old_tail, new_tail = len(old) - same, len(new) - same
    if same and not (_line_start(old, old_tail) and _line_start(new, new_tail)):
        newline = old.find(b"\n", old_tail)
        same = len(old) - newline - 1 if newline >= 0 else 0
    return begin, len(old) - same, len(new) - same


def _line_start(data: bytes, at: int) -> bool:
    return at == 0 or data[at - 1 : at] == b"\n"


def replay(versions: Iterable[Version], json_file: bool = False) -> Replay:
    """Replay the file's versions along the first-parent history, oldest first.

    A JSON approval file has no `approval {` lines, so each of its versions is one chunk (read
    whole by the json module: fast, but the cost grows with commits x file size)."""
    replayer = Replayer(json_file)
    for version in versions:
        replayer.version(version)
    return replayer.state


REGULAR = ("100644", "100755")
"""Modes of a regular file (a symbolic link, a submodule are not an approval file)."""


def changes(log: bytes) -> list[tuple[Commit, str, str]]:
    """(commit, new mode, new blob id) per commit of `git log --raw --no-abbrev
    --format=FORMAT` output of one path (a deleted file: mode 000000)."""
    found: list[tuple[Commit, str, str]] = []
    for entry in log.split(MARK)[1:]:
        head, _, rest = entry.partition(b"\n")
        raw = [line for line in rest.split(b"\n") if line.startswith(b":")]
        if not raw:
            continue
        fields = raw[-1][1:].split(b"\t", 1)[0].split()
        found.append((_header(head), fields[1].decode(), fields[3].decode()))
    return found


def _header(line: bytes) -> Commit:
    sha, author, name, committer, stamp = line.decode("utf-8", "replace").split("\x1f")
    return Commit(
        sha,
        author.strip().lower(),
        name,
        committer.strip().lower(),
        datetime.fromtimestamp(int(stamp or 0), timezone.utc),
    )
