"""Recovery verdicts beyond AWS, on real plans made by a real terraform with the test provider
(azurerm, kubernetes, mongodbatlas, digitalocean and more google kinds: provider/kinds_*.py).

Each provider has a configuration in ``configs/recovery_<provider>`` applied once per module;
variables then shrink ``for_each``/``count`` or drop module instances, the way users delete
stores, and each test checks the verdict tfguard gives and the evidence that decided it.
"""

from __future__ import annotations

from typing import Any

import pytest
import tfharness
from e2e_checks import CONFIGS, by_address, changed_resources, load_plan
from test_e2e_recovery import Stack, check_json

pytestmark = pytest.mark.e2e

LOST_LEAD = "the data store and every backup of it are deleted by this plan"


def actions_of(plan: tfharness.Plan) -> dict[str, list[str]]:
    return {
        a: rc["change"]["actions"] for a, rc in changed_resources(load_plan(plan.plan_json)).items()
    }


def verdict_of(report: dict[str, Any], address: str) -> dict[str, Any]:
    recovery = by_address(report)[address]["recovery"]
    assert recovery is not None, by_address(report)[address]
    return dict(recovery)


def has(recovery: dict[str, Any], fragment: str) -> bool:
    return any(fragment in line for line in recovery["evidence"])


# --------------------------------------------------------------------------- azurerm


@pytest.fixture(scope="module")
def azurerm_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, CONFIGS / "recovery_azurerm", tmp_path_factory)


def test_azurerm_database_dropped_from_for_each_is_kept_by_its_server(tfguard, azurerm_stack):
    plan = azurerm_stack.plan(None, '-var=databases=["orders"]')
    address = 'module.db["billing"].azurerm_mssql_database.this'
    assert actions_of(plan) == {address: ["delete"]}

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, address)
    assert recovery["status"] == "kept", recovery
    assert has(recovery, "short-term retention (14 days)"), recovery
    assert has(recovery, "recovery-using-backups"), recovery  # the cited source


def test_azurerm_server_deleted_with_its_database_is_lost(tfguard, azurerm_stack):
    plan = azurerm_stack.plan(None, "-var=legacy=false")
    database = "module.legacy[0].azurerm_mssql_database.this"
    assert actions_of(plan) == {
        database: ["delete"],
        "module.legacy[0].azurerm_mssql_server.this": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, database)
    assert recovery["status"] == "lost", recovery
    assert recovery["evidence"][0] == LOST_LEAD
    assert has(recovery, "its parent module.legacy[0].azurerm_mssql_server.this is deleted"), (
        recovery
    )
    assert has(recovery, "no weekly long-term retention backup"), recovery
    server = verdict_of(report, "module.legacy[0].azurerm_mssql_server.this")
    assert server["status"] == "unknown", server


def test_azurerm_disk_whose_snapshot_survives_is_kept_and_with_its_snapshot_lost(
    tfguard, azurerm_stack
):
    plan = azurerm_stack.plan(None, "-var=disks=[]")
    assert actions_of(plan) == {
        'azurerm_managed_disk.data["a"]': ["delete"],
        'azurerm_managed_disk.data["b"]': ["delete"],
        'azurerm_snapshot.b["b"]': ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    kept = verdict_of(report, 'azurerm_managed_disk.data["a"]')
    assert kept["status"] == "kept", kept
    assert has(kept, "backup azurerm_snapshot.a survives this plan"), kept
    lost = verdict_of(report, 'azurerm_managed_disk.data["b"]')
    assert lost["status"] == "lost", lost
    assert has(lost, 'backup azurerm_snapshot.b["b"] is deleted by this plan'), lost
