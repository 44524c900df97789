"""`tfguard comment`: post the markdown report on the pull/merge request, or update
tfguard's earlier comment there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tfguard.cli.deliver import say
from tfguard.cli.options import platform_options
from tfguard.errors import ExitCode


@click.command()
@click.argument("report", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@platform_options
def comment(report: Path, platform: str, number: int | None, token_variable: str) -> int:
    """Post REPORT (markdown, e.g. from `check --format markdown --output FILE`; - for stdin)
    on the pull/merge request; the next run updates that comment instead of adding one.

    GitHub: GITHUB_TOKEN with `pull-requests: write`. GitLab: a token with the `api` scope in
    the variable --gitlab-token-variable names. Exit 0 posted, 2 it could not be posted.
    """
    from tfguard.platform import context

    body = _read(report)
    where = context.detect(os.environ, platform, number, token_variable)
    say(f"tfguard: {context.publish(where, body)}")
    return ExitCode.PASS


def _read(report: Path) -> str:
    if str(report) == "-":
        return sys.stdin.read()
    try:
        return report.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"{report}: cannot read it: {exc}", param_hint="REPORT") from None
