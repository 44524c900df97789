"""`--format github` annotations, and file paths relative to the repository's top (SARIF too)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import REPO

INCIDENT = REPO / "examples" / "incident-replay"
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def workflow_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(item.split("=", 1) for item in match.group(2).split(",") if item)
        found.append((match.group(1), props, match.group(3)))
    return found


def test_blocked_plan_annotates_each_finding_at_its_block(run, monkeypatch) -> None:
    monkeypatch.chdir(INCIDENT)  # tfguard run in a subdirectory of the repository
    result = run("check", "plan.json", "--format", "github")
    assert result.exit_code == 1
    found = workflow_commands(result.stdout)
    db = [a for a in found if a[1].get("title", "").endswith("aws_db_instance.orders")]
    assert db and all(kind == "error" for kind, _, _ in db)
    # the path GitHub needs is relative to the repository's top, not to where tfguard ran
    assert {props["file"] for _, props, _ in db} == {"examples/incident-replay/main.tf"}
    assert all(int(props["line"]) > 1 for _, props, _ in db)
    risky = [a for a in found if a[0] == "warning"]
    assert len({a[1]["title"].split(": ")[-1] for a in risky}) == 6
    kind, props, message = found[-1]
    assert (kind, props["title"]) == ("error", "tfguard") and message.startswith("BLOCKED:")
    assert found[0][0] == "error"  # destructive changes first


def test_hostile_text_cannot_end_or_start_a_command(tmp_path: Path, run) -> None:
    plan = json.loads((INCIDENT / "plan.json").read_text())
    change = next(c for c in plan["resource_changes"] if c["type"] == "aws_db_instance")
    change["address"] = 'aws_db_instance.orders["x::error::%0A\\n\x1b]52;c;x"]'
    change["index"] = "x::error::%0A\n\x1b]52;c;x"
    hostile = tmp_path / "plan.json"
    hostile.write_text(json.dumps(plan))
    result = run("check", hostile, "--format", "github")
    for _kind, props, message in workflow_commands(result.stdout):
        assert "\x1b" not in message and "\n" not in message
        assert "::" not in props.get("title", "")


@pytest.mark.parametrize("fmt", ["sarif"])
def test_sarif_paths_are_relative_to_the_repository_top(run, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(INCIDENT)
    document = json.loads(run("check", "plan.json", "--format", fmt).stdout)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in document["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris == {"examples/incident-replay/main.tf"}


def test_a_file_outside_the_repository_is_an_absolute_uri(run, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text((INCIDENT / "plan.json").read_text())
    document = json.loads(run("check", plan, "--format", "sarif").stdout)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in document["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris == {plan.as_uri()}
