"""`tfguard approvals …`: work with the approval file."""

from __future__ import annotations

from pathlib import Path

import click

from tfguard.cli.approver import approvals_prune, approvals_sign
from tfguard.cli.deliver import say
from tfguard.cli.options import now_option, parse_now
from tfguard.errors import ExitCode
from tfguard.terminal import escape


@click.group()
def approvals() -> None:
    """Work with the approval file."""


@approvals.command("lint")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@now_option
def approvals_lint(file: Path | None, now: str | None) -> int:
    """Validate an approval file; list badly laid out entries, and expired ones as warnings.

    Exit 0 clean (or warnings only), 1 problems found, 2 the file cannot be read or is invalid.
    """
    from tfguard import approval_stubs as stubs
    from tfguard.read import config

    path = file or config.resolve(None, Path.cwd()).approvals_file
    problems, warnings = stubs.lint(path, parse_now(now))
    for line in problems:
        say(f"{escape(str(path))}: {escape(line)}")
    for line in warnings:
        say(f"{escape(str(path))}: warning: {escape(line)}")
    if not problems and not warnings:
        say(f"{path}: ok")
    return ExitCode.BLOCKED if problems else ExitCode.PASS


approvals.add_command(approvals_sign)
approvals.add_command(approvals_prune)
