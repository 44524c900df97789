"""The `tfguard check` command as a user sees it: exit codes, what is printed, what is refused."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable

import pytest

from tests.helpers import Result, resource_change
from tfguard import __version__, cli
from tfguard.report import REPORTERS

DB = {
    "identifier": "prod",
    "password": "canary-db-password",
    "deletion_protection": False,
    "tags": {"a": "1"},
}
SENSITIVE = {"password": True}


def db_delete() -> dict:
    return resource_change(
        "aws_db_instance.db", ["delete"], dict(DB), None, before_sensitive=SENSITIVE
    )


def tag_update() -> dict:
    return resource_change(
        "aws_db_instance.db",
        ["update"],
        dict(DB),
        {**DB, "tags": {"a": "2"}},
        before_sensitive=SENSITIVE,
        after_sensitive=SENSITIVE,
    )


def test_destructive_change_blocks_with_exit_1(run, write_plan) -> None:
    result = run("check", write_plan(db_delete()))
    assert result.exit_code == 1
    assert result.stdout.startswith("BLOCKED: 1 destructive change(s) not approved")
    assert "aws_db_instance.db" in result.stdout and "store-deleted" in result.stdout


def test_tag_only_plan_passes_with_exit_0(run, write_plan) -> None:
    result = run("check", write_plan(tag_update()))
    assert result.exit_code == 0
    assert result.stdout.startswith("PASS: 0 destructive, 0 risky, 1 safe")


def test_risky_changes_do_not_block(run, write_plan) -> None:
    result = run("check", write_plan(resource_change("aws_instance.web", ["delete"], {}, None)))
    assert result.exit_code == 0 and "resource-deleted" in result.stdout


def test_json_contract(run, write_plan) -> None:
    noop = resource_change("aws_instance.keep", ["no-op"], {}, {})
    path = write_plan(db_delete(), noop)
    report = run("check", path, "--format", "json").json()
    assert report["schema_version"] == 1 and report["verdict"] == "block"
    assert report["summary"] == {
        "safe": 1,
        "risky": 0,
        "destructive": 1,
        "approved": 0,
        "unapproved": 1,
    }
    [change] = report["changes"]
    assert {
        k: change[k] for k in ("address", "plan", "type", "actions", "classification", "approved")
    } == {
        "address": "aws_db_instance.db",
        "plan": str(path),
        "type": "aws_db_instance",
        "actions": ["delete"],
        "classification": "destructive",
        "approved": False,
    }
    assert change["reasons"][0]["rule"] == "store-deleted"
    assert change["reasons"][0]["message"].startswith("deletes database aws_db_instance.db")
    listed_all = run("check", path, "--format", "json", "--all").json()
    assert [c["address"] for c in listed_all["changes"]] == [
        "aws_db_instance.db",
        "aws_instance.keep",
    ]


def test_several_plans_give_one_verdict_and_tag_changes(run, write_plan) -> None:
    safe, blocked = write_plan(tag_update()), write_plan(db_delete())
    result = run("check", safe, blocked, "--format", "json")
    assert result.exit_code == 1
    assert {c["plan"] for c in result.json()["changes"]} == {str(safe), str(blocked)}
    text = run("check", safe, blocked)
    assert str(safe) in text.stdout and str(blocked) in text.stdout


def test_stdin(run, write_plan, monkeypatch) -> None:
    data = write_plan(db_delete()).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = run("check", "-", "--format", "json")
    assert result.exit_code == 1 and result.json()["changes"][0]["plan"] == "-"


def test_output_file_gets_the_report_and_stderr_the_verdict(run, write_plan, tmp_path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old content that must be replaced whole")
    result = run("check", write_plan(db_delete()), "--format", "json", "--output", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("tfguard: BLOCKED")
    assert json.loads(out.read_text())["verdict"] == "block"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.json")]


def test_output_into_missing_directory_is_exit_2(run, write_plan, tmp_path) -> None:
    result = run("check", write_plan(db_delete()), "--output", tmp_path / "no" / "r.txt")
    assert result.exit_code == 2 and result.stderr.startswith("tfguard: error:")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_sensitive_values_never_printed_in_any_format(run, write_plan, fmt) -> None:
    before = {"password": "canary-1", "backup_retention_period": 7}
    change = resource_change(
        "aws_db_instance.other",
        ["update"],
        before,
        {"password": "canary-2", "backup_retention_period": 0},
        before_sensitive={"password": True, "backup_retention_period": True},
        after_sensitive={"password": True, "backup_retention_period": True},
    )
    result = run("check", write_plan(change, db_delete()), "--format", fmt, "--all")
    assert result.exit_code == 1
    assert "canary" not in result.stdout + result.stderr


def test_no_color_and_non_tty_output_has_no_escape_codes(run, write_plan, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("check", write_plan(db_delete())).stdout


def test_long_tables_are_summarised(run, write_plan) -> None:
    changes = [resource_change(f"aws_instance.w{i}", ["delete"], {}, None) for i in range(30)]
    result = run("check", write_plan(*changes), "--limit", "10")
    assert "20 more not shown" in result.stdout
    assert "aws_instance.w29" not in result.stdout


def test_addresses_with_brackets_print_verbatim(run, write_plan) -> None:
    change = resource_change('module.db["eu"].aws_db_instance.main[0]', ["delete"], {}, None)
    assert 'module.db["eu"].aws_db_instance.main[0]' in run("check", write_plan(change)).stdout


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["check"], "Missing argument"),
        (["check", "x.json", "--format", "yaml"], "Invalid value for '--format'"),
        (
            ["check", "/nonexistent/plan.json"],
            "tfguard: error: /nonexistent/plan.json: no such file",
        ),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_and_input_errors_exit_2_without_traceback(run, args, stderr) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert stderr in result.stderr and "Traceback" not in result.stderr


def test_audit_log_from_the_environment_records_check_too(
    run, write_plan, tmp_path, monkeypatch
) -> None:
    """TFGUARD_AUDIT_LOG worked for plan/apply/destroy but was silently ignored by check."""
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("TFGUARD_AUDIT_LOG", str(log))
    assert run("check", write_plan(db_delete())).exit_code == 1
    [entry] = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["verdict"] == "block"


def test_plan_error_is_one_line(run, tmp_path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("{")
    result = run("check", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not valid JSON" in result.stderr


def test_one_bad_plan_among_good_ones_fails_the_whole_run(run, write_plan, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert run("check", write_plan(tag_update()), bad).exit_code == 2


def test_bad_rule_pack_is_exit_2(run, write_plan, tmp_path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.hcl").write_text('pack {\n provider = "x"\n}\nrule "bad" {\n class = "x"\n}\n')
    result = run("check", write_plan(tag_update()), "--rules", rules)
    assert result.exit_code == 2 and "x.hcl" in result.stderr


def test_binary_plan_without_terraform_is_exit_2(run, tmp_path) -> None:
    plan_file = tmp_path / "plan.bin"
    plan_file.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    result = run("check", plan_file, "--terraform-bin", str(tmp_path / "no-terraform"))
    assert result.exit_code == 2
    assert "is a binary plan and" in result.stderr and "was not found" in result.stderr


def test_failing_terraform_is_reported_with_its_exit_code(run, tmp_path) -> None:
    fake = tmp_path / "terraform"
    fake.write_text("#!/bin/sh\necho 'Error: Failed to load plugin schemas' >&2\nexit 3\n")
    fake.chmod(0o755)
    plan_file = tmp_path / "plan.bin"
    plan_file.write_bytes(b"PK\x03\x04")
    result = run("check", plan_file, "--terraform-bin", fake)
    assert result.exit_code == 2
    assert "failed with exit code 3: Error: Failed to load plugin schemas" in result.stderr


def test_terraform_bin_from_environment(run, tmp_path, monkeypatch, write_plan) -> None:
    fake = tmp_path / "tofu"
    fake.write_text(f"#!/bin/sh\ncat {write_plan(db_delete())}\n")
    fake.chmod(0o755)
    plan_file = tmp_path / "plan.bin"
    plan_file.write_bytes(b"PK\x03\x04")
    monkeypatch.setenv("TFGUARD_TERRAFORM_BIN", str(fake))
    assert run("check", plan_file).exit_code == 1


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_format_choices_match_the_reporter_registry() -> None:
    assert tuple(sorted(REPORTERS)) == cli.FORMATS


def test_console_script_entry_point() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "tfguard", "check", "/nonexistent"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stderr.startswith("tfguard: error:")
    assert "Traceback" not in done.stderr


Run = Callable[..., Result]
