"""No control character from a plan, an approval file, a config or a rule pack reaches a terminal
as itself: every terminal output shows it escaped (OSC 52 would write the clipboard, OSC 8 hide a
link, CSI repaint the screen, a bidi override reorder what is read)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change
from tfguard.terminal import escape

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\docs\x1b]8;;\x1b\\"
HOSTILE = f"{OSC52}{OSC8}\x9b2J\u202eevil\r\x08\x7f"
"""Every family: ESC sequences (OSC, CSI), C1 (8-bit CSI), bidi override, CR, BS, DEL."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal raw (newline and tab are tfguard's own layout)."""


def assert_escaped(text: str) -> None:
    assert RAW.search(text) is None, repr(RAW.search(text))
    assert "\\x1b]52;c;ZXZpbA==\\x07" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain [0] ünïcødé", "plain [0] ünïcødé"),
        (OSC52, "\\x1b]52;c;ZXZpbA==\\x07"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\x9b\x7f\x00", "\\x9b\\x7f\\x00"),
        ("\u202eabc\u2066", "\\u202eabc\\u2066"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
)
def test_escape_shows_every_control_character(raw: str, shown: str) -> None:
    assert escape(raw) == shown


def test_escape_keeps_the_lines_of_a_message_and_nothing_else() -> None:
    assert escape(f"one\n\ttwo{OSC52}", lines=True) == "one\n\ttwo\\x1b]52;c;ZXZpbA==\\x07"


def hostile_plan(tmp_path: Path) -> Path:
    change = resource_change('aws_db_instance.db["k"]', ["delete"], {"identifier": "prod"}, None)
    change.update(address=f'aws_db_instance.db["{HOSTILE}"]', index=HOSTILE)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_document(change)))
    return plan


def hostile_approvals(tmp_path: Path) -> Path:
    path = tmp_path / "tfguard-approvals.hcl"
    entry = {
        "address": f"aws_s3_bucket.gone{HOSTILE}",
        "actions": ["delete"],
        "fingerprint": "sha256:" + "0" * 64,
        "reason": f"because {HOSTILE}",
        "ticket": f"T-1{HOSTILE}",
        "expires": "2026-12-01T00:00:00Z",
        "approved_by": [f"mallory{HOSTILE}@example.com"],
    }
    body = "\n".join(f"  {k} = {json.dumps(v)}" for k, v in entry.items())
    path.write_text("approval {\n" + body + "\n}\n")
    return path


def test_text_report_escapes_addresses_and_approval_file_text(run, tmp_path: Path) -> None:
    result = run(
        "check", hostile_plan(tmp_path), "--approvals", hostile_approvals(tmp_path),
        "--allow-unversioned-approvals", "--now", "2026-11-30T00:00:00Z", "--all",
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert_escaped(result.stdout + result.stderr)
    assert "stale approval" in result.stdout  # the hostile approval address is shown, escaped


@pytest.mark.parametrize("fmt", ["json", "sarif", "markdown", "junit"])
def test_other_formats_on_a_terminal_carry_no_control_character(run, tmp_path, fmt) -> None:
    result = run("check", hostile_plan(tmp_path), "--format", fmt)
    assert result.exit_code == 1
    assert RAW.search(result.stdout) is None
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)  # still a valid document


def test_errors_escape_what_they_quote(run, tmp_path: Path) -> None:
    result = run("check", tmp_path / f"missing{HOSTILE}.json")
    assert result.exit_code == 2
    assert_escaped(result.stderr)
    result = run("check", hostile_plan(tmp_path), "--format", f"x{HOSTILE}")
    assert result.exit_code == 2
    assert_escaped(result.stderr)


def test_config_values_are_escaped(run, tmp_path: Path) -> None:
    config = tmp_path / ".tfguard.hcl"
    config.write_text(f"rules {{\n  dirs = [{json.dumps(str(tmp_path / HOSTILE))}]\n}}\n")
    result = run("check", hostile_plan(tmp_path), "--config", config)
    assert_escaped(result.stdout + result.stderr)


def test_rules_and_explain_escape_rule_pack_text(run, tmp_path: Path) -> None:
    (tmp_path / "evil.hcl").write_text(
        'pack {\n  provider = "evil"\n  summary = ' + json.dumps(f"pack {HOSTILE}") + "\n}\n"
        'rule "evil-rule" {\n  class = "destructive"\n'
        f"  summary = {json.dumps(f'summary {HOSTILE}')}\n"
        f"  message = {json.dumps(f'message {HOSTILE}')}\n"
        '  match {\n    actions = ["delete"]\n    types = ["aws_evil"]\n  }\n}\n'
    )
    for args in (("rules",), ("rules", "--format", "markdown"), ("explain", "evil-rule")):
        result = run(*args, "--rules", tmp_path)
        assert result.exit_code == 0, result.stderr
        assert_escaped(result.stdout)


def test_approvals_lint_escapes_what_it_lists(run, tmp_path: Path) -> None:
    result = run("approvals", "lint", hostile_approvals(tmp_path), "--now", "2027-01-01T00:00:00Z")
    assert result.exit_code == 0  # expired: a warning; approvers may share a line now
    assert RAW.search(result.stdout + result.stderr) is None


def test_text_report_escapes_every_row_it_shows_and_counts_the_rest(run, tmp_path: Path) -> None:
    """The text report escapes only the rows it shows (issue 19: escaping 100,000 rows it
    never prints cost 0.4 s). With hostile addresses in a plan whose path is hostile too, the
    rows shown are escaped, the ones over --limit are counted, and nothing raw gets out."""
    changes = [
        resource_change(
            f'aws_db_instance.db["{HOSTILE}{i}"]',
            ["delete"],
            {"identifier": "p", "skip_final_snapshot": True},
        )
        for i in range(3)
    ] + [
        resource_change(f'aws_s3_bucket.b["{HOSTILE}{i}"]', ["update"], before={}, after={})
        for i in range(2)
    ]
    plan = tmp_path / "plan\x1b[2J\u202e\x9b.json"  # (HOSTILE holds a "/")
    plan.write_text(json.dumps(plan_document(*changes)))
    other = tmp_path / "other.json"
    other.write_text(json.dumps(plan_document()))
    result = run("check", plan, other, "--limit", "2")
    assert result.exit_code == 1, result.stderr
    assert_escaped(result.stdout + result.stderr)
    assert result.stdout.count("│destructive ") == 2  # --limit 2 rows of three
    assert "1 more not shown" in result.stdout
    assert "No destructive or risky changes." in result.stdout  # the second plan's section
