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


def test_azurerm_recovery_services_vault_deleted_with_default_features_is_kept(
    tfguard, azurerm_stack
):
    plan = azurerm_stack.plan(None, '-var=vaults=["legacy"]')
    address = 'azurerm_recovery_services_vault.vm["current"]'
    assert actions_of(plan) == {address: ["delete"]}
    assert "features" in load_plan(plan.plan_json)["configuration"]["provider_config"][
        "azurerm"
    ].get("expressions", {}), "terraform wrote the provider's features block"

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, address)
    assert recovery["status"] == "kept", recovery
    assert has(recovery, "Azure refuses to delete a vault that still holds backup items"), recovery
    assert has(recovery, "purge_protected_items_from_vault_on_destroy = false by default"), recovery
    assert has(recovery, "backup-azure-delete-vault"), recovery  # the cited source


def test_azurerm_protected_vm_on_a_vault_without_soft_delete_is_lost(tfguard, azurerm_stack):
    plan = azurerm_stack.plan(None, "-var=protected_vms=[]")
    address = 'azurerm_backup_protected_vm.app["app"]'
    assert actions_of(plan) == {address: ["delete"]}

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, address)
    assert recovery["status"] == "lost", recovery
    assert recovery["evidence"][0] == LOST_LEAD
    assert has(recovery, "the provider deletes the backup data on destroy"), recovery
    assert has(recovery, "soft delete is off for its vault"), recovery


def test_azurerm_protected_vm_kept_when_the_features_block_retains_its_data(tfguard, azurerm_stack):
    retain = azurerm_stack.main_tf.replace(
        "  features {}\n",
        "  features {\n    recovery_service {\n"
        "      vm_backup_stop_protection_and_retain_data_on_destroy = true\n    }\n  }\n",
    )
    assert retain != azurerm_stack.main_tf
    plan = azurerm_stack.plan(retain, "-var=protected_vms=[]")

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, 'azurerm_backup_protected_vm.app["app"]')
    assert recovery["status"] == "kept", recovery
    assert has(recovery, "the provider stops protection and retains the backup data"), recovery


# --------------------------------------------------------------------------- google


@pytest.fixture(scope="module")
def google_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, CONFIGS / "recovery_google", tmp_path_factory)


def test_google_firestore_abandoned_by_default_passes_as_a_forget(tfguard, google_stack):
    plan = google_stack.plan(None, '-var=tenants=["a"]')
    address = 'google_firestore_database.tenant["b"]'
    assert actions_of(plan) == {address: ["delete"]}

    report = check_json(tfguard, plan, 0)

    change = by_address(report)[address]
    assert change["classification"] == "risky", change
    assert [r["rule"] for r in change["reasons"]] == ["resource-forgotten"], change
    recovery = verdict_of(report, address)
    assert recovery["status"] == "kept", recovery
    assert has(recovery, "deletion_policy = ABANDON (the default)"), recovery


def test_google_spanner_instance_force_destroyed_with_its_database_is_lost(tfguard, google_stack):
    plan = google_stack.plan(None, "-var=spanner=false")
    assert actions_of(plan) == {
        "google_spanner_instance.main[0]": ["delete"],
        "google_spanner_database.orders[0]": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    for address in ("google_spanner_instance.main[0]", "google_spanner_database.orders[0]"):
        recovery = verdict_of(report, address)
        assert recovery["status"] == "lost", recovery
        assert recovery["evidence"][0] == LOST_LEAD
    database = verdict_of(report, "google_spanner_database.orders[0]")
    assert has(database, "its instance's force_destroy deletes every backup"), database
    assert has(database, "deletion_protection = false"), database


def test_google_spanner_database_under_deletion_protection_is_kept(tfguard, google_stack):
    plan = google_stack.plan(None, "-var=reports=false")
    assert actions_of(plan) == {"google_spanner_database.reports[0]": ["delete"]}

    report = check_json(tfguard, plan, 1)

    recovery = verdict_of(report, "google_spanner_database.reports[0]")
    assert recovery["status"] == "kept", recovery
    assert has(recovery, "(deletion_protection = true)"), recovery


# --------------------------------------------------------------------------- kubernetes


@pytest.fixture(scope="module")
def kubernetes_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, CONFIGS / "recovery_kubernetes", tmp_path_factory)


