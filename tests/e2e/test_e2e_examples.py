"""The committed example plans (examples/*/plan.json) get the verdicts their READMEs promise."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from e2e_checks import (
    EXAMPLES,
    assert_classified,
    assert_summary_consistent,
    by_address,
    changed_resources,
    load_plan,
    sensitive_strings,
)

pytestmark = pytest.mark.e2e

EXPECTED = {
    "incident-replay": (
        1,
        {
            "aws_db_instance.orders": "destructive",
            "aws_db_snapshot.orders_pre_migration": "destructive",
            "aws_s3_bucket.backups": "destructive",
            "aws_backup_vault.orders": "destructive",
            "aws_instance.app": "risky",
            "aws_security_group.db": "risky",
            "aws_iam_role.app": "risky",
            "aws_iam_role.backup": "risky",
        },
    ),
    "safe-tags": (
        0,
        {
            "aws_db_instance.orders": "safe",
            "aws_s3_bucket.backups": "safe",
            "aws_security_group.app": "safe",
        },
    ),
    "risky-only": (
        0,
        {
            "aws_db_instance.orders": "risky",
            "aws_instance.app": "risky",
            "aws_security_group.db": "risky",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_verdict(tfguard, name):
    exit_code, classes = EXPECTED[name]
    plan_json = EXAMPLES / name / "plan.json"
    plan = load_plan(plan_json)
    assert plan["format_version"].startswith("1.")
    assert "timestamp" in plan  # real `terraform show -json` output, not hand-written

    result = tfguard("check", "--format", "json", plan_json)

    assert result.returncode == exit_code, result
    report = result.json()
    assert_classified(report, classes)
    assert set(by_address(report)) == set(changed_resources(plan))
    assert_summary_consistent(report)


def test_incident_replay_example_text_report_hides_the_password(tfguard):
    plan_json = EXAMPLES / "incident-replay" / "plan.json"
    secrets = sensitive_strings(load_plan(plan_json))
    assert secrets, "the example should carry a sensitive password"
    for fmt in ("text", "json"):
        result = tfguard("check", "--format", fmt, "--all", plan_json)
        assert result.returncode == 1, result
        assert not [s for s in secrets if s in result.output], result


def test_examples_are_reproduced_by_regenerate(terraform_path, provider_cli_config):
    """examples/regenerate.py --check: the committed plans are what the procedure produces."""
    committed = {
        json.loads((EXAMPLES / n / "plan.json").read_text())["terraform_version"] for n in EXPECTED
    }
    version = json.loads(
        subprocess.run(
            [terraform_path, "version", "-json"], capture_output=True, text=True, check=True
        ).stdout
    )["terraform_version"]
    if committed != {version}:
        pytest.skip(f"examples were made with terraform {committed}, this is {version}")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "regenerate.py"), "--check", "--terraform", terraform_path],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
