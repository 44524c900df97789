"""`tfguard approvals sign` and `tfguard approvals prune`: an approver's day in one command,
and keeping the approval file short."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tfguard.cli.deliver import say
from tfguard.cli.options import now_option
from tfguard.errors import ExitCode, ProvenanceError

if TYPE_CHECKING:
    from tfguard.read.config import Config

plans_argument = click.argument("plans", nargs=-1, metavar="[PLAN...]")
file_options = [
    click.option(
        "--approvals",
        "approvals_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Approval file (default: tfguard-approvals.hcl at the top of the work tree).",
    ),
    click.option(
        "--config",
        "config_file",
        type=click.Path(path_type=Path),
        help="Config file (default: .tfguard.hcl at the top of the git work tree).",
    ),
    click.option(
        "--terraform-bin",
        envvar="TFGUARD_TERRAFORM_BIN",
        default="terraform",
        show_default=True,
        help="Binary used to read binary plan files (e.g. tofu). Env: TFGUARD_TERRAFORM_BIN.",
    ),
]


def with_file_options(command: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(file_options):
        command = option(command)
    return plans_argument(command)


def _setup(
    plans: tuple[str, ...],
    approvals_file: Path | None,
    config_file: Path | None,
    terraform_bin: str,
) -> tuple[Path, Config, set[tuple[str, tuple[str, ...], str]] | None]:
    """The approval file, the config, and (with plans) what their destructive changes are."""
    import sys
    from datetime import datetime, timezone

    from tfguard import pipeline
    from tfguard.read import config

    cfg = config.resolve(config_file, Path.cwd())
    path = approvals_file or cfg.approvals_file
    if not plans:
        return path, cfg, None
    request = pipeline.Request(
        plans=list(plans),
        now=datetime.now(timezone.utc),
        stdin=sys.stdin.buffer,
        terraform_bin=terraform_bin,
        config_file=config_file,
        approvals_file=approvals_file,
        allow_unversioned=True,  # only the changes are wanted here, not who approved them
    )
    verdict, _ = pipeline.judge(request)
    wanted = {
        (a.change.address, a.change.actions, a.fingerprint)
        for a in verdict.assessments
        if a.fingerprint is not None
    }
    return path, cfg, wanted


@click.command("sign")
@with_file_options
@now_option
def approvals_sign(
    plans: tuple[str, ...],
    approvals_file: Path | None,
    config_file: Path | None,
    terraform_bin: str,
    now: str | None,
) -> int:
    """Approve as yourself: add your git email to every open entry (or to the entries covering
    the changes in PLAN), and commit the file (signed when the level is `signed`).

    Run it in your own clone of the pull request's branch, then push. Exit 0 signed (or nothing
    to sign), 2 it could not (no git identity, uncommitted edits, level `reviewed` …).
    """
    from tfguard import approval_stubs as stubs
    from tfguard.cli.options import parse_now
    from tfguard.git import commit as git_commit
    from tfguard.judge.approvals import load
    from tfguard.model import Level

    path, cfg, wanted = _setup(plans, approvals_file, config_file, terraform_bin)
    if cfg.level is Level.REVIEWED:
        raise ProvenanceError(
            "provenance is `reviewed`: approve the pull/merge request on the platform instead; "
            "nothing in the file is signed"
        )
    name = git_commit.email(path)
    git_commit.clean(path)
    moment = parse_now(now)  # which entries are still open; signing never makes one count
    chosen = {
        e.index
        for e in load(path)
        if e.expires > moment
        and (wanted is None or (e.address, e.actions, e.fingerprint) in wanted)
    }
    signed = stubs.sign(path, name, chosen)
    if not signed:
        say(f"{path}: nothing to sign as {name} (no open entry without your name)")
        return ExitCode.PASS
    listing = "\n".join(f"  approval #{e.entry.index + 1} ({e.entry.address})" for e in signed)
    message = f"Approve {len(signed)} tfguard change(s) as {name}\n\n{listing}\n"
    done = git_commit.commit(path, message, sign=cfg.level is Level.SIGNED)
    say(f"Added {name} to {len(signed)} entr{'y' if len(signed) == 1 else 'ies'} of {path}:")
    say(listing)
    say(f"Committed {done.sha[:12]}{' (signed)' if done.signed else ''}; push it.")
    return ExitCode.PASS


@click.command("prune")
@with_file_options
@now_option
def approvals_prune(
    plans: tuple[str, ...],
    approvals_file: Path | None,
    config_file: Path | None,
    terraform_bin: str,
    now: str | None,
) -> int:
    """Remove expired entries, and with PLAN the entries that cover no destructive change in
    it, leaving comments and other entries as they are: one change to review and commit.

    Exit 0 (also when nothing was removed), 2 the file cannot be read or edited.
    """
    from tfguard import approval_stubs as stubs
    from tfguard.cli.options import parse_now

    path, _, wanted = _setup(plans, approvals_file, config_file, terraform_bin)
    removed = stubs.prune(path, parse_now(now), wanted)
    if not removed:
        say(f"{path}: nothing to prune")
        return ExitCode.PASS
    say(f"Removed {len(removed)} entr{'y' if len(removed) == 1 else 'ies'} from {path}:")
    for edit in removed:
        say(f"  approval #{edit.entry.index + 1} ({edit.entry.address}): {edit.why}")
    say(f"Review and commit it:  git commit -m 'Prune tfguard approvals' -- {path}")
    return ExitCode.PASS
