"""Plans from every Terraform that marks sensitive values are judged, whatever their encoding.

The plans under tests/plans are real `terraform show -json` output from versions this machine
cannot run (see tests/plans/README.md for their sources and licences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change

PLANS = Path(__file__).resolve().parent / "plans"


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("tf0.15.1-format0.1-sensitive.json", 4),
        ("tf1.1-format0.2-sensitive.json", 7),
        ("tf1.2-utf16-bom.json", 1),
    ],
)
def test_real_plans_are_judged(run, name: str, changes: int) -> None:
    result = run("check", PLANS / name, "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # a byte-order mark is read silently
    assert len(result.json()["changes"]) == changes


@pytest.mark.parametrize("form", ["text", "json", "markdown", "sarif", "junit"])
def test_format_0_1_sensitive_values_stay_hidden(run, form: str) -> None:
    """Terraform 0.15.1 marked `triggers` sensitive: their values ("one", "two") never show."""
    result = run("check", PLANS / "tf0.15.1-format0.1-sensitive.json", "--format", form, "--all")
    assert result.exit_code == 0
    for secret in ('"one"', '"two"', "'two'", ">two<", " two"):
        assert secret not in result.stdout


def test_plan_without_sensitivity_marks_is_refused_in_one_line(run) -> None:
    result = run("check", PLANS / "tf0.12-format0.1-unmarked.json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "format_version 0.1 from Terraform 0.12.25 does not mark sensitive values" in (
        result.stderr
    )
    assert "Terraform 0.15 or later" in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_are_read(run, tmp_path: Path, encoding: str) -> None:
    document = plan_document(resource_change("aws_db_instance.db", ["delete"], {"id": "é"}))
    text = json.dumps(document, ensure_ascii=False)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1 and result.stderr == ""
    assert result.json()["changes"][0]["classification"] == "destructive"


def test_terraform_1_0_0_drift_without_address_is_named_by_type_and_name(
    run, tmp_path: Path
) -> None:
    """Terraform 1.0.0 wrote `resource_drift` entries with no `address`."""
    drift = resource_change("aws_iam_role.lambda", ["update"], {"name": "a"}, {"name": "b"})
    del drift["address"]
    document = plan_document(
        format_version="0.2", terraform_version="1.0.0", resource_drift=[drift]
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    result = run("check", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [c["address"] for c in result.json()["drift"]] == ["aws_iam_role.lambda"]
