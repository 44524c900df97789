"""`tfguard plan | apply | destroy`: run terraform and gate the plan it made."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from tfguard.cli.deliver import deliver, say
from tfguard.cli.options import GateArgs, ReportArgs, gate_options, report_options
from tfguard.model import Verdict
from tfguard.terminal import escape
from tfguard.terraform import args as tfargs
from tfguard.terraform import workdir, wrapper


def wrapper_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options of `plan`, `apply` and `destroy`: the gate's, the report's, and terraform's args."""
    command = report_options(
        format_help="Report format (with json and others, terraform's own output goes to stderr)."
    )(command)
    command = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Keep the checked (binary) plan in FILE, mode 0600; its JSON is never written. "
        "Terraform's -out does the same. A blocked plan is always kept (by default as "
        ".terraform/tfguard/blocked.tfplan).",
        metavar="FILE",
    )(command)
    command = click.argument(
        "terraform_args", nargs=-1, type=click.UNPROCESSED, metavar="[-- TERRAFORM_ARGS...]"
    )(command)
    return gate_options(plans=False, terraform_help="Terraform binary to run (e.g. tofu).")(command)


class WrapperUi:
    """How the wrapper shows itself: report on stdout (or --output), notes on stderr."""

    def __init__(self, command: str, report: ReportArgs, now: datetime) -> None:
        self.command = command
        self.options = report
        self.now = now

    def status(self, message: str) -> AbstractContextManager[object]:
        if not sys.stderr.isatty():
            return contextlib.nullcontext()
        from rich.console import Console
        from rich.text import Text

        return Console(stderr=True).status(Text(escape(message)))

    def note(self, message: str) -> None:
        from tfguard.redact import redact

        say(redact(message, self.options.patterns), err=True)

    def report(self, verdict: Verdict) -> None:
        extra = {"command": self.command, "shim": os.environ.get("TFGUARD_SHIM") or None}
        deliver(verdict, self.options, self.now, audit_extra=extra)

    def confirm(self, question: str) -> bool:
        try:
            answer = click.prompt(escape(question), default="", show_default=False, err=True)
        except click.Abort:
            say("", err=True)
            return False
        return str(answer).strip() == "yes"


def run_wrapper(
    command: str,
    gate: GateArgs,
    report: ReportArgs,
    terraform_args: tuple[str, ...],
    out: Path | None,
    plan_file: Path | None = None,
) -> int:
    """The body of plan / apply / destroy: they differ only in --plan-file."""
    request = replace(gate.request(), locate=report.locates)
    # what `terraform COMMAND ARGS` would run: TF_CLI_ARGS_<COMMAND> and TF_CLI_ARGS count as
    # typed (and terraform's own calls below never see them again)
    args = tfargs.split_args(tfargs.with_env_args(command, terraform_args, os.environ))
    job = wrapper.Job(
        command,
        request.terraform_bin,
        args,
        plan_file=plan_file,
        out=workdir.keep_path(out, args.out, args.chdir),
        terraform_stdout_to_stderr=report.fmt != "text" and report.output is None,
    )
    ui = WrapperUi(command, report, request.now)
    try:
        return wrapper.run(job, request, ui, os.environ).exit_code
    except KeyboardInterrupt:
        raise click.Abort from None


@click.command("plan", context_settings={"ignore_unknown_options": True})
@wrapper_options
def plan_command(
    gate: GateArgs, report: ReportArgs, terraform_args: tuple[str, ...], out: Path | None
) -> int:
    """Run `terraform plan`, then gate the plan it made; never applies.

    \b
    tfguard plan -- -var-file=prod.tfvars -chdir=infra
    runs: terraform -chdir=infra plan -out TMP -var-file=prod.tfvars
          terraform -chdir=infra show -json TMP   (then the gate, as `check`)

    Exit 0 pass, 1 blocked (the plan is kept, with the command to approve it), 2 cannot judge
    (terraform failed, interrupted, unreadable plan).
    """
    return run_wrapper("plan", gate, report, terraform_args, out)


@click.command("apply", context_settings={"ignore_unknown_options": True})
@click.option(
    "--plan-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gate and apply this saved plan instead of planning.",
)
@wrapper_options
def apply_command(
    gate: GateArgs,
    report: ReportArgs,
    terraform_args: tuple[str, ...],
    out: Path | None,
    plan_file: Path | None,
) -> int:
    """Plan, gate, and apply exactly the plan that was checked, only if the gate passes.

    \b
    tfguard apply -- -auto-approve -var-file=prod.tfvars
    tfguard apply --plan-file plan.tfplan

    Asks before applying unless -auto-approve or --plan-file (as terraform does). A blocked
    apply changes nothing, keeps the plan and prints how to approve it. Exit 0 applied, 1
    blocked (or declined), 2 terraform failed or was interrupted, or the plan cannot be judged.
    """
    return run_wrapper("apply", gate, report, terraform_args, out, plan_file)


@click.command("destroy", context_settings={"ignore_unknown_options": True})
@wrapper_options
def destroy_command(
    gate: GateArgs, report: ReportArgs, terraform_args: tuple[str, ...], out: Path | None
) -> int:
    """`tfguard apply` of a `plan -destroy`: destroys only what the gate lets through.

    Exit codes as apply.
    """
    return run_wrapper("destroy", gate, report, terraform_args, out)
