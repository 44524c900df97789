"""The one way a verdict leaves tfguard: redact -> render -> write -> audit (`check` and the
wrapper alike); the terminal facts rendering needs; and `say` / `show`, through which every
message and document reaches the terminal with its control characters escaped."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import click

from tfguard.cli.options import ReportArgs
from tfguard.model import Verdict
from tfguard.terminal import escape


def deliver(
    verdict: Verdict,
    report: ReportArgs,
    now: datetime,
    audit_extra: Mapping[str, object] | None = None,
) -> None:
    """Print (or write to --output) the redacted report, then append the audit record."""
    from tfguard.read.config import git_top
    from tfguard.redact import redact, redact_verdict
    from tfguard.report import Options, headline, renderer

    shown = redact_verdict(verdict, report.patterns)
    cwd = Path.cwd()
    root = git_top(cwd)
    verdict_line = redact(headline(verdict), report.patterns)
    for fmt, path in report.reports:  # files first: the terminal report is the last word
        options = Options(report.show_all, report.limit, False, FILE_WIDTH, cwd=cwd, repo_root=root)
        write_file(path, redact(renderer(fmt)(shown, options), report.patterns))
    if report.quiet and report.output is None and report.fmt == "text":
        say(verdict_line)
    else:
        color = report.output is None and report.fmt == "text" and use_color()
        options = Options(
            report.show_all,
            report.limit,
            color,
            terminal_width(),
            compact=report.compact,
            cwd=cwd,
            repo_root=root,
        )
        text = redact(renderer(report.fmt)(shown, options), report.patterns)
        emit(text, report.fmt, report.output, verdict_line)
    if report.audit_log is not None:
        from tfguard import audit

        entry = audit.record(
            verdict, now, audit.actor(os.environ, sys.stdin.isatty(), audit.os_account())
        )
        entry.update(audit_extra or {})
        audit.append(report.audit_log, entry)


FILE_WIDTH = 120
"""Width of text reports written to files (no terminal to measure)."""


def emit(report: str, fmt: str, output: Path | None, verdict_line: str) -> None:
    """The report to stdout (terminal-safe), or to `output` byte for byte."""
    if output is None:
        show(report, fmt)
        return
    write_file(output, report)
    say(f"tfguard: {verdict_line}", err=True)


def write_file(path: Path, report: str) -> None:
    from tfguard import atomic

    atomic.write_text(path, report)


def say(message: str, *, err: bool = False) -> None:
    """A message tfguard composed (one line or several): whatever values it quotes are shown,
    never obeyed by the terminal."""
    click.echo(escape(message, lines=True), err=err)


def show(document: str, fmt: str) -> None:
    """A rendered document to stdout. The text formats (rich) escape each value themselves and
    may colour it; a JSON document keeps parsing to the same values; the others are text."""
    if fmt != "text":
        document = escape(document, lines=True, within_json=fmt in ("json", "sarif"))
    click.echo(document, nl=False)


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    if sys.stdout.isatty():
        import shutil  # on a terminal only (it imports bz2, lzma, zlib)

        return max(40, shutil.get_terminal_size().columns)
    return FILE_WIDTH
