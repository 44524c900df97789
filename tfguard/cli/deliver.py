"""The one way a verdict leaves tfguard: redact -> render -> write -> audit (`check` and the
wrapper alike), and the terminal facts rendering needs."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import click

from tfguard.cli.options import ReportArgs
from tfguard.model import Verdict


def deliver(
    verdict: Verdict,
    report: ReportArgs,
    now: datetime,
    config_dir: Path | None = None,
    audit_extra: Mapping[str, object] | None = None,
) -> None:
    """Print (or write to --output) the redacted report, then append the audit record."""
    from tfguard.redact import redact, redact_verdict
    from tfguard.report import Options, headline, renderer

    shown = redact_verdict(verdict, report.patterns)
    color = report.output is None and report.fmt == "text" and use_color()
    options = Options(report.show_all, report.limit, color, terminal_width(), config_dir)
    text = redact(renderer(report.fmt)(shown, options), report.patterns)
    emit(text, report.output, redact(headline(verdict), report.patterns))
    if report.audit_log is not None:
        from tfguard import audit

        entry = audit.record(
            verdict, now, audit.actor(os.environ, sys.stdin.isatty(), audit.os_account())
        )
        entry.update(audit_extra or {})
        audit.append(report.audit_log, entry)


def emit(report: str, output: Path | None, verdict_line: str) -> None:
    if output is None:
        click.echo(report, nl=False)
        return
    from tfguard import atomic

    atomic.write_text(output, report)
    click.echo(f"tfguard: {verdict_line}", err=True)


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    if sys.stdout.isatty():
        return max(80, shutil.get_terminal_size().columns)
    return 120
