"""Reporters: one pure `render(verdict, options) -> str` per format, chosen from `REPORTERS`.

Formats are imported only when used, so `--format json` never pays for importing rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from tfguard.model import Action, Assessment, Classification, Verdict


@dataclass(frozen=True, slots=True)
class Options:
    all: bool = False
    """List no-op and read changes too."""
    limit: int = 50
    """Rows per class in human-readable tables; 0 lists every row."""
    color: bool = False
    width: int = 100


Renderer = Callable[[Verdict, Options], str]

REPORTERS: dict[str, str] = {
    "text": "tfguard.report.text",
    "json": "tfguard.report.json",
}
"""Format name -> module exposing `render`. Adding a format is one module and one line here."""


def renderer(name: str) -> Renderer:
    render: Renderer = import_module(REPORTERS[name]).render
    return render


_QUIET = (Action.NOOP, Action.READ)


def listed(verdict: Verdict, options: Options) -> tuple[Assessment, ...]:
    """The changes a report lists: all but no-op and read, unless `options.all`."""
    if options.all:
        return verdict.assessments
    return tuple(a for a in verdict.assessments if a.change.action not in _QUIET)


def headline(verdict: Verdict) -> str:
    """The one-line verdict every format starts from (and stderr gets with --output)."""
    s = verdict.summary
    counts = f"{s['destructive']} destructive, {s['risky']} risky, {s['safe']} safe"
    if verdict.passed:
        approved = f", {s['approved']} approved" if s["approved"] else ""
        return f"PASS: {counts}{approved}"
    return f"BLOCKED: {s['unapproved']} destructive change(s) not approved ({counts})"


def by_class(
    assessments: tuple[Assessment, ...], classification: Classification
) -> list[Assessment]:
    return [a for a in assessments if a.classification is classification]
