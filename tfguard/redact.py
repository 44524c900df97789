"""`--redact REGEX`: blank out what the user says must never leave the runner.

Two layers, meant to be used together:

* `redact_verdict` rewrites the strings a reporter prints (addresses, messages, plan labels,
  approval and recovery text) *before* rendering. This is the layer that matters: once a format
  has escaped a value (`\\"` in JSON, `&amp;` in XML and markdown, `\\_` in markdown) a pattern
  written for the raw value no longer matches it.
* `redact` runs over the rendered text as a last net (headline on stderr, anything a format adds).
  Replacing text inside JSON or XML syntax could break the document, so patterns should match
  values, not punctuation around them.

A match is replaced by `REDACTED`. Matches of all patterns are found on the original text and
merged, so one pattern never matches inside another's replacement, and empty matches are
ignored (a pattern like `x*` must not sprinkle markers everywhere).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tfguard.model import Advisory, Approval, Assessment, Change, Finding, Plan, Verdict

REDACTED = "(redacted)"

T = TypeVar("T")


def redact(text: str, patterns: Sequence[re.Pattern[str]]) -> str:
    """`text` with every non-empty match of any pattern replaced by `REDACTED`."""
    if not patterns or not text:
        return text
    spans = sorted(
        (m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start()
    )
    if not spans:
        return text
    out: list[str] = []
    position = 0
    start, end = spans[0]
    for s, e in spans[1:]:
        if s <= end:  # overlapping or touching: one marker for the whole run
            end = max(end, e)
            continue
        out += [text[position:start], REDACTED]
        position, start, end = end, s, e
    out += [text[position:start], REDACTED, text[end:]]
    return "".join(out)


def redact_verdict(verdict: Verdict, patterns: Sequence[re.Pattern[str]]) -> Verdict:
    """A copy of `verdict` whose printable strings are redacted (decisions are unchanged)."""
    if not patterns:
        return verdict
    return map_text(verdict, lambda value: redact(value, patterns))


def map_text(
    verdict: Verdict,
    text: Callable[[str], str],
    only: Callable[[Assessment], bool] | None = None,
) -> Verdict:
    """A copy of `verdict` with `text` applied to every string a reporter prints (addresses,
    messages, plan labels, approval, recovery and advisory text, warnings); decisions are
    unchanged. Redaction, and the terminal's escaping, rewrite a verdict this way.

    `only`: of `verdict.assessments`, rewrite just those it accepts and keep the others as they
    are (a report that prints some rows and counts the rest); everything else is rewritten."""

    def optional(value: str | None) -> str | None:
        return None if value is None else text(value)

    # An object whose strings `text` leaves as they are is kept, not copied: a 100,000-change
    # verdict has almost nothing to rewrite, and copying every change cost seconds.
    def change(c: Change) -> Change:
        plan, address, name = text(c.plan), text(c.address), text(c.name)
        module, moved = optional(c.module), optional(c.previous_address)
        if (plan, address, name, module, moved) == (
            c.plan,
            c.address,
            c.name,
            c.module,
            c.previous_address,
        ):
            return c
        return dataclasses.replace(
            c, plan=plan, address=address, name=name, module=module, previous_address=moved
        )

    def finding(f: Finding) -> Finding:
        evidence = f.evidence
        if evidence is not None:
            evidence = (text(evidence[0]), text(evidence[1]), text(evidence[2]))
        message = text(f.message)
        if message == f.message and evidence == f.evidence:
            return f
        return dataclasses.replace(f, message=message, evidence=evidence)

    def assessment(a: Assessment) -> Assessment:
        coverage = a.coverage
        if coverage is not None and text(coverage.detail) != coverage.detail:
            coverage = dataclasses.replace(coverage, detail=text(coverage.detail))
        recovery = a.recovery
        if recovery is not None:
            evidence = tuple(text(e) for e in recovery.evidence)
            if evidence != recovery.evidence:
                recovery = dataclasses.replace(recovery, evidence=evidence)
        copied = change(a.change)
        findings = tuple(finding(f) for f in a.findings)
        if (
            copied is a.change
            and coverage is a.coverage
            and recovery is a.recovery
            and all(new is old for new, old in zip(findings, a.findings, strict=True))
        ):
            return a
        return dataclasses.replace(
            a, change=copied, findings=findings, coverage=coverage, recovery=recovery
        )

    def plan(p: Plan) -> Plan:
        return dataclasses.replace(p, source=text(p.source))

    def approval(a: Approval) -> Approval:
        return dataclasses.replace(a, address=text(a.address), reason=text(a.reason))

    approvals = verdict.approvals
    if approvals is not None:
        approvals = dataclasses.replace(
            approvals,
            entries=_each(approvals.entries, approval),
            problems=tuple(text(p) for p in approvals.problems),
            reviews=tuple(text(r) for r in approvals.reviews),
            looked_for=text(approvals.looked_for) if approvals.looked_for else None,
        )

    def advisory(a: Advisory) -> Advisory:
        return dataclasses.replace(
            a,
            plan=text(a.plan),
            store=text(a.store),
            backups=tuple(text(b) for b in a.backups),
            advice=text(a.advice),
        )

    return dataclasses.replace(
        verdict,
        warnings=tuple(text(w) for w in verdict.warnings),
        advisories=_each(verdict.advisories, advisory),
        plans=_each(verdict.plans, plan),
        assessments=tuple(
            assessment(a) if only is None or only(a) else a for a in verdict.assessments
        ),
        drift=_each(verdict.drift, assessment),
        deferred=_each(verdict.deferred, assessment),
        approvals=approvals,
        stale=_each(verdict.stale, approval),
    )


def _each(items: Sequence[T], fn: Any) -> tuple[T, ...]:
    return tuple(fn(item) for item in items)
