"""`tfguard approve`: append approval stubs for what a plan would destroy."""

from __future__ import annotations

from dataclasses import replace

import click

from tfguard import pipeline
from tfguard.cli.deliver import say
from tfguard.cli.options import GateArgs, gate_options
from tfguard.errors import ExitCode


@click.command()
@gate_options()
@click.option("--reason", default=None, help="Why these changes are intended.")
@click.option("--ticket", default=None, help="Change ticket to record with each entry.")
@click.option(
    "--expires-in",
    default="72h",
    show_default=True,
    help="Lifetime of the new entries (e.g. 72h, 7d); capped by the configured maximum.",
)
def approve(gate: GateArgs, reason: str | None, ticket: str | None, expires_in: str) -> int:
    """Append approval stubs for every destructive change in PLAN not yet approved.

    Existing entries and comments are kept. No approver is ever added: each approver adds
    their own name in their own commit.
    """
    from tfguard import approval_stubs as stubs
    from tfguard.judge.approvals import parse_duration
    from tfguard.read.config import level_for

    request = replace(gate.request(), approvals_may_be_missing=True)
    outcome, cfg = pipeline.judge(request)
    lifetime = min(parse_duration(expires_in, "--expires-in"), cfg.policy.max_lifetime)
    path = pipeline.approvals_path(request, cfg)
    stub = stubs.Stub(
        reason, ticket, request.judged_at + lifetime, level_for(cfg, request.level), cfg.policy
    )
    added = stubs.append(path, outcome, stub)
    say(stubs.next_steps(path, added, stub))
    return ExitCode.PASS
