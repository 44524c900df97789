"""`--format junit`: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure DevOps, CircleCI).

One `<testsuite>` per plan, one `<testcase>` per destructive or risky change (classname = the
plan, name = the address):

* destructive and not approved → `<failure>` with every reason: the change that blocks;
* destructive and approved → passed, the approval in `<system-out>`;
* risky → passed, the reasons in `<system-out>`. Not `<skipped>`: dashboards show skipped tests
  as "not run" (grey, often hidden, sometimes counted as a problem), but a risky change was
  checked and allowed. A passed test case stays listed, and its output holds the reasons.

A plan without destructive or risky changes gets one passing test case, so no dashboard reads
an empty report as "no tests ran". No timestamps or durations: the output is reproducible.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tfguard.model import Assessment, Classification, Verdict
from tfguard.report import Options, headline, listed

# XML 1.0 cannot carry these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def render(verdict: Verdict, options: Options) -> str:
    shown = listed(verdict, options)
    root = ET.Element("testsuites", name="tfguard")
    total = failures = 0
    for plan in verdict.plans:
        mine = [
            a
            for a in shown
            if a.change.plan == plan.source and a.classification is not Classification.SAFE
        ]
        mine.sort(key=lambda a: -a.classification)
        suite = ET.SubElement(root, "testsuite", name=_text(plan.source))
        cases = [_case(a) for a in mine] or [_empty_case(plan.source)]
        suite.extend(cases)
        failed = sum(1 for case in cases if case.find("failure") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += len(cases)
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", "0")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    comment = f"<!-- tfguard: {_comment(headline(verdict))} -->"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}\n{body}\n'


def _comment(text: str) -> str:
    return _text(text).replace("--", "- -")


def _case(assessment: Assessment) -> ET.Element:
    change = assessment.change
    case = ET.Element("testcase", classname=_text(change.plan), name=_text(change.key))
    reasons = "\n".join(f"[{f.rule}] {f.message}" for f in assessment.findings)
    details = [f"actions: {','.join(change.actions)}", f"category: {assessment.category}"]
    if assessment.recovery is not None:
        evidence = "; ".join(assessment.recovery.evidence)
        details.append(f"recovery: {assessment.recovery.status}: {evidence}")
    coverage = assessment.coverage
    if coverage is not None:
        details.append(f"approval: {coverage.status} ({coverage.detail})")
    body = _text(reasons + "\n" + "\n".join(details))
    label = assessment.classification.label
    if assessment.classification is Classification.DESTRUCTIVE and not assessment.approved:
        first = assessment.findings[0].message if assessment.findings else label
        failure = ET.SubElement(case, "failure", message=_text(first), type=label)
        failure.text = body
    else:
        out = ET.SubElement(case, "system-out")
        status = f"{label}, approved" if assessment.approved else label
        out.text = f"{status}\n{body}"
    return case


def _empty_case(plan: str) -> ET.Element:
    return ET.Element("testcase", classname=_text(plan), name="no destructive or risky changes")
