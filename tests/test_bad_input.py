"""The catalogue of bad input: each is exit 2 with one line naming the file and the problem, no
traceback, and nothing on stdout that could be mistaken for a pass (issue: fail closed)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change

GOOD_CHANGE = resource_change("aws_db_instance.db", ["delete"], {"id": "db"}, None)


def plan_with(**top) -> bytes:
    return json.dumps(plan_document(GOOD_CHANGE, **top)).encode()


def mutate_change(edit: Callable[[dict], None]) -> bytes:
    change = json.loads(json.dumps(GOOD_CHANGE))
    edit(change)
    return json.dumps(plan_document(change)).encode()


def deep(levels: int) -> bytes:
    """A plan whose `before`, `after` and sensitivity marks nest `levels` objects deep."""
    value = '{"a":' * levels + '"x"' + "}" * levels
    marks = '{"a":' * levels + "true" + "}" * levels
    placeholder = resource_change(
        "aws_s3_bucket.b",
        ["update"],
        {"v": 1},
        {"v": 2},
        after_sensitive={"v": 3},
        before_sensitive={"v": 4},
    )
    text = json.dumps(plan_document(placeholder))
    for number, nested in ((1, value), (2, value), (3, marks), (4, marks)):
        text = text.replace(f'{{"v": {number}}}', f'{{"v": {nested}}}', 1)
    return text.encode()


PLAN_CASES = {
    "empty": (b"", "empty file"),
    "whitespace": (b"\n\n  \n", "empty file"),
    "not-json": (b"hello", "not a plan: it starts with text that is not JSON"),
    "binary-garbage": (b"\x00\x01\x02" * 100, "not a plan: it starts with binary data"),
    "truncated": (plan_with()[:-40], "not valid JSON"),
    "utf16-bom-not-json": ("hello".encode("utf-16"), "not valid JSON"),
    "json-array": (b"[]", "the JSON is not an object"),
    "json-string": (b'"plan"', "not a plan"),
    "state-file": (
        b'{"version":4,"serial":1,"lineage":"x","resources":[]}',
        "Terraform state file",
    ),
    "show-json-of-state": (b'{"format_version":"1.0","values":{}}', "of state, not of a plan"),
    "plan-json-log-stream": (
        b'{"@level":"info","@message":"x"}\n{"@level":"info"}\n',
        "log stream",
    ),
    "concatenated": (plan_with() + b"\n" + plan_with(), "several JSON documents"),
    "errored": (plan_with(errored=True), "terraform reported the plan incomplete"),
    "incomplete": (plan_with(complete=False), "terraform reported the plan incomplete"),
    "format-version-2": (plan_with(format_version="2.0"), "format_version 2.0 is not supported"),
    "format-version-0-unmarked": (
        mutate_change(lambda c: c["change"].pop("after_sensitive")).replace(b'"1.2"', b'"0.2"', 1),
        "does not mark sensitive values",
    ),
    "format-version-missing": (json.dumps({"planned_values": {}}).encode(), "format_version"),
    "resource-changes-object": (plan_with(resource_changes={"a": 1}), "resource_changes"),
    "change-missing": (mutate_change(lambda c: c.pop("change")), "`change` is missing"),
    "change-a-list": (mutate_change(lambda c: c.update(change=[])), "`change` is missing"),
    "actions-missing": (mutate_change(lambda c: c["change"].pop("actions")), "change.actions"),
    "actions-a-string": (
        mutate_change(lambda c: c["change"].update(actions="delete")),
        "change.actions",
    ),
    "actions-numbers": (mutate_change(lambda c: c["change"].update(actions=[1])), "change.actions"),
    "address-missing": (mutate_change(lambda c: c.pop("address")), "`address` is missing"),
    "duplicate-addresses": (
        json.dumps(plan_document(GOOD_CHANGE, GOOD_CHANGE)).encode(),
        "lists aws_db_instance.db twice",
    ),
    "nesting-beyond-json-limit": (b"[" * 5000 + b"]" * 5000, "not valid JSON"),
    "nesting-too-deep-to-judge": (deep(2000), "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(PLAN_CASES))
def test_bad_plans(run, tmp_path: Path, name: str) -> None:
    data, reason = PLAN_CASES[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(data)
    result = run("check", path, "--format", "json")
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"tfguard: error: {path}")
    assert reason in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_deep_but_parseable_nesting_is_judged_or_refused_in_one_line(run, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(deep(900))
    result = run("check", path)
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert "nested too deeply" in result.stderr


def test_unknown_action_is_destructive_not_an_error(run, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(mutate_change(lambda c: c["change"].update(actions=["vaporize"])))
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    assert result.json()["changes"][0]["reasons"][0]["rule"] == "unknown-action"


def test_two_gigabyte_file_is_refused_without_reading_it(run, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: costs no disk
    result = run("check", path)
    assert result.exit_code == 2 and "starts with binary data" in result.stderr


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: None, "no such file"),
        (lambda p: p.symlink_to(p.parent / "gone"), "broken symbolic link"),
    ],
)
def test_paths_that_are_not_plans(run, tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "plan.json"
    make(path)
    result = run("check", path)
    assert result.exit_code == 2 and reason in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(run, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(plan_with())
    path.chmod(0)
    result = run("check", path)
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_binary_plan_without_terraform(run, tmp_path: Path) -> None:
    path = tmp_path / "plan.bin"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    result = run("check", path, "--terraform-bin", "no-such-terraform-binary")
    assert result.exit_code == 2 and "was not found" in result.stderr


APPROVAL_CASES = {
    "syntax-error": ("approval {\n", "not valid HCL"),
    "wrong-type": (None, "address: ['x'] is not of type 'string'"),
    "unknown-key": ('approval {\n  adress = "x"\n}\n', "Additional properties"),
    "expression": ("approval {\n  address = var.x\n}\n", "expressions are not supported"),
    "bad-date": (None, "is not an ISO 8601 timestamp"),
    "no-time-zone": (None, "has no time zone"),
    "duplicate": (None, "duplicates approval #1"),
    "huge": ("#" * 9_000_000, "larger than"),
    "not-utf8": (b"\xff\xfe\x00", "not UTF-8"),
}


def approval(expires: str = "2026-12-01T00:00:00Z") -> str:
    return (
        'approval {\n  address = "aws_db_instance.db"\n  actions = ["delete"]\n'
        f'  fingerprint = "sha256:{"0" * 64}"\n  reason = "r"\n  expires = "{expires}"\n'
        "  approved_by = [\n  ]\n}\n"
    )


@pytest.mark.parametrize("name", sorted(APPROVAL_CASES))
def test_bad_approval_files(run, tmp_path: Path, name: str) -> None:
    text, reason = APPROVAL_CASES[name]
    text = {
        "bad-date": approval("someday"),
        "no-time-zone": approval("2026-12-01T00:00:00"),
        "duplicate": approval() + approval(),
        "wrong-type": approval().replace('"aws_db_instance.db"', '["x"]'),
    }.get(name, text)
    path = tmp_path / "approvals.hcl"
    assert text is not None
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    plan = tmp_path / "plan.json"
    plan.write_bytes(plan_with())
    result = run("check", plan, "--approvals", path, "--allow-unversioned-approvals")
    assert result.exit_code == 2 and reason in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    lint = run("approvals", "lint", path)
    assert lint.exit_code == 2 and reason in lint.stderr


CONFIG_CASES = {
    "syntax-error": ("approvals {", "not valid HCL"),
    "unknown-key": ("approvals {\n  lifetime = 3\n}\n", "Additional properties"),
    "unknown-block": ("polcy {\n  x = 1\n}\n", "Additional properties"),
    "wrong-type": ('approvals {\n  required = "two"\n}\n', "required"),
    "bad-level": ('approvals {\n  provenance = "trust-me"\n}\n', "provenance"),
    "bad-duration": ('approvals {\n  max_lifetime = "a week"\n}\n', "max_lifetime"),
    "lowering-a-destructive-rule": (
        'rule "store-deleted" {\n  class = "risky"\n}\n',
        "may not be lowered",
    ),
    "unknown-rule": ('rule "no-such-rule" {\n  class = "risky"\n}\n', "no such rule"),
    "missing-rule-dir": ('rules {\n  dirs = ["nowhere"]\n}\n', "rule directory not found"),
}


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_bad_config_files(run, tmp_path: Path, name: str) -> None:
    text, reason = CONFIG_CASES[name]
    config = tmp_path / ".tfguard.hcl"
    config.write_text(text)
    plan = tmp_path / "plan.json"
    plan.write_bytes(plan_with())
    result = run("check", plan, "--config", config)
    assert result.exit_code == 2 and reason in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_raising_a_rule_in_config_is_honoured(run, tmp_path: Path) -> None:
    config = tmp_path / ".tfguard.hcl"
    config.write_text('rule "resource-deleted" {\n  class = "destructive"\n}\n')
    plan = tmp_path / "plan.json"
    plan.write_bytes(
        json.dumps(
            plan_document(resource_change("aws_instance.web", ["delete"], {}, None))
        ).encode()
    )
    assert run("check", plan).exit_code == 0
    assert run("check", plan, "--config", config).exit_code == 1


RULE_CASES = {
    "syntax-error": "rule {",
    "no-pack-block": 'rule "x-y" {\n  class = "risky"\n}\n',
    "bad-class": (
        'pack {\n provider = "x"\n summary = "s"\n}\nrule "x-y" {\n class = "fatal"\n'
        ' summary = "s"\n message = "m"\n match {\n  actions = ["delete"]\n }\n}\n'
    ),
}


@pytest.mark.parametrize("name", sorted(RULE_CASES))
def test_bad_rule_packs(run, tmp_path: Path, name: str) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.hcl").write_text(RULE_CASES[name])
    plan = tmp_path / "plan.json"
    plan.write_bytes(plan_with())
    result = run("check", plan, "--rules", rules)
    assert result.exit_code == 2 and "mine.hcl" in result.stderr
    assert result.stderr.count("\n") == 1
