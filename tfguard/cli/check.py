"""`tfguard check`: judge plan files and gate on them."""

from __future__ import annotations

from dataclasses import replace

import click

from tfguard import pipeline
from tfguard.cli import KEPT
from tfguard.cli.deliver import deliver
from tfguard.cli.options import GateArgs, ReportArgs, gate_options, report_options
from tfguard.errors import ExitCode


@click.command()
@gate_options()
@report_options()
def check(gate: GateArgs, report: ReportArgs) -> int:
    """Classify every change in PLAN (JSON, binary plan file, or - for stdin) and gate on it.

    Several plans give one verdict. Exit 0 pass, 1 blocked, 2 cannot judge.
    """
    request = replace(gate.request(), locate=report.locates)
    outcome, _ = pipeline.judge(request)
    KEPT.append(outcome)  # freed by the process's exit, not on return
    deliver(outcome, report, request.now)
    return ExitCode.PASS if outcome.passed else ExitCode.BLOCKED
