"""The history replay finds, between two versions, only what changed: checked against reading
every version whole, over random edit sequences (edits anywhere, blocks sharing lines, files
without a final newline, duplicates, an emptied file)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timezone

import pytest

from tfguard.git import history
from tfguard.read import hcldata

WHEN = datetime(2026, 11, 27, tzinfo=timezone.utc)


def block(index: int, names: list[str], style: int) -> str:
    binding = (
        f'approval {{\n  address = "aws_s3_bucket.b{index}"\n  actions = ["delete"]\n'
        f'  fingerprint = "sha256:{index:04x}"\n  expires = "2026-12-01T00:00:00Z"\n'
    )
    if style == 2:  # the approvers on one line
        return binding + "  approved_by = [" + ", ".join(f'"{n}"' for n in names) + "]\n}\n"
    one_per_line = "".join(f'    "{n}",\n' for n in names)
    text = binding + "  approved_by = [\n" + one_per_line + "  ]\n}\n"
    return f"\n# entry {index}\n{text}" if style == 1 else text


def git_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def pairs_of(text: str) -> Counter[history.Pair]:
    found: Counter[history.Pair] = Counter()
    for item in hcldata.loads(text).get("approval", []):
        key = history.key_of(item)
        found.update((key, name) for name in dict.fromkeys(history.names_of(item)))
    return found


def oracle(versions: list[str]) -> dict[history.Pair, int]:
    """For each pair of the last version: the index of the version that made it appear."""
    origin: dict[history.Pair, int] = {}
    for number, text in enumerate(versions):
        present = pairs_of(text)
        origin = {p: origin.get(p, number) for p in present}
    return origin


def edits(seed: int) -> list[str]:
    chance = random.Random(seed)
    entries: list[tuple[int, list[str], int]] = []
    versions = []
    for _ in range(40):
        move = chance.random()
        if move < 0.35 or not entries:
            at = chance.randint(0, len(entries))
            entries.insert(at, (chance.randint(0, 9), [], chance.randint(0, 2)))
        elif move < 0.7:
            index, names, style = chance.choice(entries)
            names.append(chance.choice(["alice", "bob", "carol"]))
        elif move < 0.8:
            entries.pop(chance.randrange(len(entries)))
        elif move < 0.9:
            at = chance.randrange(len(entries))
            index, names, style = entries[at]
            entries[at] = (index, list(names), (style + 1) % 3)  # same meaning, new layout
        else:
            entries.clear()
        text = "".join(block(*entry) for entry in entries)
        if chance.random() < 0.2:
            text = text.rstrip("\n")  # no final newline
        versions.append(text)
    return versions


@pytest.mark.parametrize("seed", range(60))
def test_the_replay_agrees_with_reading_every_version_whole(seed: int) -> None:
    versions = edits(seed)
    commits = [
        history.Commit(f"{number:040x}", f"c{number}@x", "c", f"c{number}@x", WHEN)
        for number in range(len(versions))
    ]
    state = history.replay(
        history.Version(commit, text.encode())
        for commit, text in zip(commits, versions, strict=True)
    )
    expected = oracle(versions)
    assert {pair: origin.commit.sha for pair, origin in state.pairs.items()} == {
        pair: commits[number].sha for pair, number in expected.items()
    }
    assert state.lines == git_lines(versions[-1])
