"""Every option shared by several commands, declared once, and the typed result it parses into.

`gate_options` and `report_options` are decorators: the command they decorate receives one
frozen `GateArgs` (as `gate`) or `ReportArgs` (as `report`) instead of a dozen keyword
arguments, so a command cannot forget or misread one, and the declarations cannot drift apart.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from tfguard import clock, pipeline
from tfguard.model import Level
from tfguard.platform import DEFAULT_TOKEN_VARIABLE
from tfguard.read import config
from tfguard.record import record
from tfguard.report import REPORTERS
from tfguard.terraform import workdir

FORMATS = tuple(sorted(REPORTERS))

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


@record
class GateArgs:
    """What the gate is asked: the plans, and where rules, config and approvals come from."""

    plans: tuple[str, ...]
    terraform_bin: str
    rule_dirs: tuple[Path, ...]
    config_file: Path | None
    approvals_file: Path | None
    level: Level | None
    allow_unversioned: bool
    now: datetime
    config_dir: Path | None
    base_ref: str | None
    platform: str
    number: int | None
    token_variable: str
    protected_ref: str | None
    ledger: Path | None

    def request(self) -> pipeline.Request:
        from tfguard.platform.reviewed import Where

        return pipeline.Request(
            plans=list(self.plans),
            now=self.now,
            stdin=sys.stdin.buffer,
            terraform_bin=self.terraform_bin,
            rule_dirs=self.rule_dirs,
            config_file=self.config_file,
            approvals_file=self.approvals_file,
            level=self.level,
            allow_unversioned=self.allow_unversioned,
            cache_dir=cache_dir(),
            facts=workdir.read_facts(Path.cwd(), os.environ),
            config_dir=self.config_dir,
            base_ref=self.base_ref,
            platform=Where(dict(os.environ), self.platform, self.number, self.token_variable),
            protected_ref=self.protected_ref,
            ledger=self.ledger,
        )


@record
class ReportArgs:
    """How the verdict is shown and recorded."""

    fmt: str
    output: Path | None
    show_all: bool
    limit: int
    audit_log: Path | None
    patterns: tuple[re.Pattern[str], ...]
    reports: tuple[tuple[str, Path], ...] = ()
    """Extra reports from the same verdict: (format, file) per `--report FORMAT=FILE`."""
    compact: bool = False
    quiet: bool = False

    @property
    def locates(self) -> bool:
        """Whether a requested format points at the `.tf` source (the pipeline then locates
        each flagged change)."""
        from tfguard.report import LOCATING

        return any(fmt in LOCATING for fmt in (self.fmt, *(f for f, _ in self.reports)))


def bundle(into: str, build: Callable[..., Any], options: Sequence[Decorator]) -> Decorator:
    """Declare `options` on a command, and hand it `build(**their values)` as `into=`."""

    def probe() -> None: ...

    for option in options:
        option(probe)
    names = [param.name for param in getattr(probe, "__click_params__", [])]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def call(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in names if name is not None}
            return command(*args, **kwargs, **{into: build(**values)})

        decorated: Callable[..., Any] = call
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


def parse_now(now: str | None) -> datetime:
    from tfguard.judge.approvals import parse_time

    return parse_time(now, "--now") if now else clock.now()


rule_dirs_option = click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra directory of rule packs (*.hcl), added to the built-in ones. Repeatable.",
)
now_option = click.option(
    "--now",
    envvar="TFGUARD_NOW",
    help="Judge expiry at this ISO 8601 time if it is later than the clock (an earlier time "
    "never revives an approval). Env: TFGUARD_NOW.",
)


PLATFORM_OPTIONS: list[Decorator] = [
    click.option(
        "--platform",
        type=click.Choice(["auto", "github", "gitlab"]),
        default="auto",
        show_default=True,
        help="Where the pull/merge request is (comments, provenance `reviewed`). auto: GitHub "
        "inside GitHub Actions, GitLab inside GitLab CI.",
    ),
    click.option(
        "--pr",
        "number",
        type=click.IntRange(min=1),
        help="Pull/merge request number (default: from the CI event; on a push to the "
        "protected branch, the request the pushed commit merged).",
    ),
    click.option(
        "--gitlab-token-variable",
        "token_variable",
        default=DEFAULT_TOKEN_VARIABLE,
        show_default=True,
        metavar="NAME",
        help="Environment variable holding the GitLab API token (GitHub: GITHUB_TOKEN).",
    ),
]
"""Which pull/merge request, on which platform: `comment` and every gate command."""


def platform_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(PLATFORM_OPTIONS):
        command = option(command)
    return command


def gate_options(
    *,
    plans: bool = True,
    terraform_help: str = "Binary used to read binary plan files (e.g. tofu).",
) -> Decorator:
    """Options of every command that judges plans (check, approve, plan, apply …) -> `gate`.

    The wrapper commands (`plans=False`) take terraform's arguments instead of PLAN...
    """
    options: list[Decorator] = [
        click.option(
            "--terraform-bin",
            envvar="TFGUARD_TERRAFORM_BIN",
            default="terraform",
            show_default=True,
            help=f"{terraform_help} Env: TFGUARD_TERRAFORM_BIN.",
        ),
        rule_dirs_option,
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
        now_option,
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
        *PLATFORM_OPTIONS,
        click.option(
            "--protected-ref",
            envvar="TFGUARD_PROTECTED_REF",
            metavar="REF",
            help="Protected branch (e.g. origin/main): the policy is the stricter of its "
            ".tfguard.hcl and the working tree's. Env: TFGUARD_PROTECTED_REF.",
        ),
        click.option(
            "--ledger",
            envvar="TFGUARD_LEDGER",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Approvals an apply already used (JSON lines, outside the work tree): "
            "`tfguard apply` records each one it uses, and none covers a second apply. "
            "Env: TFGUARD_LEDGER.",
        ),
    ]
    if plans:
        options.insert(0, click.argument("plans", nargs=-1, required=True, metavar="PLAN..."))

    def build(
        *,
        plans: tuple[str, ...] = (),
        level: str | None,
        now: str | None,
        **rest: Any,
    ) -> GateArgs:
        return GateArgs(
            plans=plans,
            level=Level[level.upper()] if level else None,
            now=parse_now(now),
            **rest,
        )

    return bundle("gate", build, options)


def report_options(*, format_help: str = "Report format.") -> Decorator:
    """--format, --output, --all, --limit, --audit-log, --redact -> `report`."""
    options: list[Decorator] = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="text",
            show_default=True,
            help=format_help,
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
            help="Replace matches of REGEX with (redacted) in the report and messages. Repeatable.",
        ),
        click.option(
            "--report",
            "reports",
            multiple=True,
            metavar="FORMAT=FILE",
            callback=_parse_reports,
            help="Also write a FORMAT report to FILE, from the same run (e.g. "
            "sarif=tfguard.sarif). Repeatable.",
        ),
        click.option(
            "--compact", is_flag=True, help="Text: one line per change (class, address, reason)."
        ),
        click.option("--quiet", is_flag=True, help="Text: print only the verdict line."),
    ]

    def build(*, redact_patterns: tuple[str, ...], **rest: Any) -> ReportArgs:
        return ReportArgs(patterns=tuple(compile_pattern(p) for p in redact_patterns), **rest)

    return bundle("report", build, options)


def _parse_reports(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    parsed: list[tuple[str, Path]] = []
    for value in values:
        fmt, sep, file = value.partition("=")
        if not sep or not file or fmt not in FORMATS:
            raise click.BadParameter(
                f"{value!r}: expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}",
                param_hint="--report",
            )
        parsed.append((fmt, Path(file)))
    files = [file for _, file in parsed]
    if len(set(files)) != len(files):
        raise click.BadParameter("two reports name the same file", param_hint="--report")
    return tuple(parsed)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise click.BadParameter(f"{pattern!r}: {exc}", param_hint="--redact") from None


def cache_dir() -> Path | None:
    """Where parsed rule packs are cached; TFGUARD_CACHE_DIR=off disables the cache.

    Never inside the git work tree being checked: a requester can commit files there, and
    with a umask of 077 a checked-out file looks as private as one tfguard wrote (the rule
    book also believes only private files, read.rulebook)."""
    configured = os.environ.get("TFGUARD_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        chosen = Path(configured)
    else:
        chosen = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tfguard"
    tree = config.git_top(Path.cwd().resolve())
    if tree is not None and chosen.resolve().is_relative_to(tree):
        return None
    return chosen
