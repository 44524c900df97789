"""Write a file so that readers see the old content or the new, never a mix or a stub.

The one home for replacing a file: reports (`write_text`), kept plans, shim scripts and the
rulebook cache (`write`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tfguard.errors import OutputError


def write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` atomically: a temporary file in the same directory, then os.replace.

    The new file is readable by its owner only unless `mode` says otherwise. An existing file
    at `path` is replaced (a symbolic link is replaced by a regular file; the file it pointed to
    is left alone). Two processes writing the same path never interleave: the last rename wins
    whole. A device or named pipe (`/dev/null`, `/dev/stdout`) is written into, never replaced.
    Raises OSError; the temporary file never outlives a failure.
    """
    if _special(path):
        with path.open("wb") as out:
            out.write(data)
        return
    import tempfile  # (with shutil, bz2, lzma: not for a report written to a device or stdout)

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`write` for a report the user asked for: a failure is an OutputError naming the path."""
    try:
        write(path, text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None


def _special(path: Path) -> bool:
    """/dev/null, /dev/stdout, a named pipe: write into it, never rename over it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
