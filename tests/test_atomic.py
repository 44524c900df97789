"""atomic.write: the one way tfguard replaces a file (reports, kept plans, shims, the cache)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tfguard import atomic
from tfguard.errors import OutputError


def test_write_replaces_whole_with_the_mode_asked_for_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "plan.tfplan"
    target.write_text("old")
    atomic.write(target, b"new", mode=0o600)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    atomic.write(target, b"#!/bin/sh\n", mode=0o755)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["plan.tfplan"]


def test_a_failed_write_raises_and_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "dir-in-the-way"
    target.mkdir()
    with pytest.raises(OSError):
        atomic.write(target, b"x")
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]
    with pytest.raises(OutputError, match="dir-in-the-way: cannot write"):
        atomic.write_text(target, "x")
