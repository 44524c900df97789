"""Click commands only: arguments in, exit code out. The only package that prints or exits.

`options` declares every shared option once and parses it into a frozen `GateArgs` /
`ReportArgs`; `deliver` is the one redact -> render -> write -> audit path; one module per
command family (`check`, `approve`, `approvals`, `rules`, `wrap`, `shim`, `runtask`).

Exit codes: 0 pass, 1 blocked by the gate, 2 usage, input, config or rule-pack error (and any
unexpected failure: the gate fails closed).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence

import click

from tfguard import __version__
from tfguard.errors import ExitCode, TfguardError
from tfguard.report import REPORTERS
from tfguard.terminal import escape

__all__ = ["FORMATS", "ExitCode", "cli", "main", "run"]

FORMATS = tuple(sorted(REPORTERS))


def main() -> None:
    # A short-lived process holding one huge, acyclic parsed plan: the cyclic garbage
    # collector would rescan it on every generation-2 pass and find nothing (2-3x slower).
    gc.disable()
    code = run(sys.argv[1:])
    # Everything is written and closed by now; tearing down a multi-GB parsed plan object by
    # object would only cost time (about 1 s per 100,000 changes).
    with contextlib.suppress(BrokenPipeError, ValueError):  # a reader gone away (`| head`)
        sys.stdout.flush()
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()
    os._exit(code)


KEPT: list[object] = []
"""What the last command judged (its verdict, holding the parsed plans), kept referenced until
the next command or the process's end: `main` exits without freeing it, which takes a
multi-GB plan apart object by object (about 7% of a 100,000-change check)."""


def run(argv: Sequence[str]) -> int:
    """Run one command; every failure becomes a one-line message and exit code 2."""
    KEPT.clear()
    try:
        result = cli.main(args=list(argv), prog_name="tfguard", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)  # quotes what was typed: escaped like any other message
        click.echo(escape(shown.getvalue(), lines=True), err=True, nl=False)
        return ExitCode.ERROR
    except click.Abort:
        click.echo("tfguard: error: interrupted", err=True)
        return ExitCode.ERROR
    except TfguardError as exc:
        click.echo(f"tfguard: error: {escape(str(exc))}", err=True)
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


COMMANDS: dict[str, str] = {
    "apply": "tfguard.cli.wrap:apply_command",
    "approvals": "tfguard.cli.approvals:approvals",
    "approve": "tfguard.cli.approve:approve",
    "check": "tfguard.cli.check:check",
    "comment": "tfguard.cli.comment:comment",
    "destroy": "tfguard.cli.wrap:destroy_command",
    "explain": "tfguard.cli.rules:explain",
    "init": "tfguard.cli.init:init",
    "plan": "tfguard.cli.wrap:plan_command",
    "rules": "tfguard.cli.rules:rules",
    "runtask": "tfguard.cli.runtask:runtask",
    "shim": "tfguard.cli.shim:shim",
}
"""Command name -> where it is defined. A command's module is imported only when that command
runs (or `--help` lists them all): `tfguard check` on a JSON plan never imports the wrapper,
the run task service or the approval-file editors."""


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, attr = where.split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tfguard")
def cli() -> None:
    """tfguard: a gate between `terraform plan` and `terraform apply`.

    Destructive changes (data stores, backups, keys deleted, replaced or disarmed) block unless a
    reviewed approval covers them.
    """
