"""Recovery facts per provider (rules/*.hcl `store` blocks): one row per fact, as real plan-JSON
changes; each row asserts the verdict and the evidence that decided it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import plan_document, resource_change
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
        "pg-flexible-server-deleted-restore-not-guaranteed",
        [gone("azurerm_postgresql_flexible_server.pg", PG_SERVER)],
        "unknown",
        "but Microsoft says restoring a deleted server is not always guaranteed",
    ),
    row(
        "mysql-flexible-server-deleted-restore-not-guaranteed",
        [gone("azurerm_mysql_flexible_server.my", {"id": "/x/my"})],
        "unknown",
        "kept for up to five days, and a restore works only while they still exist",
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
        "cosmos-container-same-account-restore",
        [
            gone(
                "azurerm_cosmosdb_sql_container.c",
                {"name": "c", "account_name": "acct", "database_name": "app"},
            ),
            keep("azurerm_cosmosdb_account.a", COSMOS),
        ],
        "kept",
        "a deleted database or container can be restored into the same account",
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
        "the plan carries no provider configuration",
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

# --- google -----------------------------------------------------------------------------------

SQL_INSTANCE = {
    "name": "main",
    "settings": [{"tier": "db-f1-micro", "backup_configuration": [{"enabled": True}]}],
}
SPANNER = {"name": "spanner-1", "force_destroy": False}
SPANNER_DB = {"name": "orders", "instance": "spanner-1", "deletion_protection": False}
FIRESTORE = {"name": "(default)", "deletion_policy": "DELETE"}
BIGTABLE = {"name": "bt", "deletion_protection": False, "force_destroy": True}
BUCKET = {
    "name": "b",
    "force_destroy": True,
    "soft_delete_policy": [{"retention_duration_seconds": 0}],
}
DISK_GCE = {"name": "d", "self_link": "https://compute/disks/d"}

GOOGLE = [
    row(
        "sql-database-in-instance-backups",
        [
            gone("google_sql_database.orders", {"name": "orders", "instance": "main"}),
            keep("google_sql_database_instance.main", SQL_INSTANCE),
        ],
        "kept",
        "the instance's automated backups hold the database",
    ),
    row(
        "spanner-instance-force-destroy-lost",
        [gone("google_spanner_instance.s", {**SPANNER, "force_destroy": True})],
        "lost",
        "force_destroy deletes every backup of the instance with it (force_destroy = true)",
    ),
    row(
        "spanner-instance-delete-fails-while-backups",
        [gone("google_spanner_instance.s", SPANNER)],
        "unknown",
        "without force_destroy the delete fails while the instance holds backups",
    ),
    row(
        "spanner-database-deletion-protection",
        [gone("google_spanner_database.d", {**SPANNER_DB, "deletion_protection": None})],
        "kept",
        "while deletion_protection is true (deletion_protection = true by default)",
    ),
    row(
        "spanner-database-with-force-destroyed-instance-lost",
        [
            gone("google_spanner_database.d", SPANNER_DB),
            gone("google_spanner_instance.s", {**SPANNER, "force_destroy": True}),
        ],
        "lost",
        "its instance's force_destroy deletes every backup",
    ),
    row(
        "bigtable-instance-force-destroy-lost",
        [gone("google_bigtable_instance.bt", BIGTABLE)],
        "lost",
        "force_destroy deletes every backup in the instance first",
    ),
    row(
        "bigtable-table-protected",
        [
            gone(
                "google_bigtable_table.t",
                {"name": "t", "instance_name": "bt", "deletion_protection": "PROTECTED"},
            )
        ],
        "kept",
        'deletion_protection = "PROTECTED"',
    ),
    row(
        "firestore-delete-policy-unprotected-unknown",
        [gone("google_firestore_database.db", FIRESTORE)],
        "unknown",
        "google_firestore_backup_schedule",
    ),
    row(
        "firestore-delete-protection",
        [
            gone(
                "google_firestore_database.db",
                {**FIRESTORE, "delete_protection_state": "DELETE_PROTECTION_ENABLED"},
            )
        ],
        "kept",
        "the API refuses to delete it while delete protection is enabled",
    ),
    row(
        "alloydb-deletion-protection-off-unknown",
        [gone("google_alloydb_cluster.c", {"cluster_id": "c", "deletion_protection": False})],
        "unknown",
        "outlive the cluster is not stated",
    ),
    row(
        "filestore-backup-survives",
        [
            gone("google_filestore_instance.f", {"id": "projects/p/locations/l/instances/f"}),
            keep(
                "google_filestore_backup.b",
                {"name": "b", "source_instance": "projects/p/locations/l/instances/f"},
            ),
        ],
        "kept",
        "backup google_filestore_backup.b survives this plan",
    ),
    row(
        "filestore-without-backup-lost",
        [gone("google_filestore_instance.f", {"id": "projects/p/locations/l/instances/f"})],
        "lost",
        "deletion_protection_enabled is off",
    ),
    row(
        "bigquery-dataset-undelete",
        [gone("google_bigquery_dataset.ds", {"dataset_id": "ds", "max_time_travel_hours": "48"})],
        "kept",
        'within its time travel window ("48" hours)',
    ),
    row(
        "bigquery-table-time-travel",
        [gone("google_bigquery_table.t", {"table_id": "t", "deletion_protection": False})],
        "kept",
        "restored within its dataset's time travel window",
    ),
    row(
        "bucket-soft-delete-default",
        [gone("google_storage_bucket.b", {**BUCKET, "soft_delete_policy": []})],
        "kept",
        "restorable for 604800 seconds",
    ),
    row(
        "bucket-soft-delete-off-force-destroy-lost",
        [gone("google_storage_bucket.b", BUCKET)],
        "lost",
        "force_destroy deletes every object first (force_destroy = true)",
    ),
    row(
        "kms-key-scheduled-destruction",
        [gone("google_kms_crypto_key.k", {"name": "k", "destroy_scheduled_duration": None})],
        "kept",
        'can be restored for "2592000s"',
    ),
    row(
        "compute-disk-and-snapshot-lost",
        [
            gone("google_compute_disk.d", DISK_GCE),
            gone("google_compute_snapshot.s", {"name": "s", "source_disk": DISK_GCE["self_link"]}),
        ],
        "lost",
        "backup google_compute_snapshot.s is deleted by this plan",
    ),
]

# --- mongodbatlas -----------------------------------------------------------------------------

CLUSTER = {"project_id": "p1", "name": "orders", "retain_backups_enabled": False}
POLICY = {"project_id": "p1", "authorized_email": "a@example.com"}

MONGODBATLAS = [
    row(
        "cluster-and-snapshots-lost",
        [
            gone("mongodbatlas_advanced_cluster.c", CLUSTER),
            keep("mongodbatlas_cloud_backup_snapshot.s", {"cluster_name": "orders"}),
        ],
        "lost",
        "without a Backup Compliance Policy Atlas deletes the cluster's snapshots",
    ),
    row(
        "cluster-snapshot-goes-with-it",
        [
            gone("mongodbatlas_cluster.c", CLUSTER),
            keep("mongodbatlas_cloud_backup_snapshot.s", {"cluster_name": "orders"}),
        ],
        "lost",
        "backup mongodbatlas_cloud_backup_snapshot.s is kept inside the store and goes with it",
    ),
    row(
        "cluster-retain-backups",
        [gone("mongodbatlas_advanced_cluster.c", {**CLUSTER, "retain_backups_enabled": True})],
        "kept",
        "snapshots are retained after the cluster is deleted (retain_backups_enabled = true)",
    ),
    row(
        "cluster-compliance-policy",
        [
            gone("mongodbatlas_advanced_cluster.c", CLUSTER),
            keep("mongodbatlas_backup_compliance_policy.p", POLICY),
        ],
        "kept",
        "mongodbatlas_backup_compliance_policy.p survives this plan",
    ),
    row(
        "cluster-compliance-policy-deleted-too",
        [
            gone("mongodbatlas_advanced_cluster.c", CLUSTER),
            gone("mongodbatlas_backup_compliance_policy.p", POLICY),
        ],
        "lost",
        "mongodbatlas_backup_compliance_policy.p is deleted by this plan",
    ),
    row(
        "cluster-termination-protection",
        [gone("mongodbatlas_cluster.c", {**CLUSTER, "termination_protection_enabled": True})],
        "kept",
        "Atlas refuses to terminate it",
    ),
]

# --- kubernetes -------------------------------------------------------------------------------


def k8s(name: str, spec: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    meta = {"name": name, "namespace": "shop"} if spec is not None else {"name": name}
    return {"metadata": [meta], **({"spec": [spec]} if spec is not None else {}), **top}


PVC_STATIC = k8s("data", {"volume_name": "pv-data", "storage_class_name": None})
PVC_DYNAMIC = k8s("data", {"volume_name": None, "storage_class_name": "fast"})
PV = {"metadata": [{"name": "pv-data"}], "spec": [{"persistent_volume_reclaim_policy": "Delete"}]}
SET_DELETE = k8s(
    "db",
    {
        "persistent_volume_claim_retention_policy": [{"when_deleted": "Delete"}],
        "volume_claim_template": [{"spec": [{"storage_class_name": "fast"}]}],
    },
)

KUBERNETES = [
    row(
        "pvc-bound-volume-retain",
        [
            gone("kubernetes_persistent_volume_claim_v1.data", PVC_STATIC),
            keep(
                "kubernetes_persistent_volume_v1.data",
                {**PV, "spec": [{"persistent_volume_reclaim_policy": "Retain"}]},
            ),
        ],
        "kept",
        'kubernetes_persistent_volume_v1.data: spec[0].persistent_volume_reclaim_policy = "Retain"',
    ),
    row(
        "pvc-bound-volume-delete",
        [
            gone("kubernetes_persistent_volume_claim_v1.data", PVC_STATIC),
            keep("kubernetes_persistent_volume_v1.data", PV),
        ],
        "lost",
        "is deleted with the claim (reclaim policy Delete)",
    ),
    row(
        "pvc-storage-class-default-delete",
        [
            gone("kubernetes_persistent_volume_claim.data", PVC_DYNAMIC),
            keep("kubernetes_storage_class_v1.fast", k8s("fast", reclaim_policy=None)),
        ],
        "lost",
        'reclaim_policy = "Delete" by default',
    ),
    row(
        "pvc-storage-class-retain",
        [
            gone("kubernetes_persistent_volume_claim_v1.data", PVC_DYNAMIC),
            keep("kubernetes_storage_class_v1.fast", k8s("fast", reclaim_policy="Retain")),
        ],
        "kept",
        "the dynamically provisioned disk outlives the claim",
    ),
    row(
        "pvc-default-storage-class-unknown",
        [
            gone(
                "kubernetes_persistent_volume_claim_v1.data",
                k8s("data", {"volume_name": None, "storage_class_name": None}),
            )
        ],
        "unknown",
        "cannot tell: it names none",
    ),
    row(
        "pvc-taken-by-its-namespace",
        [
            gone("kubernetes_persistent_volume_claim_v1.data", PVC_DYNAMIC),
            gone("kubernetes_namespace_v1.shop", k8s("shop")),
            keep("kubernetes_storage_class_v1.fast", k8s("fast", reclaim_policy="Delete")),
        ],
        "lost",
        "its parent kubernetes_namespace_v1.shop is deleted by this plan",
    ),
    row(
        "pv-reclaim-default-retain",
        [gone("kubernetes_persistent_volume_v1.data", {**PV, "spec": [{}]})],
        "kept",
        'persistent_volume_reclaim_policy = "Retain" by default',
    ),
    row(
        "statefulset-claims-deleted-storage-class-delete",
        [
            gone("kubernetes_stateful_set_v1.db", SET_DELETE),
            keep("kubernetes_storage_class_v1.fast", k8s("fast", reclaim_policy="Delete")),
        ],
        "lost",
        "its volume claims are deleted with it",
    ),
    row(
        "statefulset-claims-deleted-storage-class-retain",
        [
            gone("kubernetes_stateful_set_v1.db", SET_DELETE),
            keep("kubernetes_storage_class_v1.fast", k8s("fast", reclaim_policy="Retain")),
        ],
        "kept",
        "the disks outlive the claims",
    ),
]

# --- digitalocean -----------------------------------------------------------------------------

DO_CLUSTER = {"id": "c-1", "name": "pg"}
DO_VOLUME = {"id": "v-1", "name": "data"}

DIGITALOCEAN = [
    row(
        "database-cluster-backups-destroyed",
        [gone("digitalocean_database_cluster.pg", DO_CLUSTER)],
        "lost",
        "destroying the cluster destroys its automated backups too",
    ),
    row(
        "database-in-cluster-backups",
        [
            gone("digitalocean_database_db.app", {"cluster_id": "c-1", "name": "app"}),
            keep("digitalocean_database_cluster.pg", DO_CLUSTER),
        ],
        "kept",
        "the cluster's daily backups hold the database",
    ),
    row(
        "database-with-its-cluster-lost",
        [
            gone("digitalocean_database_db.app", {"cluster_id": "c-1", "name": "app"}),
            gone("digitalocean_database_cluster.pg", DO_CLUSTER),
        ],
        "lost",
        "its parent digitalocean_database_cluster.pg is deleted by this plan",
    ),
    row(
        "volume-snapshot-survives",
        [
            gone("digitalocean_volume.data", DO_VOLUME),
            keep("digitalocean_volume_snapshot.s", {"volume_id": "v-1", "name": "s"}),
        ],
        "kept",
        "backup digitalocean_volume_snapshot.s survives this plan",
    ),
    row(
        "spaces-bucket-force-destroy",
        [gone("digitalocean_spaces_bucket.b", {"name": "b", "force_destroy": True})],
        "lost",
        "force_destroy deletes every object in the bucket first",
    ),
    row(
        "spaces-bucket-non-empty-guard",
        [gone("digitalocean_spaces_bucket.b", {"name": "b", "force_destroy": False})],
        "unknown",
        "whether it holds any is not in the plan",
    ),
]

# --- smaller packs ----------------------------------------------------------------------------

OCI_POLICY = {"is_delete_protected": False, "final_backup": "SKIP_FINAL_BACKUP"}

SMALLER = [
    row(
        "snowflake-undrop-within-time-travel",
        [gone("snowflake_database.d", {"name": "D", "data_retention_time_in_days": 7})],
        "kept",
        "restored with UNDROP within its Time Travel retention (7 days)",
    ),
    row(
        "snowflake-no-time-travel",
        [gone("snowflake_table.t", {"name": "T", "data_retention_time_in_days": 0})],
        "lost",
        "recoverable by Snowflake Support alone",
    ),
    row(
        "snowflake-inherited-retention",
        [gone("snowflake_schema.s", {"name": "S", "data_retention_time_in_days": -1})],
        "unknown",
        "cannot tell",
    ),
    row(
        "oci-mysql-defaults-lost",
        [gone("oci_mysql_mysql_db_system.m", {"deletion_policy": [OCI_POLICY]})],
        "lost",
        'automatic_backup_retention = "DELETE" by default',
    ),
    row(
        "oci-mysql-final-backup",
        [
            gone(
                "oci_mysql_mysql_db_system.m",
                {"deletion_policy": [{**OCI_POLICY, "final_backup": "REQUIRE_FINAL_BACKUP"}]},
            )
        ],
        "kept",
        "a final backup is taken before the delete",
    ),
    row(
        "supabase-project-deleted-with-its-backups",
        [gone("supabase_project.p", {"id": "abc", "name": "app"})],
        "lost",
        "cannot recover a deleted project",
    ),
    row(
        "ec-deployment-custom-repository-unknown",
        [gone("ec_deployment.d", {"id": "d1", "name": "logs"})],
        "unknown",
        "snapshots written to a custom snapshot repository outlive the deployment",
    ),
    row(
        "ec-serverless-project-lost",
        [gone("ec_observability_project.o", {"id": "o1", "name": "obs"})],
        "lost",
        "all the data of a deleted serverless project is lost",
    ),
    row(
        "neon-project-recovery-beta-unknown",
        [gone("neon_project.p", {"id": "p-1", "name": "app"})],
        "unknown",
        "7-day deletion recovery period for projects, through a recover API it marks beta",
    ),
    row(
        "neon-branch-soft-delete-preview-unknown",
        [
            gone("neon_branch.b", {"id": "br-1", "project_id": "p-1"}),
            keep("neon_project.p", {"id": "p-1"}),
        ],
        "unknown",
        "branch soft delete is in preview and not available to all users",
    ),
    row(
        "neon-branch-with-its-project-lost",
        [
            gone("neon_branch.b", {"id": "br-1", "project_id": "p-1"}),
            gone("neon_project.p", {"id": "p-1"}),
        ],
        "lost",
        "its parent neon_project.p is deleted by this plan",
    ),
    row(
        "neon-database-instant-restore-within-history",
        [
            gone("neon_database.d", {"id": "app", "branch_id": "br-1", "project_id": "p-1"}),
            keep("neon_project.p", {"id": "p-1", "history_retention_seconds": 86400}),
        ],
        "kept",
        "while the project's history window (86400 seconds) covers the drop",
    ),
    row(
        "neon-database-without-history-lost",
        [
            gone("neon_database.d", {"id": "app", "branch_id": "br-1", "project_id": "p-1"}),
            keep("neon_project.p", {"id": "p-1", "history_retention_seconds": 0}),
        ],
        "lost",
        "the project keeps no history",
    ),
    row(
        "confluent-cluster-cannot-be-restored",
        [gone("confluent_kafka_cluster.c", {"id": "lkc-1"})],
        "lost",
        "Confluent says a deleted cluster cannot be restored",
    ),
    row(
        "confluent-topic-messages-lost",
        [
            gone(
                "confluent_kafka_topic.t",
                {"id": "lkc-1/orders", "topic_name": "orders", "kafka_cluster": [{"id": "lkc-1"}]},
            ),
            gone("confluent_kafka_cluster.c", {"id": "lkc-1"}),
        ],
        "lost",
        "its parent confluent_kafka_cluster.c is deleted by this plan",
    ),
    row(
        "planetscale-branch-deletion-protected",
        [gone("planetscale_vitess_branch.main", {"id": "main", "deletion_protected": True})],
        "kept",
        "PlanetScale blocks the delete while deletion protection is on",
    ),
    row(
        "planetscale-branch-backups-undocumented",
        [gone("planetscale_postgres_branch.dev", {"id": "dev", "deletion_protected": False})],
        "unknown",
        "does not say whether a deleted branch's backups outlive it",
    ),
    row(
        "heroku-addon-backups-undocumented",
        [gone("heroku_addon.db", {"id": "a-1", "plan": "heroku-postgresql:standard-0"})],
        "unknown",
        "not whether they outlive a destroyed add-on",
    ),
]

ALL = AZURERM + GOOGLE + MONGODBATLAS + KUBERNETES + DIGITALOCEAN + SMALLER


# --- facts read in the plan's provider configuration (azurerm `features {}`) -------------------


def azurerm_features(**blocks: dict[str, Any]) -> dict[str, Any]:
    """`configuration` with `provider "azurerm" { features { <block> { k = v } } }`."""
    features = {
        name: [{k: {"constant_value": v} for k, v in settings.items()}]
        for name, settings in blocks.items()
    }
    config = {"name": "azurerm", "expressions": {"features": [features]}}
    return {"provider_config": {"azurerm": config}, "root_module": {}}


KEY_VAULT = {"id": "/x/vaults/kv", "purge_protection_enabled": False}
RSV = {"id": "/x/vaults/rsv", "name": "rsv", "immutability": "Disabled"}
PROTECTED_VM = {"id": "/x/protectedItems/vm1", "recovery_vault_name": "rsv"}


def configured(
    name: str, changes: list[dict[str, Any]], configuration: Any, status: str, evidence: str
) -> Any:
    return pytest.param(changes, configuration, status, evidence, id=name)


PROVIDER_CONFIGURED = [
    configured(
        "key-vault-purged-by-default-features",
        [gone("azurerm_key_vault.kv", KEY_VAULT)],
        azurerm_features(),
        "lost",
        "the provider purges the vault on destroy: it cannot be recovered (provider azurerm: "
        "features[0].key_vault[0].purge_soft_delete_on_destroy = true by default)",
    ),
    configured(
        "key-vault-soft-deleted-when-features-say-so",
        [gone("azurerm_key_vault.kv", KEY_VAULT)],
        azurerm_features(key_vault={"purge_soft_delete_on_destroy": False}),
        "kept",
        "the provider only soft-deletes the vault on destroy",
    ),
    configured(
        "key-vault-feature-set-by-a-variable",
        [gone("azurerm_key_vault.kv", KEY_VAULT)],
        {
            "provider_config": {
                "azurerm": {
                    "name": "azurerm",
                    "expressions": {
                        "features": [
                            {
                                "key_vault": [
                                    {"purge_soft_delete_on_destroy": {"references": ["var.p"]}}
                                ]
                            }
                        ]
                    },
                }
            }
        },
        "unknown",
        "set by an expression, not a literal value",
    ),
    configured(
        "key-vault-aliases-disagree",
        [gone("azurerm_key_vault.kv", KEY_VAULT)],
        {
            "provider_config": {
                "azurerm": azurerm_features()["provider_config"]["azurerm"],
                "azurerm.other": azurerm_features(
                    key_vault={"purge_soft_delete_on_destroy": False}
                )["provider_config"]["azurerm"],
            }
        },
        "unknown",
        "the azurerm provider configurations disagree on it",
    ),
    configured(
        "recovery-vault-delete-refused-while-it-holds-backups",
        [gone("azurerm_recovery_services_vault.rsv", RSV)],
        azurerm_features(),
        "kept",
        "Azure refuses to delete a vault that still holds backup items or backup data",
    ),
    configured(
        "recovery-vault-purged-with-soft-delete-off",
        [gone("azurerm_recovery_services_vault.rsv", {**RSV, "soft_delete_enabled": False})],
        azurerm_features(recovery_service={"purge_protected_items_from_vault_on_destroy": True}),
        "lost",
        "soft delete is off for the vault",
    ),
    configured(
        "recovery-vault-purged-soft-delete-unknown",
        [gone("azurerm_recovery_services_vault.rsv", RSV)],
        azurerm_features(recovery_service={"purge_protected_items_from_vault_on_destroy": True}),
        "unknown",
        "the provider deletes every protected item of the vault before deleting the vault",
    ),
    configured(
        "recovery-vault-immutable",
        [gone("azurerm_recovery_services_vault.rsv", {**RSV, "immutability": "Locked"})],
        azurerm_features(recovery_service={"purge_protected_items_from_vault_on_destroy": True}),
        "kept",
        'the vault is immutable (immutability = "Locked")',
    ),
    configured(
        "protected-vm-data-retained-by-features",
        [gone("azurerm_backup_protected_vm.vm1", PROTECTED_VM)],
        azurerm_features(
            recovery_service={"vm_backup_stop_protection_and_retain_data_on_destroy": True}
        ),
        "kept",
        "the provider stops protection and retains the backup data",
    ),
    configured(
        "protected-vm-soft-deleted",
        [
            gone("azurerm_backup_protected_vm.vm1", PROTECTED_VM),
            keep("azurerm_recovery_services_vault.rsv", {**RSV, "soft_delete_enabled": True}),
        ],
        azurerm_features(),
        "kept",
        "the deleted backup data stays soft-deleted, and can be undeleted, for 14 days",
    ),
    configured(
        "protected-vm-data-deleted",
        [
            gone("azurerm_backup_protected_vm.vm1", PROTECTED_VM),
            keep("azurerm_recovery_services_vault.rsv", {**RSV, "soft_delete_enabled": False}),
        ],
        azurerm_features(),
        "lost",
        "soft delete is off for its vault: the backup data is deleted at once",
    ),
    configured(
        "protected-vm-vault-not-in-plan",
        [gone("azurerm_backup_protected_vm.vm1", PROTECTED_VM)],
        azurerm_features(),
        "unknown",
        "the azurerm_recovery_services_vault it uses is not in this plan",
    ),
]


@pytest.mark.parametrize(("changes", "configuration", "status", "evidence"), PROVIDER_CONFIGURED)
def test_recovery_fact_from_provider_configuration(
    changes: list[dict[str, Any]], configuration: Any, status: str, evidence: str
) -> None:
    store = assessed(changes, changes[0]["address"], configuration=configuration)
    assert store.recovery is not None
    assert store.recovery.status == status, store.recovery
    assert any(evidence in line for line in store.recovery.evidence), store.recovery.evidence


@pytest.mark.parametrize(("changes", "status", "evidence"), ALL)
def test_recovery_fact(changes: list[dict[str, Any]], status: str, evidence: str) -> None:
    store = assessed(changes, changes[0]["address"])
    assert store.classification is Classification.DESTRUCTIVE
    assert store.recovery is not None
    assert store.recovery.status == status, store.recovery
    assert any(evidence in line for line in store.recovery.evidence), store.recovery.evidence


@pytest.mark.parametrize("policy", [None, "ABANDON"])
def test_firestore_abandon_is_classified_like_a_forget(policy: str | None) -> None:
    store = assessed(
        [gone("google_firestore_database.db", {**FIRESTORE, "deletion_policy": policy})],
        "google_firestore_database.db",
    )
    assert store.classification is Classification.RISKY
    assert [f.rule for f in store.findings] == ["resource-forgotten"]
    assert store.recovery is not None and store.recovery.status == "kept"
    assert "Terraform removes the database from the state" in store.recovery.evidence[0]


def test_abandon_does_not_save_a_database_its_parent_takes() -> None:
    db = {"name": "orders", "instance": "main", "deletion_policy": "ABANDON"}
    store = assessed(
        [
            gone("google_sql_database.orders", db),
            gone("google_sql_database_instance.main", SQL_INSTANCE),
        ],
        "google_sql_database.orders",
    )
    assert store.classification is Classification.DESTRUCTIVE
    assert store.recovery is not None and store.recovery.status == "lost", store.recovery
    assert any("does not save it" in line for line in store.recovery.evidence)


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


LOST_BY_PROVIDER = [
    pytest.param(AZURERM[1].values[0], id="azurerm"),
    pytest.param(GOOGLE[1].values[0], id="google"),
    pytest.param(MONGODBATLAS[0].values[0], id="mongodbatlas"),
    pytest.param(KUBERNETES[1].values[0], id="kubernetes"),
    pytest.param(DIGITALOCEAN[0].values[0], id="digitalocean"),
    *(
        pytest.param(next(p.values[0] for p in SMALLER if p.id == name), id=name.split("-")[0])
        for name in ("supabase-project-deleted-with-its-backups", "confluent-topic-messages-lost")
    ),
]


@pytest.mark.parametrize("changes", LOST_BY_PROVIDER)
def test_lost_needs_two_approvers_on_every_provider(changes: list[dict[str, Any]]) -> None:
    from tests.helpers import covered

    store = assessed(changes, changes[0]["address"])
    assert store.recovery is not None and store.recovery.status == "lost"
    address = store.change.address
    one = covered(store, address=address)
    assert one.status == "not-enough-approvers" and "needs 2 approver(s)" in one.detail
    two = covered(store, address=address, approved_by=["alice@example.com", "bob@example.com"])
    assert two.status == "approved"
