"""Writing and removing the shim scripts, and finding the real binary behind them."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

MARKER = "tfguard-shim: written by `tfguard shim install`"
"""In every file the installer writes; uninstall removes only files that carry it, and the
PATH search skips them."""
NAMES = ("terraform", "tofu")


def is_shim(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return MARKER.encode() in head


def find_real(name: str, search_path: str, shim_dir: Path) -> Path | None:
    """The first `name` on `search_path` that is not in `shim_dir` and not a tfguard shim."""
    skip = _resolved(shim_dir)
    for entry in search_path.split(os.pathsep):
        if not entry:  # an empty entry means the current directory: never trust it
            continue
        directory = Path(entry)
        if _resolved(directory) == skip:
            continue
        candidate = directory / name
        if (
            candidate.is_file()
            and os.access(candidate, os.X_OK)
            and _resolved(candidate).parent != skip
            and not is_shim(candidate)
        ):
            return candidate
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def script(name: str, shim_dir: Path, python: str, audit_log: Path | None) -> str:
    audit = f" --audit-log {shlex.quote(str(audit_log))}" if audit_log else ""
    return (
        "#!/bin/sh\n"
        f"# {MARKER}; `tfguard shim uninstall DIR` removes it.\n"
        f"# `{name} apply`/`destroy` go through tfguard's gate; state surgery is refused;\n"
        f"# everything else runs the real {name} found further down PATH.\n"
        f"exec {shlex.quote(python)} -I -m tfguard.shim {name} "
        f'{shlex.quote(str(shim_dir))}{audit} -- "$@"\n'
    )


def install(shim_dir: Path, python: str, audit_log: Path | None) -> list[Path]:
    """Write the shims (replacing earlier ones); never overwrite a file tfguard did not write."""
    from tfguard import atomic
    from tfguard.errors import TfguardError

    shim_dir = shim_dir.absolute()
    try:
        shim_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TfguardError(f"{shim_dir}: cannot create: {exc.strerror}") from None
    targets = [shim_dir / name for name in NAMES]
    for target in targets:
        if (target.exists() or target.is_symlink()) and not is_shim(target):
            raise TfguardError(f"{target}: exists and is not a tfguard shim; not replacing it")
    absolute_log = audit_log.absolute() if audit_log else None
    for target in targets:
        text = script(target.name, shim_dir, python, absolute_log)
        try:
            atomic.write(target, text.encode("utf-8"), mode=0o755)
        except OSError as exc:
            raise TfguardError(f"{target}: cannot write: {exc.strerror}") from None
    return targets


def uninstall(shim_dir: Path) -> tuple[list[Path], list[Path]]:
    """Remove the shims tfguard wrote in `shim_dir`: (removed, left alone)."""
    removed: list[Path] = []
    kept: list[Path] = []
    for name in NAMES:
        target = shim_dir / name
        if not (target.exists() or target.is_symlink()):
            continue
        if is_shim(target) and not target.is_symlink():
            target.unlink()
            removed.append(target)
        else:
            kept.append(target)
    return removed, kept
