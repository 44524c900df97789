"""Write a file so that readers see the old content or the new, never a mix or a stub."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tfguard.errors import OutputError


def write_text(path: Path, text: str) -> None:
    """Replace `path` atomically: a temporary file in the same directory, then os.replace.

    An existing file at `path` is replaced (a symbolic link is replaced by a regular file; the
    file it pointed to is left alone). Two processes writing the same path never interleave:
    the last rename wins whole.
    """
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
