"""Write a file so that readers see the old content or the new, never a mix or a stub."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from tfguard.errors import OutputError


def write_text(path: Path, text: str) -> None:
    """Replace `path` atomically: a temporary file in the same directory, then os.replace.

    An existing file at `path` is replaced (a symbolic link is replaced by a regular file; the
    file it pointed to is left alone). Two processes writing the same path never interleave:
    the last rename wins whole. A device or named pipe (`/dev/null`, `/dev/stdout`) is written
    into, never replaced.
    """
    if _special(path):
        _write_through(path, text)
        return
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None


def _special(path: Path) -> bool:
    """/dev/null, /dev/stdout, a named pipe: write into it, never rename over it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_through(path: Path, text: str) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
