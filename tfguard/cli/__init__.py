"""Click commands only: arguments in, exit code out. The only module that prints or exits.

Exit codes: 0 pass, 1 blocked by the gate, 2 usage, input, config or rule-pack error (and any
unexpected failure: the gate fails closed).
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from enum import IntEnum
from pathlib import Path
from typing import Any

import click

from tfguard import __version__
from tfguard import pipeline as gate
from tfguard.errors import TfguardError
from tfguard.model import Level
from tfguard.report import REPORTERS
from tfguard.terraform import wrapper


class ExitCode(IntEnum):
    PASS = 0
    BLOCKED = 1
    ERROR = 2


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


def gate_options(
    command: Callable[..., Any],
    *,
    plans: bool = True,
    terraform_help: str = "Binary used to read binary plan files (e.g. tofu).",
) -> Callable[..., Any]:
    """Options shared by every command that judges plans (check, approve, plan, apply …).

    The wrapper commands (`plans=False`) take terraform's arguments instead of PLAN...
    """
    options = [
        click.argument("plans", nargs=-1, required=True, metavar="PLAN..."),
        click.option(
            "--terraform-bin",
            envvar="TFGUARD_TERRAFORM_BIN",
            default="terraform",
            show_default=True,
            help=f"{terraform_help} Env: TFGUARD_TERRAFORM_BIN.",
        ),
        click.option(
            "--rules",
            "rule_dirs",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Extra directory of rule packs (*.hcl), added to the built-in ones. Repeatable.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path),
            help="Config file (default: .tfguard.hcl here or at the top of the git work tree).",
        ),
        click.option(
            "--approvals",
            "approvals_file",
            type=click.Path(path_type=Path),
            help="Approval file (default: tfguard-approvals.hcl at the top of the work tree).",
        ),
        click.option(
            "--provenance",
            "level",
            type=click.Choice([lv.label for lv in Level]),
            help="Raise the git provenance level approvals need (never below the config's).",
        ),
        click.option(
            "--allow-unversioned-approvals",
            "allow_unversioned",
            is_flag=True,
            help="Count approvals outside git (the result is marked not authoritative).",
        ),
        click.option(
            "--now",
            envvar="TFGUARD_NOW",
            help="Judge expiry at this ISO 8601 time instead of the clock. Env: TFGUARD_NOW.",
        ),
        click.option(
            "--config-dir",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="The Terraform configuration (.tf) the plan was made from: SARIF results point "
            "into it and --base-ref compares it (default: the plan file's directory when it "
            "holds *.tf files).",
        ),
        click.option(
            "--base-ref",
            metavar="REF",
            help="Git ref to compare the .tf sources with (e.g. origin/main): a resource whose "
            "prevent_destroy was removed is destructive (default: protected_ref from the config).",
        ),
    ]
    for option in reversed(options if plans else options[1:]):
        command = option(command)
    return command


def request_from(params: dict[str, Any]) -> gate.Request:
    from tfguard.judge.approvals import parse_time

    now = params.pop("now")
    level = params.pop("level")
    return gate.Request(
        plans=params.pop("plans"),
        now=parse_time(now, "--now") if now else datetime.now(timezone.utc),
        stdin=sys.stdin.buffer,
        terraform_bin=params.pop("terraform_bin"),
        rule_dirs=params.pop("rule_dirs"),
        config_file=params.pop("config_file"),
        approvals_file=params.pop("approvals_file"),
        level=Level[level.upper()] if level else None,
        allow_unversioned=params.pop("allow_unversioned"),
        cache_dir=cache_dir(),
        facts=wrapper.read_facts(Path.cwd(), os.environ),
        config_dir=params.pop("config_dir"),
        base_ref=params.pop("base_ref"),
    )


@cli.command()
@gate_options
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
    help="Rows per class in the text and markdown tables (0: no limit).",
)
@click.option(
    "--audit-log",
    envvar="TFGUARD_AUDIT_LOG",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append a JSON line recording this decision to FILE. Env: TFGUARD_AUDIT_LOG.",
)
@click.option(
    "--redact",
    "redact_patterns",
    multiple=True,
    metavar="REGEX",
    help="Replace matches of REGEX with (redacted) in every output. Repeatable.",
)
def check(
    fmt: str,
    output: Path | None,
    show_all: bool,
    limit: int,
    audit_log: Path | None,
    redact_patterns: tuple[str, ...],
    **params: Any,
) -> int:
    """Classify every change in PLAN (JSON, binary plan file, or - for stdin) and gate on it.

    Several plans give one verdict. Exit 0 pass, 1 blocked, 2 cannot judge.
    """
    from tfguard.redact import redact, redact_verdict
    from tfguard.report import Options, headline, renderer

    patterns = compile_patterns(redact_patterns)
    request = request_from(params)
    outcome, _ = gate.judge(request)
    shown = redact_verdict(outcome, patterns)
    color = output is None and fmt == "text" and use_color()
    width = terminal_width()
    options = Options(show_all, limit, color, width, request.config_dir)
    report = redact(renderer(fmt)(shown, options), patterns)
    emit(report, output, redact(headline(outcome), patterns))
    if audit_log is not None:
        from tfguard import audit

        who = audit.actor(os.environ, sys.stdin.isatty())
        audit.append(audit_log, audit.record(outcome, request.now, who))
    return ExitCode.PASS if outcome.passed else ExitCode.BLOCKED


@cli.command()
@gate_options
@click.option("--reason", default=None, help="Why these changes are intended.")
@click.option("--ticket", default=None, help="Change ticket to record with each entry.")
@click.option(
    "--expires-in",
    default="72h",
    show_default=True,
    help="Lifetime of the new entries (e.g. 72h, 7d); capped by the configured maximum.",
)
def approve(reason: str | None, ticket: str | None, expires_in: str, **params: Any) -> int:
    """Append approval stubs for every destructive change in PLAN not yet approved.

    Existing entries and comments are kept. No approver is ever added: each approver adds
    their own name in their own commit.
    """
    from tfguard import approval_stubs as stubs
    from tfguard.judge.approvals import parse_duration

    request = request_from(params)
    outcome, cfg = gate.judge(request)
    lifetime = min(parse_duration(expires_in, "--expires-in"), cfg.policy.max_lifetime)
    path = gate.approvals_path(request, cfg)
    added = stubs.append(path, outcome, reason, ticket, request.now + lifetime)
    click.echo(stubs.next_steps(path, added))
    return ExitCode.PASS


@cli.group()
def approvals() -> None:
    """Work with the approval file."""


@approvals.command("lint")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--now", envvar="TFGUARD_NOW", help="Judge expiry at this ISO 8601 time.")
def approvals_lint(file: Path | None, now: str | None) -> int:
    """Validate an approval file; list expired and badly laid out entries.

    Exit 0 clean, 1 problems found, 2 the file cannot be read or is invalid.
    """
    from tfguard import approval_stubs as stubs
    from tfguard.judge.approvals import parse_time
    from tfguard.read import config

    path = file or config.resolve(None, Path.cwd()).approvals_file
    moment = parse_time(now, "--now") if now else datetime.now(timezone.utc)
    problems = stubs.lint(path, moment)
    for line in problems:
        click.echo(f"{path}: {line}")
    if not problems:
        click.echo(f"{path}: ok")
    return ExitCode.BLOCKED if problems else ExitCode.PASS


rule_dirs_option = click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra directory of rule packs (*.hcl). Repeatable.",
)


@cli.command()
@rule_dirs_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown writes the page docs/rules.md is generated from.",
)
def rules(rule_dirs: tuple[Path, ...], fmt: str) -> int:
    """List the rule catalogue: id, provider, class, what it matches."""
    from tfguard import catalogue
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    if fmt == "markdown":
        click.echo(catalogue.markdown_catalogue(book), nl=False)
    else:
        click.echo(catalogue.render_catalogue(book, use_color(), terminal_width()), nl=False)
    return ExitCode.PASS


@cli.command()
@click.argument("rule_id", metavar="RULE")
@rule_dirs_option
def explain(rule_id: str, rule_dirs: tuple[Path, ...]) -> int:
    """Show one rule's documentation: what it matches, why it matters, how to proceed."""
    from tfguard import catalogue
    from tfguard.read import rulebook

    book = rulebook.load(rule_dirs, cache_dir())
    rule = next((r for r in book.rules if r.id == rule_id), None)
    if rule is None:
        raise click.BadParameter(
            f"no rule {rule_id!r}; `tfguard rules` lists them", param_hint="RULE"
        )
    click.echo(catalogue.render_rule(rule, book, use_color(), terminal_width()), nl=False)
    return ExitCode.PASS


