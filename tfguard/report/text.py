"""The default terminal report, rendered with rich to a string (colour and width are options).

Verdict first, then counts per class, then one table per plan of the destructive and risky
changes. Tables are capped at `options.limit` rows per class so a 100,000-change plan stays
readable; the summary says how many rows were left out.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tfguard.model import Assessment, Classification, Verdict
from tfguard.report import (
    Options,
    approval_line,
    approvals_notes,
    flagged,
    headline,
    listed,
    recovery_line,
)

_STYLE = {
    Classification.DESTRUCTIVE: "bold red",
    Classification.RISKY: "yellow",
    Classification.SAFE: "green",
}


def render(verdict: Verdict, options: Options) -> str:
    out = StringIO()
    console = Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
    )
    style = "bold green" if verdict.passed else "bold red"
    console.print(Text(headline(verdict), style=style))
    for warning in verdict.warnings:
        console.print(Text(warning, style="bold yellow"))
    shown = listed(verdict, options)
    for plan in verdict.plans:
        rows = [a for a in shown if a.change.plan == plan.source]
        _plan_section(console, plan.source, rows, options, len(verdict.plans) > 1)
    _extras(console, verdict)
    return out.getvalue()


def _plan_section(
    console: Console, source: str, rows: list[Assessment], options: Options, title: bool
) -> None:
    if title:
        console.print(Text(f"\n{source}", style="bold"))
    if not flagged(tuple(rows)):
        console.print("No destructive or risky changes.")
        return
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for column in ("class", "address", "actions", "reason"):
        table.add_column(column, overflow="fold")
    left_out = 0
    ordered = flagged(tuple(rows))
    for classification in (Classification.DESTRUCTIVE, Classification.RISKY):
        group = [a for a in ordered if a.classification is classification]
        cut = group[: options.limit] if options.limit else group
        left_out += len(group) - len(cut)
        for assessment in cut:
            table.add_row(*_row(assessment))
    console.print(table)
    if left_out:
        console.print(f"… {left_out} more not shown (--limit 0 lists every change)")


def _row(assessment: Assessment) -> tuple[Text, Text, Text, Text]:
    """Cells are `Text`, never markup: addresses like `x[0]` must print as they are."""
    classification = assessment.classification
    label = classification.label + (" (approved)" if assessment.approved else "")
    lines = [recovery_line(assessment)] + [f"[{f.rule}] {f.message}" for f in assessment.findings]
    reasons = "\n".join(line for line in [*lines, approval_line(assessment)] if line)
    return (
        Text(label, style=_STYLE[classification]),
        Text(assessment.change.key),
        Text(",".join(assessment.change.actions)),
        Text(reasons),
    )


def _extras(console: Console, verdict: Verdict) -> None:
    if verdict.drift:
        names = ", ".join(a.change.key for a in verdict.drift[:10])
        more = f" and {len(verdict.drift) - 10} more" if len(verdict.drift) > 10 else ""
        console.print(
            Text(f"\nDrift (changed outside Terraform; reported, not gated): {names}{more}")
        )
    for note in approvals_notes(verdict):
        console.print(Text(note))
    if verdict.deferred:
        console.print(
            f"Deferred to a later plan (not applied now, not gated): {len(verdict.deferred)}"
        )


def status(message: str) -> AbstractContextManager[Any]:
    """A spinner on stderr while tfguard reads and judges a plan (the wrapper; only on a TTY)."""
    return Console(stderr=True).status(message)
