"""Every data-bearing aws/google type tfguard knows, deleted, replaced and disarmed by real plans.

configs/catalog/main.tf is applied once per session; each test plans a variation
(``-destroy``, ``-var generation=2``, ...) in a copy of that state.
"""

from __future__ import annotations

import pytest
from e2e_checks import (
    DATA_BEARING_TYPES,
    STATELESS_TYPES,
    assert_classified,
    assert_summary_consistent,
    by_address,
    changed_resources,
    load_plan,
    sensitive_strings,
)

pytestmark = pytest.mark.e2e


def expected_classes(plan: dict) -> dict[str, str]:
    want = {}
    for address, rc in changed_resources(plan).items():
        if rc["type"] in DATA_BEARING_TYPES:
            want[address] = "destructive"
        elif rc["type"] in STATELESS_TYPES:
            want[address] = "risky"
        elif rc["type"] == "terraform_data":  # delete/replace re-run provisioners: risky
            destroys = "delete" in rc["change"]["actions"]
            want[address] = "risky" if destroys else "safe"
    return want


def test_catalog_covers_every_type(catalog_stack):
    types = {
        r["type"] for r in load_plan(catalog_stack.plan(destroy=True).plan_json)["resource_changes"]
    }
    assert types >= DATA_BEARING_TYPES | STATELESS_TYPES | {"terraform_data"}


def test_destroying_everything(tfguard, catalog_stack):
    plan = catalog_stack.plan(destroy=True)
    data = load_plan(plan.plan_json)
    expected = expected_classes(data)
    assert len([c for c in expected.values() if c == "destructive"]) == len(DATA_BEARING_TYPES)

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    report = result.json()
    assert_classified(report, expected)
    assert report["summary"]["destructive"] == len(DATA_BEARING_TYPES)
    assert_summary_consistent(report)
    for secret in sensitive_strings(data):
        assert secret not in result.output


def test_replacing_everything(tfguard, catalog_stack):
    plan = catalog_stack.plan(extra_args=("-var", "generation=2"))
    data = load_plan(plan.plan_json)
    changed = changed_resources(data)
    for address, rc in changed.items():
        if rc["type"] in DATA_BEARING_TYPES | STATELESS_TYPES:
            assert rc["change"]["actions"] == ["delete", "create"], address
            assert rc["change"].get("replace_paths"), address
    assert changed["terraform_data.marker"]["change"]["actions"] == ["update"]

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    report = result.json()
    assert_classified(report, expected_classes(data))
    for address, change in by_address(report).items():
        if change["type"] in DATA_BEARING_TYPES:
            assert change["replace_paths"], f"{address}: no replace_paths in {change}"
    assert_summary_consistent(report)


def test_replace_requested_with_dash_replace(tfguard, catalog_stack):
    plan = catalog_stack.plan(
        extra_args=("-replace=aws_ebs_volume.volume", "-replace=aws_instance.web")
    )
    data = load_plan(plan.plan_json)
    assert {a: rc["action_reason"] for a, rc in changed_resources(data).items()} == {
        "aws_ebs_volume.volume": "replace_by_request",
        "aws_instance.web": "replace_by_request",
    }

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    assert_classified(
        result.json(), {"aws_ebs_volume.volume": "destructive", "aws_instance.web": "risky"}
    )


def test_turning_off_rds_deletion_protection(tfguard, catalog_stack):
    plan = catalog_stack.plan(extra_args=("-var", "db_deletion_protection=false"))
    rc = plan.change("aws_db_instance.db")["change"]
    assert rc["actions"] == ["update"]
    assert (rc["before"]["deletion_protection"], rc["after"]["deletion_protection"]) == (
        True,
        False,
    )
    assert list(changed_resources(load_plan(plan.plan_json))) == ["aws_db_instance.db"]

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 1, result
    assert_classified(result.json(), {"aws_db_instance.db": "destructive"})


def test_resizing_cloud_sql_in_place_is_risky(tfguard, catalog_stack):
    plan = catalog_stack.plan(extra_args=("-var", "sql_tier=db-custom-2-7680"))
    rc = plan.change("google_sql_database_instance.sql")["change"]
    assert rc["actions"] == ["update"]
    # Nested blocks render as arrays, as with the SDKv2 google provider.
    assert rc["after"]["settings"][0]["tier"] == "db-custom-2-7680"
    assert rc["after"]["settings"][0]["backup_configuration"][0]["enabled"] is True

    result = tfguard("check", "--format", "json", plan.plan_json)

    assert result.returncode == 0, result
    assert_classified(result.json(), {"google_sql_database_instance.sql": "risky"})
