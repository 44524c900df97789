"""Click commands only: arguments in, exit code out. The only module that prints or exits.

Exit codes: 0 pass, 1 blocked by the gate, 2 usage, input, config or rule-pack error (and any
unexpected failure: the gate fails closed).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path

import click

from tfguard import __version__
from tfguard.errors import TfguardError


class ExitCode(IntEnum):
    PASS = 0
    BLOCKED = 1
    ERROR = 2


FORMATS = ("json", "text")  # keep in step with report.REPORTERS (tested)


def main() -> None:
    # A short-lived process holding one huge, acyclic parsed plan: the cyclic garbage
    # collector would rescan it on every generation-2 pass and find nothing (2-3x slower).
    gc.disable()
    sys.exit(run(sys.argv[1:]))


def run(argv: Sequence[str]) -> int:
    """Run one command; every failure becomes a one-line message and exit code 2."""
    try:
        result = cli.main(args=list(argv), prog_name="tfguard", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.ERROR
    except click.Abort:
        click.echo("tfguard: error: interrupted", err=True)
        return ExitCode.ERROR
    except TfguardError as exc:
        click.echo(f"tfguard: error: {exc}", err=True)
        return ExitCode.ERROR
    except Exception as exc:  # fail closed: never a traceback, never a pass
        if os.environ.get("TFGUARD_DEBUG"):
            raise
        click.echo(
            f"tfguard: error: internal error ({type(exc).__name__}); "
            "rerun with TFGUARD_DEBUG=1 for a traceback and report it",
            err=True,
        )
        return ExitCode.ERROR
    return int(result) if isinstance(result, int) else ExitCode.PASS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tfguard")
def cli() -> None:
    """tfguard: a gate between `terraform plan` and `terraform apply`.

    Destructive changes (data stores, backups, keys deleted, replaced or disarmed) block unless a
    reviewed approval covers them.
    """


@cli.command()
@click.argument("plans", nargs=-1, required=True, metavar="PLAN...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically); the verdict line goes to stderr.",
)
@click.option("--all", "show_all", is_flag=True, help="Also list no-op and read changes.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Rows per class in the text table (0: no limit).",
)
@click.option(
    "--terraform-bin",
    envvar="TFGUARD_TERRAFORM_BIN",
    default="terraform",
    show_default=True,
    help="Binary used to read binary plan files (e.g. tofu). Env: TFGUARD_TERRAFORM_BIN.",
)
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra directory of rule packs (*.hcl), added to the built-in ones. Repeatable.",
)
def check(
    plans: tuple[str, ...],
    fmt: str,
    output: Path | None,
    show_all: bool,
    limit: int,
    terraform_bin: str,
    rule_dirs: tuple[Path, ...],
) -> int:
    """Classify every change in PLAN (JSON, binary plan file, or - for stdin) and gate on it.

    Several plans give one verdict. Exit 0 pass, 1 blocked, 2 cannot judge.
    """
    from tfguard import plan, rulebook, verdict
    from tfguard.report import Options, headline, renderer

    book = rulebook.load(rule_dirs, cache_dir())
    stdin = sys.stdin.buffer
    outcome = verdict.decide([plan.load(p, terraform_bin, stdin) for p in plans], book)
    color = output is None and fmt == "text" and use_color()
    options = Options(all=show_all, limit=limit, color=color, width=terminal_width())
    emit(renderer(fmt)(outcome, options), output, headline(outcome))
    return ExitCode.PASS if outcome.passed else ExitCode.BLOCKED


def emit(report: str, output: Path | None, verdict_line: str) -> None:
    if output is None:
        click.echo(report, nl=False)
        return
    from tfguard import atomic

    atomic.write_text(output, report)
    click.echo(f"tfguard: {verdict_line}", err=True)


def cache_dir() -> Path | None:
    """Where parsed rule packs are cached; TFGUARD_CACHE_DIR=off disables the cache."""
    configured = os.environ.get("TFGUARD_CACHE_DIR")
    if configured:
        return None if configured == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tfguard"


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    if sys.stdout.isatty():
        return max(80, shutil.get_terminal_size().columns)
    return 120