def compile_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    return [compile_pattern(p) for p in patterns]


def compile_pattern(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise click.BadParameter(f"{pattern!r}: {exc}", param_hint="--redact") from None


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


# --------------------------------------------------------------------------- the wrapper


def wrapper_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options of `plan`, `apply` and `destroy`: the gate's, the report's, and terraform's args."""
    options = [
        click.argument(
            "terraform_args", nargs=-1, type=click.UNPROCESSED, metavar="[-- TERRAFORM_ARGS...]"
        ),
        click.option(
            "--out",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Keep the checked plan in FILE, and its JSON beside it (FILE with a .json "
            "suffix). Terraform's -out does the same. A blocked plan is always kept.",
            metavar="FILE",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="text",
            show_default=True,
            help="Report format (with json and others, terraform's own output goes to stderr).",
        ),
        click.option(
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to FILE (atomically); the verdict line goes to stderr.",
        ),
        click.option("--all", "show_all", is_flag=True, help="Also list no-op and read changes."),
        click.option(
            "--limit",
            type=click.IntRange(min=0),
            default=50,
            show_default=True,
            help="Rows per class in the text and markdown tables (0: no limit).",
        ),
        click.option(
            "--audit-log",
            envvar="TFGUARD_AUDIT_LOG",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Append a JSON line recording this decision to FILE. Env: TFGUARD_AUDIT_LOG.",
        ),
        click.option(
            "--redact",
            "redact_patterns",
            multiple=True,
            metavar="REGEX",
            help="Replace matches of REGEX with (redacted) in tfguard's output. Repeatable.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return gate_options(command, plans=False, terraform_help="Terraform binary to run (e.g. tofu).")


class WrapperUi:
    """How the wrapper shows itself: report on stdout (or --output), notes on stderr."""

    def __init__(
        self,
        command: str,
        fmt: str,
        output: Path | None,
        show_all: bool,
        limit: int,
        audit_log: Path | None,
        patterns: list[re.Pattern[str]],
        now: datetime,
    ) -> None:
        self.command = command
        self.fmt = fmt
        self.output = output
        self.show_all = show_all
        self.limit = limit
        self.audit_log = audit_log
        self.patterns = patterns
        self.now = now

    def status(self, message: str) -> Any:
        import contextlib

        if not sys.stderr.isatty():
            return contextlib.nullcontext()
        from tfguard.report.text import status

        return status(message)

    def note(self, message: str) -> None:
        from tfguard.redact import redact

        click.echo(redact(message, self.patterns), err=True)

    def report(self, verdict: Any) -> None:
        from tfguard.redact import redact, redact_verdict
        from tfguard.report import Options, headline, renderer

        shown = redact_verdict(verdict, self.patterns)
        color = self.output is None and self.fmt == "text" and use_color()
        options = Options(self.show_all, self.limit, color, terminal_width(), None)
        report = redact(renderer(self.fmt)(shown, options), self.patterns)
        emit(report, self.output, redact(headline(verdict), self.patterns))
        if self.audit_log is not None:
            from tfguard import audit

            entry = audit.record(verdict, self.now, audit.actor(os.environ, sys.stdin.isatty()))
            entry["command"] = self.command
            entry["shim"] = os.environ.get("TFGUARD_SHIM") or None
            audit.append(self.audit_log, entry)

    def confirm(self, question: str) -> bool:
        try:
            answer = click.prompt(question, default="", show_default=False, err=True)
        except click.Abort:
            click.echo("", err=True)
            return False
        return str(answer).strip() == "yes"


def run_wrapper(command: str, params: dict[str, Any]) -> int:
    """The body of plan / apply / destroy: their options differ only in --plan-file."""
    terraform_args: tuple[str, ...] = params.pop("terraform_args")
    plan_file: Path | None = params.pop("plan_file", None)
    out: Path | None = params.pop("out")
    fmt: str = params.pop("fmt")
    output: Path | None = params.pop("output")
    show_all: bool = params.pop("show_all")
    limit: int = params.pop("limit")
    audit_log: Path | None = params.pop("audit_log")
    redact_patterns: tuple[str, ...] = params.pop("redact_patterns")
    patterns = compile_patterns(redact_patterns)
    params["plans"] = ()
    request = request_from(params)
    args = wrapper.split_args(terraform_args)
    keep = out or (Path(args.out) if args.out else None)
    if keep is not None and args.chdir and not keep.is_absolute() and out is None:
        keep = Path(args.chdir) / keep  # terraform reads -out relative to -chdir
    job = wrapper.Job(
        command,
        request.terraform_bin,
        args,
        plan_file=plan_file,
        out=keep,
        terraform_stdout_to_stderr=fmt != "text" and output is None,
    )
    ui = WrapperUi(command, fmt, output, show_all, limit, audit_log, patterns, request.now)
    try:
        return wrapper.run(job, request, ui, os.environ).exit_code
    except KeyboardInterrupt:
        raise click.Abort from None


@cli.command(
    "plan",
    context_settings={"ignore_unknown_options": True},
)
@wrapper_options
def plan_command(**params: Any) -> int:
    """Run `terraform plan`, then gate the plan it made; never applies.

    \b
    tfguard plan -- -var-file=prod.tfvars -chdir=infra
    runs: terraform -chdir=infra plan -out TMP -var-file=prod.tfvars
          terraform -chdir=infra show -json TMP   (then the gate, as `check`)

    Exit 0 pass, 1 blocked (the plan is kept, with the command to approve it), 2 cannot judge
    (terraform failed, interrupted, unreadable plan).
    """
    return run_wrapper("plan", params)


@cli.command("apply", context_settings={"ignore_unknown_options": True})
@click.option(
    "--plan-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gate and apply this saved plan instead of planning.",
)
@wrapper_options
def apply_command(**params: Any) -> int:
    """Plan, gate, and apply exactly the plan that was checked, only if the gate passes.

    \b
    tfguard apply -- -auto-approve -var-file=prod.tfvars
    tfguard apply --plan-file plan.tfplan

    Asks before applying unless -auto-approve or --plan-file (as terraform does). A blocked
    apply changes nothing, keeps the plan and prints how to approve it. Exit 0 applied, 1
    blocked (or declined), 2 terraform failed or was interrupted, or the plan cannot be judged.
    """
    return run_wrapper("apply", params)


@cli.command("destroy", context_settings={"ignore_unknown_options": True})
@wrapper_options
def destroy_command(**params: Any) -> int:
    """`tfguard apply` of a `plan -destroy`: destroys only what the gate lets through.

    Exit codes as apply.
    """
    return run_wrapper("destroy", params)


@cli.group()
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
    from tfguard import shim as shims

    written = shims.install(directory, sys.executable, audit_log)
    for path in written:
        real = shims.find_real(path.name, os.environ.get("PATH", ""), directory)
        found = f"real {path.name}: {real}" if real else f"no real {path.name} on PATH yet"
        click.echo(f"wrote {path} ({found})")
    click.echo(f'Put it first on PATH:  export PATH="{directory.absolute()}:$PATH"')
    return ExitCode.PASS


@shim.command("uninstall")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def shim_uninstall(directory: Path) -> int:
    """Remove the shims `tfguard shim install` wrote in DIRECTORY (nothing else)."""
    from tfguard import shim as shims

    removed, kept = shims.uninstall(directory)
    for path in removed:
        click.echo(f"removed {path}")
    for path in kept:
        click.echo(f"left {path}: not written by tfguard", err=True)
    if not removed and not kept:
        click.echo(f"no tfguard shim in {directory}")
    return ExitCode.PASS
