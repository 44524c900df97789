"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

For repositories without code scanning: `::error` for a destructive change not approved,
`::notice` once an approval covers it, `::warning` for a risky one, each with `file` and `line`
of the resource block when the `.tf` source is found (paths relative to the repository's top, as
GitHub expects), else on the plan file. The verdict line comes last, as a notice or an error.
Values are escaped as the runner requires, so no text from a plan can end a command early or
start another.
"""

from __future__ import annotations

from tfguard.model import Assessment, Classification, Verdict
from tfguard.report import Options, flagged, headline, listed, repo_path
from tfguard.terminal import escape


def render(verdict: Verdict, options: Options) -> str:
    changes = flagged(listed(verdict, options))  # destructive first, lost data first
    locations = verdict.locations
    lines: list[str] = []
    for assessment in changes:
        change = assessment.change
        location = locations.get((change.plan, change.address))
        where: dict[str, str] = {}
        if location is not None:
            file = repo_path(location.file, options)
            if file is not None:
                where = {"file": file, "line": str(location.line)}
                if location.end_line is not None and location.end_line >= location.line:
                    where["endLine"] = str(location.end_line)
        elif change.plan != "-":
            file = repo_path(change.plan, options)
            if file is not None:
                where = {"file": file, "line": "1"}
        command = _command(assessment)
        for finding in assessment.findings:
            properties = {**where, "title": f"tfguard {finding.rule}: {change.key}"}
            lines.append(_line(command, properties, finding.message))
    final = "notice" if verdict.passed else "error"
    lines.append(_line(final, {"title": "tfguard"}, headline(verdict)))
    return "\n".join(lines) + "\n"


def _command(assessment: Assessment) -> str:
    if assessment.classification is Classification.DESTRUCTIVE:
        return "notice" if assessment.approved else "error"
    return "warning"


def _line(command: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={_property(value)}" for key, value in properties.items())
    return f"::{command} {props}::{_data(message)}"


def _data(text: str) -> str:
    """The runner's escaping (%, CR, LF), after every other control character is made visible."""
    shown = escape(text, lines=True)
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