def test_kubernetes_tenants_removed_follow_their_storage_class(tfguard, kubernetes_stack):
    plan = kubernetes_stack.plan(None, "-var=tenants=[]", "-var=stateful=false")
    blue = 'module.tenant["blue"].kubernetes_persistent_volume_claim_v1.data'
    green = 'module.tenant["green"].kubernetes_persistent_volume_claim_v1.data'
    assert actions_of(plan) == {
        blue: ["delete"],
        green: ["delete"],
        'module.tenant["blue"].kubernetes_namespace_v1.this': ["delete"],
        'module.tenant["green"].kubernetes_namespace_v1.this': ["delete"],
        "kubernetes_stateful_set_v1.queue[0]": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    kept = verdict_of(report, blue)
    assert kept["status"] == "kept", kept
    assert has(kept, 'kubernetes_storage_class_v1.retained: reclaim_policy = "Retain"'), kept
    lost = verdict_of(report, green)
    assert lost["status"] == "lost", lost
    assert has(lost, 'its parent module.tenant["green"].kubernetes_namespace_v1.this'), lost
    assert has(lost, 'reclaim_policy = "Delete"'), lost
    queue = verdict_of(report, "kubernetes_stateful_set_v1.queue[0]")
    assert queue["status"] == "lost", queue
    assert has(queue, "its volume claims are deleted with it"), queue


# --------------------------------------------------------------------------- mongodbatlas


@pytest.fixture(scope="module")
def mongodbatlas_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, CONFIGS / "recovery_mongodbatlas", tmp_path_factory)


def test_mongodbatlas_snapshots_go_with_the_cluster_unless_a_policy_keeps_them(
    tfguard, mongodbatlas_stack
):
    plan = mongodbatlas_stack.plan(None, "-var=clusters=[]")
    assert actions_of(plan) == {
        "mongodbatlas_advanced_cluster.orders[0]": ["delete"],
        "mongodbatlas_cloud_backup_snapshot.orders[0]": ["delete"],
        "mongodbatlas_advanced_cluster.ledger[0]": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    lost = verdict_of(report, "mongodbatlas_advanced_cluster.orders[0]")
    assert lost["status"] == "lost", lost
    assert has(lost, "its cloud backup snapshots are deleted with it"), lost
    assert has(lost, "mongodbatlas_cloud_backup_snapshot.orders[0] is kept inside the store"), lost
    kept = verdict_of(report, "mongodbatlas_advanced_cluster.ledger[0]")
    assert kept["status"] == "kept", kept
    assert has(kept, "mongodbatlas_backup_compliance_policy.finance survives this plan"), kept


# --------------------------------------------------------------------------- digitalocean


@pytest.fixture(scope="module")
def digitalocean_stack(terraform, tmp_path_factory) -> Stack:
    return Stack.apply(terraform, CONFIGS / "recovery_digitalocean", tmp_path_factory)


def test_digitalocean_cluster_takes_its_backups_a_database_lives_in_them(
    tfguard, digitalocean_stack
):
    plan = digitalocean_stack.plan(None, '-var=apps=["shop"]', "-var=analytics=false")
    assert actions_of(plan) == {
        'digitalocean_database_db.app["blog"]': ["delete"],
        "digitalocean_database_cluster.analytics[0]": ["delete"],
    }

    report = check_json(tfguard, plan, 1)

    kept = verdict_of(report, 'digitalocean_database_db.app["blog"]')
    assert kept["status"] == "kept", kept
    assert has(kept, "digitalocean_database_cluster.main survives this plan"), kept
    lost = verdict_of(report, "digitalocean_database_cluster.analytics[0]")
    assert lost["status"] == "lost", lost
    assert has(lost, "destroying the cluster destroys its automated backups too"), lost
