"""Retention and lifecycle changes that delete data after the apply, on real Terraform plans.

``configs/retention`` holds one resource per family (RDS backup retention, an AWS Backup plan,
S3 lifecycle expiration, a GCS Delete rule, CloudWatch log retention,
Cloud SQL retained backups). It is applied once with its defaults; each test plans it in a
copy with other values (``-var``) or an edited configuration, and checks tfguard's exit code,
classes and reasons. Continuous-backup rules, the destructive AWS Backup case, are covered by
tests/test_retention.py: the test provider's aws_backup_plan has no enable_continuous_backup,
so that the example plans (which use that type) stay as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import AppliedStack
from e2e_checks import CONFIGS, assert_summary_consistent, by_address

pytestmark = pytest.mark.e2e

RETENTION = CONFIGS / "retention"
MAIN_TF = (RETENTION / "main.tf").read_text()

SHORTER = {
    "rds_days": 7,
    "backup_days": 7,
    "s3_days": 30,
    "gcs_age": 30,
    "log_days": 30,
    "sql_retained": 7,
}
LONGER = {
    "rds_days": 35,
    "backup_days": 90,
    "s3_days": 365,
    "gcs_age": 730,
    "log_days": 3653,
    "sql_retained": 30,
}
# address -> (rule, words the reason must hold) when the setting is shortened
EXPECTED = {
    "aws_db_instance.orders": (
        "aws-backup-retention-shortened",
        "from 14 days to 7 days: automated backups older than 7 days are deleted",
    ),
    "aws_backup_plan.nightly": (
        "aws-backup-plan-retention-shortened",
        '(rule rule_name = "nightly") from 35 days to 7 days: recovery points taken from now on',
    ),
    "aws_s3_bucket_lifecycle_configuration.logs": (
        "aws-s3-lifecycle-expiration-shortened",
        '(rule id = "logs") after 30 days instead of 90 days',
    ),
    "google_storage_bucket.archive": (
        "google-storage-lifecycle-delete-sooner",
        "at age 30 days instead of 365 days",
    ),
    "aws_cloudwatch_log_group.app": (
        "aws-log-retention-shortened",
        "from 365 days to 30 days: log events older than 30 days are deleted",
    ),
    "google_sql_database_instance.orders": (
        "google-sql-backup-retention-shortened",
        "from 14 to 7",
    ),
}
KEEPS_LESS_RULES = {rule for rule, _ in EXPECTED.values()}
# AWS Backup plan changes reach only recovery points taken after them (snapshot rules): risky
RISKY = {"aws_backup_plan.nightly"}


@pytest.fixture(scope="module")
def retention_stack(terraform: Any, tmp_path_factory: pytest.TempPathFactory) -> AppliedStack:
    import tfharness

    ws = tfharness.Workspace(terraform, tmp_path_factory.mktemp("retention-stack"))
    ws.apply(RETENTION)
    return AppliedStack(ws, tmp_path_factory)


def _vars(values: dict[str, int]) -> tuple[str, ...]:
    return tuple(f"-var={name}={value}" for name, value in values.items())


def _check(tfguard: Any, plan_json: Path) -> tuple[int, dict[str, Any]]:
    result = tfguard("check", "--format", "json", plan_json)
    report = result.json()
    assert_summary_consistent(report)
    return result.returncode, report


def _fired(change: dict[str, Any]) -> dict[str, str]:
    return {r["rule"]: r["message"] for r in change["reasons"]}


def test_every_family_shortened_is_destructive_with_what_is_deleted(tfguard, retention_stack):
    plan = retention_stack.plan(extra_args=_vars(SHORTER))

    code, report = _check(tfguard, plan.plan_json)

    assert code == 1, report
    changes = by_address(report)
    for address, (rule, words) in EXPECTED.items():
        change = changes[address]
        expected = "risky" if address in RISKY else "destructive"
        assert change["classification"] == expected, change
        findings = _fired(change)
        assert rule in findings, (address, findings)
        assert words in findings[rule], findings[rule]


def test_every_family_lengthened_passes(tfguard, retention_stack):
    plan = retention_stack.plan(extra_args=_vars(LONGER))

    code, report = _check(tfguard, plan.plan_json)

    changes = by_address(report)
    assert set(EXPECTED) <= set(changes)
    for address in EXPECTED:
        assert not KEEPS_LESS_RULES & set(_fired(changes[address])), changes[address]
        assert changes[address]["classification"] != "destructive", changes[address]
    assert code == 0, report


def test_log_retention_removed_keeps_forever_and_a_new_expiring_rule_is_destructive(
    tfguard, retention_stack
):
    no_retention = MAIN_TF.replace("  retention_in_days = var.log_days\n", "")
    new_rule = MAIN_TF.replace(
        '  rule {\n    id     = "tmp"',
        '  rule {\n    id     = "cache"\n    status = "Enabled"\n    filter {\n'
        '      prefix = "cache/"\n    }\n    expiration {\n      days = 3\n    }\n  }\n'
        '  rule {\n    id     = "tmp"',
    )
    assert no_retention != MAIN_TF and new_rule != MAIN_TF

    removed = by_address(
        _check(tfguard, retention_stack.plan({"main.tf": no_retention}).plan_json)[1]
    )
    added = by_address(_check(tfguard, retention_stack.plan({"main.tf": new_rule}).plan_json)[1])

    log_group = removed.get("aws_cloudwatch_log_group.app")
    assert log_group is None or "aws-log-retention-shortened" not in _fired(log_group)
    lifecycle = _fired(added["aws_s3_bucket_lifecycle_configuration.logs"])
    assert (
        'rule id = "cache") after 3 days instead of forever'
        in lifecycle["aws-s3-lifecycle-expiration-shortened"]
    )


def test_a_retention_known_only_after_apply_fails_closed(tfguard, retention_stack):
    unknown = (
        MAIN_TF.replace(
            "  retention_in_days = var.log_days\n",
            "  retention_in_days = terraform_data.days.output\n",
        )
        + '\nresource "terraform_data" "days" {\n  input = 30\n}\n'
    )

    code, report = _check(tfguard, retention_stack.plan({"main.tf": unknown}).plan_json)

    change = by_address(report)["aws_cloudwatch_log_group.app"]
    assert change["classification"] == "destructive"
    assert "assumes the worst" in _fired(change)["aws-log-retention-shortened"]
    assert code == 1


def _with_dated_rule(status: str) -> str:
    dated = MAIN_TF.replace(
        '  rule {\n    id     = "tmp"',
        f'  rule {{\n    id     = "archive"\n    status = "{status}"\n    filter {{\n'
        '      prefix = "archive/"\n    }\n    expiration {\n      date = "2027-01-01"\n    }\n'
        '  }\n  rule {\n    id     = "tmp"',
    )
    assert dated != MAIN_TF
    return dated


def test_an_expiration_date_added_is_destructive_and_on_a_disabled_rule_passes(
    tfguard, retention_stack
):
    enabled = retention_stack.plan({"main.tf": _with_dated_rule("Enabled")})
    disabled = retention_stack.plan({"main.tf": _with_dated_rule("Disabled")})

    code, report = _check(tfguard, enabled.plan_json)
    calm_code, calm = _check(tfguard, disabled.plan_json)

    lifecycle = by_address(report)["aws_s3_bucket_lifecycle_configuration.logs"]
    assert code == 1 and lifecycle["classification"] == "destructive", lifecycle
    assert (
        'expires the objects of aws_s3_bucket_lifecycle_configuration.logs (rule id = "archive")'
        " on 2027-01-01 (before: never)"
        in _fired(lifecycle)["aws-s3-lifecycle-expiration-date-earlier"]
    )
    quiet = by_address(calm)["aws_s3_bucket_lifecycle_configuration.logs"]
    assert "aws-s3-lifecycle-expiration-date-earlier" not in _fired(quiet), quiet
    assert quiet["classification"] != "destructive", quiet
    assert calm_code == 0, calm
