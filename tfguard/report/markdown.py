"""`--format markdown`: a pull-request comment or a GitHub step summary.

Verdict first, then the counts, the destructive changes (with their approval status), the risky
ones folded in a `<details>` block, and the plans. GitHub refuses comments over 65,536
characters, so the report stays under `BUDGET` by dropping rows (risky before destructive)
and saying how many it left out; `options.limit` caps rows per class as in the text report.

Addresses, messages and plan names are untrusted text (a for_each key can hold anything): every
one goes through `escape()`, so no value can end a table cell, open a tag or start a code span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tfguard.catalogue import doc_url
from tfguard.model import Assessment, Classification, Plan, Verdict
from tfguard.report import Options, approvals_notes, by_class, headline, listed

BUDGET = 60_000
"""Characters the whole report may use (GitHub's comment limit is 65,536)."""

MARKER = "<!-- tfguard-report -->"
"""Lets a bot find and update its earlier comment instead of adding one per push."""

PLANS_BUDGET = 5_000
"""Characters reserved for the plans table (hundreds of plans under terragrunt get cut)."""

ADDRESS_CHARS = 300
MESSAGE_CHARS = 400
REASONS_SHOWN = 8
NOTES_SHOWN = 20
"""Caps per cell and per list (before escaping): no single value can eat the budget."""

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN = set("\\`*_[]~|")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def escape(text: str) -> str:
    """Untrusted text → inert markdown for a table cell or inline HTML.

    `&<>` become entities (no tag can open or close); markdown punctuation that could
    start emphasis, a link, a code span or a cell boundary gets a backslash; line breaks and
    other control characters become spaces (a row is one line).
    """
    out: list[str] = []
    for char in _CONTROL.sub(" ", text):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _MARKDOWN:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code(text: str) -> str:
    return f"<code>{escape(_clip(text, ADDRESS_CHARS))}</code>"


@dataclass
class _Table:
    """Rows of one table, and how many the caps left out."""

    header: str
    rows: list[str]
    left_out: int = 0
    shown: list[str] = field(default_factory=list)


def render(verdict: Verdict, options: Options) -> str:
    shown = listed(verdict, options)
    several = len(verdict.plans) > 1
    destructive = _table(
        by_class(shown, Classification.DESTRUCTIVE), options, several, approval=True
    )
    risky = _table(by_class(shown, Classification.RISKY), options, several, approval=False)
    plans = _Table(
        "| plan | terraform | format | changes | destructive | risky | sha256 |\n"
        "|---|---|---|--:|--:|--:|---|",
        [_plan_row(p, verdict) for p in verdict.plans],
    )
    head = _head(verdict)
    budget = BUDGET - len(head) - 2_000  # headers, notes and <details> wrappers
    budget -= _fit(plans, PLANS_BUDGET)  # a few plan rows always fit
    for table in (destructive, risky):
        budget -= _fit(table, budget)
        if len(table.shown) < len(table.rows):
            budget = 0  # once a table is cut, later (less important) tables are cut too
    parts = [head]
    parts += _destructive_section(destructive, verdict)
    parts += _risky_section(risky, verdict)
    parts += _plans_section(plans)
    parts.append(MARKER)
    return "\n".join(parts) + "\n"


def _fit(table: _Table, budget: int) -> int:
    """Show the rows of `table` that fit in `budget` characters; return what they use."""
    used = fits = 0
    for row in table.rows:
        if used + len(row) + 1 > budget:
            break
        used += len(row) + 1
        fits += 1
    table.shown = table.rows[:fits]
    table.left_out += len(table.rows) - fits
    return used


def _head(verdict: Verdict) -> str:
    status, _, rest = headline(verdict).partition(": ")
    s = verdict.summary
    lines = [
        f"**{status}**: {escape(rest)}",
        "",
        "| class | changes |",
        "|---|--:|",
        f"| destructive | {s.destructive} ({s.approved} approved, {s.unapproved} not approved) |",
        f"| risky | {s.risky} |",
        f"| safe | {s.safe} |",
    ]
    notes = _notes(verdict)
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def _notes(verdict: Verdict) -> list[str]:
    notes: list[str] = [f"- **{escape(_clip(w, MESSAGE_CHARS * 2))}**" for w in verdict.warnings]
    if verdict.drift:
        notes.append(
            f"- Drift: {len(verdict.drift)} resource(s) changed outside Terraform "
            "(reported, not gated)."
        )
    if verdict.deferred:
        notes.append(
            f"- Deferred: {len(verdict.deferred)} change(s) left for a later plan "
            "(not applied now, not gated)."
        )
    extra = approvals_notes(verdict)
    notes += [f"- {escape(_clip(note, MESSAGE_CHARS))}" for note in extra[:NOTES_SHOWN]]
    if len(extra) > NOTES_SHOWN:
        notes.append(f"- … {len(extra) - NOTES_SHOWN} more notes about approvals")
    return notes


def _table(
    assessments: list[Assessment], options: Options, several: bool, *, approval: bool
) -> _Table:
    columns = ["plan"] if several else []
    columns += ["address", "actions", "reasons"]
    if approval:
        columns.append("approval")
    header = "| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|"
    capped = assessments[: options.limit] if options.limit else assessments
    rows = [_row(a, several, approval) for a in capped]
    return _Table(header, rows, left_out=len(assessments) - len(capped))


def _row(assessment: Assessment, several: bool, approval: bool) -> str:
    change = assessment.change
    cells = [escape(_clip(change.plan, ADDRESS_CHARS))] if several else []
    cells += [_code(change.key), escape(",".join(change.actions)), _reasons(assessment)]
    if approval:
        cells.append(_approval(assessment))
    return "| " + " | ".join(cells) + " |"


def _reasons(assessment: Assessment) -> str:
    findings = assessment.findings
    lines = [
        f"**[{escape(f.rule)}]({doc_url(f.rule)})**: {escape(_clip(f.message, MESSAGE_CHARS))}"
        for f in findings[:REASONS_SHOWN]
    ]
    if len(findings) > REASONS_SHOWN:
        lines.append(f"… {len(findings) - REASONS_SHOWN} more")
    recovery = assessment.recovery
    if recovery is not None:
        evidence = "; ".join(recovery.evidence)
        detail = f": {escape(_clip(evidence, MESSAGE_CHARS))}" if evidence else ""
        lines.append(f"*data {escape(recovery.status)}*{detail}")
    return "<br>".join(lines) if lines else "-"


def _approval(assessment: Assessment) -> str:
    coverage = assessment.coverage
    if assessment.approved:
        approvers = coverage.approvers if coverage is not None else ()
        by = f" by {escape(', '.join(approvers))}" if approvers else ""
        return f"approved{by}"
    if coverage is None:
        return "**not approved**"
    why = coverage.detail or coverage.status
    return f"**not approved**: {escape(_clip(why, MESSAGE_CHARS))}"


def _plan_row(plan: Plan, verdict: Verdict) -> str:
    mine = [a for a in verdict.assessments if a.change.plan == plan.source]
    destructive = sum(1 for a in mine if a.classification is Classification.DESTRUCTIVE)
    risky = sum(1 for a in mine if a.classification is Classification.RISKY)
    cells = [
        _code(plan.source),
        escape(plan.terraform_version or "?"),
        escape(plan.format_version),
        str(len(plan.changes)),
        str(destructive),
        str(risky),
        f"<code>{escape(plan.sha256[:12])}</code>",
    ]
    return "| " + " | ".join(cells) + " |"


def _left_out(table: _Table, what: str) -> list[str]:
    if not table.left_out:
        return []
    return [
        "",
        f"*{table.left_out:,} more {what} not shown. This report is capped by `--limit` and at "
        f"{BUDGET:,} characters; `--format text --limit 0` or `--format json` lists every "
        "change.*",
    ]


def _destructive_section(table: _Table, verdict: Verdict) -> list[str]:
    total = len(table.rows) + table.left_out
    if not total:
        return ["", "No destructive changes."]
    title = f"### Destructive changes ({total})"
    if not verdict.passed:
        title += f": {len(verdict.blocking)} not approved"
    return ["", title, "", table.header, *table.shown, *_left_out(table, "destructive changes")]


def _risky_section(table: _Table, verdict: Verdict) -> list[str]:
    total = len(table.rows) + table.left_out
    if not total:
        return []
    return [
        "",
        "<details>",
        f"<summary>{total} risky change(s): they do not block</summary>",
        "",
        table.header,
        *table.shown,
        *_left_out(table, "risky changes"),
        "",
        "</details>",
    ]


def _plans_section(table: _Table) -> list[str]:
    total = len(table.rows) + table.left_out
    title = "<summary>Plan</summary>" if total == 1 else f"<summary>Plans ({total})</summary>"
    return [
        "",
        "<details>",
        title,
        "",
        table.header,
        *table.shown,
        *_left_out(table, "plans"),
        "",
        "</details>",
        "",
    ]
