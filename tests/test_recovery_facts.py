"""Recovery facts per provider (rules/*.hcl `store` blocks): one row per fact, as real plan-JSON
changes; each row asserts the verdict and the evidence that decided it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import plan_document, resource_change
from tfguard.judge import verdict
from tfguard.model import Assessment, Classification
from tfguard.read import plan, rulebook

BOOK = rulebook.load()


def gone(address: str, before: dict[str, Any]) -> dict[str, Any]:
    return resource_change(address, ["delete"], before, None)


def keep(address: str, before: dict[str, Any]) -> dict[str, Any]:
    return resource_change(address, ["no-op"], before, before)


def replaced(address: str, before: dict[str, Any]) -> dict[str, Any]:
    return resource_change(address, ["delete", "create"], before, before)


def assessed(changes: list[dict[str, Any]], address: str, **top: Any) -> Assessment:
    parsed = plan.parse(json.dumps(plan_document(*changes, **top)).encode(), "p.json")
    outcome = verdict.decide([parsed], BOOK)
    [found] = [a for a in outcome.assessments if a.change.address == address]
    return found


def row(name: str, changes: list[dict[str, Any]], status: str, evidence: str) -> Any:
    """The first change is the store judged; `evidence` must appear in one evidence line."""
    return pytest.param(changes, status, evidence, id=name)


# --- azurerm ----------------------------------------------------------------------------------

SQL_SERVER = {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/sql1"}
SQL_DB = {
    "id": SQL_SERVER["id"] + "/databases/orders",
    "server_id": SQL_SERVER["id"],
    "short_term_retention_policy": [{"retention_days": 14, "backup_interval_in_hours": 12}],
    "long_term_retention_policy": [
        {"weekly_retention": "PT0S", "monthly_retention": "PT0S", "yearly_retention": "PT0S"}
    ],
}
LTR = [{"weekly_retention": "P4W", "monthly_retention": "PT0S", "yearly_retention": "PT0S"}]
PG_SERVER = {"id": "/x/flexibleServers/pg1", "backup_retention_days": 14}
PG_DB = {"id": "/x/flexibleServers/pg1/databases/app", "server_id": "/x/flexibleServers/pg1"}
COSMOS = {"id": "/x/databaseAccounts/acct", "name": "acct", "backup": [{"type": "Continuous"}]}
PERIODIC = {**COSMOS, "backup": [{"type": "Periodic", "interval_in_minutes": 240}]}
COSMOS_DB = {"id": "/x/acct/sqlDatabases/app", "name": "app", "account_name": "acct"}
ACCOUNT = {
    "id": "/x/storageAccounts/st1",
    "name": "st1",
    "blob_properties": [{"container_delete_retention_policy": [{"days": 7}]}],
}
CONTAINER = {"id": "https://st1/c", "name": "c", "storage_account_id": "/x/storageAccounts/st1"}
DISK = {"id": "/x/disks/data", "name": "data"}
VAULT = {"id": "/x/backupVaults/v", "name": "v"}

AZURERM = [
    row(
        "mssql-db-restorable-while-server-exists",
        [gone("azurerm_mssql_database.orders", SQL_DB), keep("azurerm_mssql_server.s", SQL_SERVER)],
        "kept",
        "a deleted database can be restored to a point within its short-term retention (14 days)",
    ),
    row(
        "mssql-db-and-server-without-ltr-lost",
        [gone("azurerm_mssql_database.orders", SQL_DB), gone("azurerm_mssql_server.s", SQL_SERVER)],
        "lost",
        "its parent azurerm_mssql_server.s is deleted by this plan",
    ),
    row(
        "mssql-db-ltr-outlives-server",
        [
            gone("azurerm_mssql_database.orders", {**SQL_DB, "long_term_retention_policy": LTR}),
            gone("azurerm_mssql_server.s", SQL_SERVER),
        ],
        "kept",
        'weekly long-term retention backups ("P4W") outlive the database and its server',
    ),
    row(
        "mssql-server-unknown-ltr-on-databases",
        [gone("azurerm_mssql_server.s", SQL_SERVER)],
        "unknown",
        "judged on its own",
    ),
    row(
        "pg-flexible-server-dropped-restore",
        [gone("azurerm_postgresql_flexible_server.pg", PG_SERVER)],
        "kept",
        "kept for five days",
    ),
    row(
        "mysql-flexible-server-dropped-restore",
        [gone("azurerm_mysql_flexible_server.my", {"id": "/x/my"})],
        "kept",
        "kept for five days",
    ),
    row(
        "pg-database-in-server-backups",
        [
            gone("azurerm_postgresql_flexible_server_database.app", PG_DB),
            keep("azurerm_postgresql_flexible_server.pg", PG_SERVER),
        ],
        "kept",
        "the server's backups (14 days) hold the database",
    ),
    row(
        "pg-database-server-not-in-plan",
        [gone("azurerm_postgresql_flexible_server_database.app", PG_DB)],
        "unknown",
        "cannot tell: the azurerm_postgresql_flexible_server it uses is not in this plan",
    ),
    row(
        "cosmos-account-continuous",
        [gone("azurerm_cosmosdb_account.a", COSMOS)],
        "kept",
        "with continuous backup a deleted account can be restored",
    ),
    row(
        "cosmos-account-periodic",
        [gone("azurerm_cosmosdb_account.a", PERIODIC)],
        "unknown",
        "only through an Azure support request",
    ),
    row(
        "cosmos-database-same-account-restore",
        [
            gone("azurerm_cosmosdb_sql_database.d", COSMOS_DB),
            keep("azurerm_cosmosdb_account.a", COSMOS),
        ],
        "kept",
        "restored into the same account",
    ),
    row(
        "cosmos-database-with-its-periodic-account-unknown",
        [
            gone("azurerm_cosmosdb_sql_database.d", COSMOS_DB),
            gone("azurerm_cosmosdb_account.a", {**COSMOS, "backup": []}),
        ],
        "unknown",
        'backup[0].type = "Periodic" by default',
    ),
    row(
        "storage-account-recovery-not-guaranteed",
        [gone("azurerm_storage_account.st", ACCOUNT)],
        "unknown",
        "Azure does not guarantee it",
    ),
    row(
        "storage-container-soft-delete",
        [
            gone("azurerm_storage_container.c", CONTAINER),
            keep("azurerm_storage_account.st", ACCOUNT),
        ],
        "kept",
        "restorable for 7 days",
    ),
    row(
        "storage-container-soft-delete-off",
        [
            gone("azurerm_storage_container.c", CONTAINER),
            keep("azurerm_storage_account.st", {**ACCOUNT, "blob_properties": []}),
        ],
        "lost",
        "container soft delete is off",
    ),
    row(
        "key-vault-purge-protection",
        [gone("azurerm_key_vault.kv", {"id": "/x/vaults/kv", "purge_protection_enabled": True})],
        "kept",
        "purge protection keeps the deleted vault soft-deleted",
    ),
    row(
        "key-vault-purged-by-provider-default",
        [gone("azurerm_key_vault.kv", {"id": "/x/vaults/kv", "purge_protection_enabled": False})],
        "unknown",
        "features.key_vault.purge_soft_delete_on_destroy = true",
    ),
    row(
        "managed-disk-snapshot-survives",
        [
            gone("azurerm_managed_disk.data", DISK),
            keep("azurerm_snapshot.s", {"id": "/x/snapshots/s", "source_uri": DISK["id"]}),
        ],
        "kept",
        "backup azurerm_snapshot.s survives this plan",
    ),
    row(
        "managed-disk-vaulted-backup-survives",
        [
            gone("azurerm_managed_disk.data", DISK),
            gone(
                "azurerm_data_protection_backup_instance_disk.b",
                {"disk_id": DISK["id"], "vault_id": VAULT["id"]},
            ),
            keep("azurerm_data_protection_backup_vault.v", VAULT),
        ],
        "kept",
        "survive in azurerm_data_protection_backup_vault.v",
    ),
    row(
        "managed-disk-and-its-vault-lost",
        [
            gone("azurerm_managed_disk.data", DISK),
            keep(
                "azurerm_data_protection_backup_instance_disk.b",
                {"disk_id": DISK["id"], "vault_id": VAULT["id"]},
            ),
            gone("azurerm_data_protection_backup_vault.v", VAULT),
            keep("azurerm_data_protection_backup_vault.other", {"id": "/x/other", "name": "o"}),
        ],
        "lost",
        "backup azurerm_data_protection_backup_instance_disk.b is deleted by this plan",
    ),
]

ALL = AZURERM


@pytest.mark.parametrize(("changes", "status", "evidence"), ALL)
def test_recovery_fact(changes: list[dict[str, Any]], status: str, evidence: str) -> None:
    store = assessed(changes, changes[0]["address"])
    assert store.classification is Classification.DESTRUCTIVE
    assert store.recovery is not None
    assert store.recovery.status == status, store.recovery
    assert any(evidence in line for line in store.recovery.evidence), store.recovery.evidence


def test_every_store_and_fact_names_its_source() -> None:
    for spec in BOOK.stores.values():
        assert spec.summary and spec.source, spec.type
        for fact in (*spec.facts, *([spec.abandon] if spec.abandon else [])):
            assert fact.source, (spec.type, fact.name)


def test_explain_a_store_type_prints_its_facts_and_sources(run: Any) -> None:
    result = run("explain", "azurerm_key_vault")

    assert result.exit_code == 0, result
    assert "purge-protection: kept when `purge_protection_enabled` is true" in " ".join(
        result.stdout.split()
    )
    assert "key_vault.html.markdown" in result.stdout


def test_explain_an_unknown_name_is_a_usage_error(run: Any) -> None:
    result = run("explain", "azurerm_nothing")

    assert result.exit_code == 2
    assert "no rule or store type 'azurerm_nothing'" in result.stderr
