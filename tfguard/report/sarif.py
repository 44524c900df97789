"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per finding of every destructive or risky change: `level` is `error` for a
destructive finding, `warning` for a risky one (`note` once an approval covers the change, which
also carries a SARIF `suppressions` entry). `ruleId` is the rule's id, and `tool.driver.rules`
describes every rule that fired (summary, doc, a link to its section of docs/rules.md).

Each result points at the change's resource block in the `.tf` source, as the pipeline found
it (`Verdict.locations`, from `tfguard.read.tflocations.locate`); a change whose block was not
found points at its plan file. The reporter reads no file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from tfguard import HOME, __version__
from tfguard.catalogue import describe_match, doc_url
from tfguard.model import Assessment, Classification, Finding, Location, Rule, Rulebook, Verdict
from tfguard.report import Options, listed, repo_path

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = HOME

_LEVEL = {
    Classification.DESTRUCTIVE: "error",
    Classification.RISKY: "warning",
    Classification.SAFE: "note",
}


def render(verdict: Verdict, options: Options) -> str:
    flagged = [a for a in listed(verdict, options) if a.classification is not Classification.SAFE]
    fired = _fired(flagged, verdict.rulebook)
    index = {rule_id: i for i, rule_id in enumerate(fired)}
    locations = verdict.locations
    results = [
        _result(a, f, index[f.rule], locations.get((a.change.plan, a.change.address)), options)
        for a in flagged
        for f in a.findings
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tfguard",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": list(fired.values()),
            }
        },
        "invocations": [_invocation(verdict.location_problems)],
        "results": results,
        "properties": {
            "verdict": "pass" if verdict.passed else "block",
            "summary": verdict.summary.as_dict(),
            "plans": [p.source for p in verdict.plans],
        },
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def _fired(flagged: Iterable[Assessment], book: Rulebook) -> dict[str, dict[str, Any]]:
    """A reportingDescriptor per rule that fired, in first-fired order."""
    rules = {rule.id: rule for rule in book.rules}
    fired: dict[str, dict[str, Any]] = {}
    for assessment in flagged:
        for finding in assessment.findings:
            if finding.rule not in fired:
                fired[finding.rule] = _descriptor(finding, rules.get(finding.rule))
    return fired


def _descriptor(finding: Finding, rule: Rule | None) -> dict[str, Any]:
    if rule is None:  # a finding no pack defines (should not happen): describe what we know
        return {
            "id": finding.rule,
            "shortDescription": {"text": finding.rule},
            "defaultConfiguration": {"level": _LEVEL[finding.classification]},
        }
    doc = rule.doc or rule.summary
    matches = describe_match(rule.match)
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc},
        "help": {
            "text": f"{doc}\n\nMatches: {matches}",
            "markdown": f"{doc}\n\n**Matches:** {matches}\n\n[Rule catalogue]({doc_url(rule.id)})",
        },
        "helpUri": doc_url(rule.id),
        "defaultConfiguration": {"level": _LEVEL[rule.classification]},
        "properties": {
            "tags": ["tfguard", rule.classification.label, f"pack:{rule.pack}"],
            "pack": rule.pack,
            "classification": rule.classification.label,
        },
    }


def _result(
    assessment: Assessment,
    finding: Finding,
    rule_index: int,
    location: Location | None,
    options: Options,
) -> dict[str, Any]:
    change = assessment.change
    approved = assessment.approved
    level = "note" if approved else _LEVEL[finding.classification]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": ("(approved) " if approved else "") + finding.message},
        "locations": _locations(change.plan, change.address, location, options),
        "partialFingerprints": {"tfguardChange/v1": _fingerprint(finding.rule, change.key)},
        "properties": {
            "address": change.key,
            "plan": change.plan,
            "actions": list(change.actions),
            "classification": assessment.classification.label,
            "category": assessment.category,
            "approved": approved,
        },
    }
    if approved:
        coverage = assessment.coverage
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": coverage.detail if coverage else "approved",
            }
        ]
    return result


def _locations(
    plan: str, address: str, location: Location | None, options: Options
) -> list[dict[str, Any]]:
    logical = [{"fullyQualifiedName": address, "kind": "resource"}]
    if location is not None:
        region: dict[str, int] = {"startLine": location.line}
        if location.end_line is not None and location.end_line >= location.line:
            region["endLine"] = location.end_line
        physical = {"artifactLocation": {"uri": _uri(location.file, options)}, "region": region}
    elif plan != "-":
        physical = {"artifactLocation": {"uri": _uri(plan, options)}, "region": {"startLine": 1}}
    else:
        return [{"logicalLocations": logical}]
    return [{"physicalLocation": physical, "logicalLocations": logical}]


def _uri(path: str, options: Options) -> str:
    """Relative to the repository's top (GitHub resolves it against the checkout), also when
    tfguard ran in a subdirectory; a file outside the repository is an absolute file URI."""
    relative = repo_path(path, options)
    if relative is not None:
        return quote(relative)
    return Path(os.path.abspath(path)).as_uri()


def _fingerprint(rule_id: str, address: str) -> str:
    return hashlib.sha256(f"{rule_id}\0{address}".encode()).hexdigest()[:32]


def _invocation(problems: Iterable[str]) -> Mapping[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notes = [
        {
            "level": "warning",
            "message": {"text": f"{p}; its blocks are located at their plan file"},
        }
        for p in problems
    ]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
