"""The default terminal report, rendered with rich to a string (colour and width are options).

Verdict first, then counts per class, then one table per plan of the destructive and risky
changes. Tables are capped at `options.limit` rows per class so a 100,000-change plan stays
readable; the summary says how many rows were left out. Below `TABLE_WIDTH` columns the table
becomes a list (addresses whole, a destructive change's reasons wrapped on word boundaries,
never inside an identifier; a risky change on one line); `options.compact` prints one line per
change.
"""

from __future__ import annotations

import textwrap
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tfguard.model import Assessment, Classification, Verdict
from tfguard.redact import map_text
from tfguard.report import (
    Options,
    approval_line,
    approvals_notes,
    flagged,
    headline,
    listed,
    recovery_line,
)
from tfguard.terminal import escape

TABLE_WIDTH = 100
"""Narrower terminals get the list layout: a four-column table there breaks identifiers."""

_STYLE = {
    Classification.DESTRUCTIVE: "bold red",
    Classification.RISKY: "yellow",
    Classification.SAFE: "green",
}


def render(verdict: Verdict, options: Options) -> str:
    # which rows each plan's section shows is decided on the verdict as judged; then every value
    # shown is escaped: no control character from a plan, an approval file or a config reaches
    # the terminal as itself (rich would pass ESC, OSC and C1 through). Of the changes, only
    # the rows shown are escaped: the rest are counted, never printed (100,000 changes: 0.4 s).
    listing = listed(verdict, options)
    sections = [
        (index, *_capped([a for a in listing if a.change.plan == plan.source], options))
        for index, plan in enumerate(verdict.plans)
    ]
    rows = {id(a) for _, shown, _ in sections for a in shown}
    escaped = map_text(verdict, escape, only=lambda a: id(a) in rows)
    shown_as = {
        id(raw): new for raw, new in zip(verdict.assessments, escaped.assessments, strict=True)
    }
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
    console.print(Text(headline(verdict), style=style))  # numbers only
    for warning in escaped.warnings:
        console.print(Text(warning, style="bold yellow"))
    for index, shown, left_out in sections:
        section = [shown_as[id(a)] for a in shown]
        _plan_section(
            console, escaped.plans[index].source, section, left_out, options, len(sections) > 1
        )
    _extras(console, escaped)
    return out.getvalue()


def _plan_section(
    console: Console,
    source: str,
    shown: list[Assessment],
    left_out: int,
    options: Options,
    title: bool,
) -> None:
    if title:
        console.print(Text(f"\n{source}", style="bold"))
    if not shown:
        console.print("No destructive or risky changes.")
        return
    if options.compact:
        for assessment in shown:
            console.print(_compact_line(assessment), overflow="ignore", crop=False, soft_wrap=True)
    elif options.width < TABLE_WIDTH:
        for assessment in shown:
            _list_entry(console, assessment, options.width)
    else:
        table = Table(show_lines=False, expand=False, pad_edge=False)
        for column in ("class", "address", "actions", "reason"):
            table.add_column(column, overflow="fold")
        for assessment in shown:
            table.add_row(*_row(assessment))
        console.print(table)
    if left_out:
        console.print(f"… {left_out} more not shown (--limit 0 lists every change)")


def _capped(rows: list[Assessment], options: Options) -> tuple[list[Assessment], int]:
    """Destructive then risky rows, each class cut at `options.limit`; and how many were cut."""
    ordered = flagged(tuple(rows))
    shown: list[Assessment] = []
    for classification in (Classification.DESTRUCTIVE, Classification.RISKY):
        group = [a for a in ordered if a.classification is classification]
        shown += group[: options.limit] if options.limit else group
    return shown, len(ordered) - len(shown)


def _label(assessment: Assessment) -> Text:
    classification = assessment.classification
    label = classification.label + (" (approved)" if assessment.approved else "")
    return Text(label, style=_STYLE[classification])


def _reasons(assessment: Assessment) -> list[str]:
    lines = [recovery_line(assessment)] + [f"[{f.rule}] {f.message}" for f in assessment.findings]
    return [line for line in [*lines, approval_line(assessment)] if line]


def _row(assessment: Assessment) -> tuple[Text, Text, Text, Text]:
    """Cells are `Text`, never markup: addresses like `x[0]` must print as they are."""
    return (
        _label(assessment),
        Text(assessment.change.key),
        Text(",".join(assessment.change.actions)),
        Text("\n".join(_reasons(assessment))),
    )


def _compact_line(assessment: Assessment) -> Text:
    """`class address actions: [recovery STATUS;] first finding` on one line."""
    findings = [f"[{f.rule}] {f.message}" for f in assessment.findings]
    recovery = assessment.recovery
    first = ([f"recovery {recovery.status.upper()}"] if recovery is not None else []) + findings[:1]
    line = _label(assessment)
    line.append(f" {assessment.change.key} {','.join(assessment.change.actions)}")
    if first:
        line.append(f": {'; '.join(first)}")
    return line


def _list_entry(console: Console, assessment: Assessment, width: int) -> None:
    """The narrow layout: class, address (whole) and actions on one line; a destructive
    change's reasons below it, wrapped between words; a risky change's first reason only."""
    if assessment.classification is not Classification.DESTRUCTIVE:
        plain = _compact_line(assessment).plain
        for number, piece in enumerate(_wrap(plain, width, "", "    ")):
            text = Text(piece)
            if number == 0:  # the class label keeps its colour
                text.stylize(_STYLE[assessment.classification], 0, len(piece.split(" ")[0]))
            console.print(text, overflow="ignore", crop=False, soft_wrap=True)
        return
    head = _label(assessment)
    head.append(f" {assessment.change.key} {','.join(assessment.change.actions)}")
    console.print(head, overflow="ignore", crop=False, soft_wrap=True)
    for reason in _reasons(assessment):
        for line in _wrap(reason, width, "  ", "    "):
            console.print(Text(line), overflow="ignore", crop=False, soft_wrap=True)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Lines of at most `width` columns, broken between words only: an identifier longer than
    a line stays whole (the terminal may wrap it; tfguard never splits it)."""
    return textwrap.wrap(
        text,
        width=max(width - 1, 20),
        break_long_words=False,
        break_on_hyphens=False,
        initial_indent=first,
        subsequent_indent=rest,
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
