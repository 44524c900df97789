"""`tfguard shim install | uninstall`: put tfguard in front of `terraform`/`tofu` on PATH."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tfguard.cli.deliver import say
from tfguard.errors import ExitCode


@click.group()
def shim() -> None:
    """Put tfguard in front of `terraform`/`tofu` for agents (executables first on PATH)."""


@shim.command("install")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--audit-log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record every refused command and every gate decision, with who ran it, in FILE.",
)
def shim_install(directory: Path, audit_log: Path | None) -> int:
    """Write `terraform` and `tofu` shims into DIRECTORY.

    With DIRECTORY first on PATH, `apply` and `destroy` go through tfguard's gate, `state rm`,
    `state push`, `workspace delete` and `force-unlock` are refused, and everything else runs
    the real binary further down PATH unchanged.
    """
    from tfguard.shim import install

    written = install.install(directory, sys.executable, audit_log)
    for path in written:
        real = install.find_real(path.name, os.environ.get("PATH", ""), directory)
        found = f"real {path.name}: {real}" if real else f"no real {path.name} on PATH yet"
        say(f"wrote {path} ({found})")
    say(f'Put it first on PATH:  export PATH="{directory.absolute()}:$PATH"')
    return ExitCode.PASS


@shim.command("uninstall")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def shim_uninstall(directory: Path) -> int:
    """Remove the shims `tfguard shim install` wrote in DIRECTORY (nothing else)."""
    from tfguard.shim import install

    removed, kept = install.uninstall(directory)
    for path in removed:
        say(f"removed {path}")
    for path in kept:
        say(f"left {path}: not written by tfguard", err=True)
    if not removed and not kept:
        say(f"no tfguard shim in {directory}")
    return ExitCode.PASS
