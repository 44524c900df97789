"""The provider rule packs (rules/*.hcl): one row per rule family, built as real plan-JSON changes.

Each row asserts the class of the change AND the exact set of rules that fired on it. The last
tests keep the table honest: every rule in the built-in rulebook must fire in some row (here or in
tests/test_classify.py), and every provider pack must have a destructive delete row.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_classify, test_retention
from tests.test_classify import BOOK, assess, fired
from tfguard.model import Classification

S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE
UPD = "store-updated"


def row(
    name: str,
    address: str,
    actions: list[str],
    before: Any,
    after: Any,
    klass: Classification,
    rules: set[str],
    **extra: Any,
) -> Any:
    return pytest.param(address, actions, before, after, klass, frozenset(rules), extra, id=name)


def update(
    name: str,
    address: str,
    before: dict[str, Any],
    changes: dict[str, Any],
    klass: Classification,
    rules: set[str],
) -> Any:
    """An in-place update of `before` with `changes` applied on top."""
    return row(name, address, ["update"], before, {**before, **changes}, klass, rules)


def delete(name: str, address: str, state: dict[str, Any], klass: Classification, rules: set[str]):
    return row(name, address, ["delete"], state, None, klass, rules)


# --- state fixtures ---------------------------------------------------------------------------


def sql_settings(**changes: Any) -> list[dict[str, Any]]:
    backup = {
        "enabled": True,
        "point_in_time_recovery_enabled": True,
        "binary_log_enabled": False,
        "transaction_log_retention_days": 7,
        "backup_retention_settings": [{"retained_backups": 7, "retention_unit": "COUNT"}],
    }
    settings = {
        "tier": "db-custom-2-7680",
        "deletion_protection_enabled": True,
        "retain_backups_on_delete": True,
        "final_backup_config": [{"enabled": True, "retention_days": 30}],
        "backup_configuration": [backup],
        "user_labels": {"team": "a"},
    }
    for key, value in changes.items():
        if key in backup:
            backup[key] = value
        else:
            settings[key] = value
    return [settings]


SQL = {
    "name": "prod",
    "deletion_protection": True,
    "settings": sql_settings(),
    "restore_backup_context": [],
    "point_in_time_restore_context": [],
    "backupdr_backup": None,
}

ALLOYDB = {
    "cluster_id": "prod",
    "deletion_protection": True,
    "automated_backup_policy": [{"enabled": True}],
    "continuous_backup_config": [{"enabled": True, "recovery_window_days": 14}],
    "labels": {"team": "a"},
    "terraform_labels": {"team": "a"},
    "effective_labels": {"team": "a"},
}


def storage_account(**blob: Any) -> dict[str, Any]:
    properties = {
        "versioning_enabled": True,
        "change_feed_enabled": True,
        "delete_retention_policy": [{"days": 30, "permanent_delete_enabled": False}],
        "container_delete_retention_policy": [{"days": 30}],
        "restore_policy": [{"days": 7}],
    }
    properties.update(blob)
    return {
        "name": "prodstore",
        "blob_properties": [properties],
        "share_properties": [{"retention_policy": [{"days": 30}]}],
        "tags": {"team": "a"},
    }


def mssql(**ltr: Any) -> dict[str, Any]:
    policy = {"weekly_retention": "P4W", "monthly_retention": "P12M", "yearly_retention": "P5Y"}
    policy.update(ltr)
    return {
        "name": "orders",
        "short_term_retention_policy": [{"retention_days": 35, "backup_interval_in_hours": 12}],
        "long_term_retention_policy": [{**policy, "week_of_year": 1}],
        "geo_backup_enabled": True,
        "storage_account_type": "Geo",
        "tags": {"team": "a"},
    }


def cosmos(**backup: Any) -> dict[str, Any]:
    block = {
        "type": "Periodic",
        "tier": None,
        "retention_in_hours": 720,
        "interval_in_minutes": 240,
        "storage_redundancy": "Geo",
    }
    block.update(backup)
    return {"name": "cosmos", "backup": [block]}


def vm_policy(**counts: Any) -> dict[str, Any]:
    policy = {
        "name": "daily",
        "instant_restore_retention_days": 5,
        "retention_daily": [{"count": 30}],
        "retention_weekly": [{"count": 12}],
        "retention_monthly": [{"count": 12}],
        "retention_yearly": [{"count": 5}],
    }
    for key, value in counts.items():
        if key == "instant_restore_retention_days":
            policy[key] = value
        else:
            policy[f"retention_{key}"] = [{"count": value}]
    return policy


def mysql_system(**deletion: Any) -> dict[str, Any]:
    policy = {
        "is_delete_protected": True,
        "final_backup": "REQUIRE_FINAL_BACKUP",
        "automatic_backup_retention": "RETAIN",
    }
    policy.update(deletion)
    return {
        "display_name": "orders",
        "deletion_policy": [policy],
        "backup_policy": [{"retention_in_days": 35, "pitr_policy": [{"is_enabled": True}]}],
        "freeform_tags": {"team": "a"},
    }


def stateful_set(**retention: Any) -> dict[str, Any]:
    policy = {"when_deleted": "Retain", "when_scaled": "Retain"}
    policy.update(retention)
    return {"spec": [{"replicas": 3, "persistent_volume_claim_retention_policy": [policy]}]}


def pv(policy: str | None) -> dict[str, Any]:
    return {"spec": [{"persistent_volume_reclaim_policy": policy, "capacity": {"storage": "10Gi"}}]}


ATLAS = {
    "name": "orders",
    "termination_protection_enabled": True,
    "retain_backups_enabled": True,
    "backup_enabled": True,
    "pit_enabled": True,
    "tags": {"team": "a"},
}


TABLE = [
    # ===== AWS ==================================================================================
    update(
        "aws-dynamodb-deletion-protection-off",
        "aws_dynamodb_table.t",
        {"name": "t", "deletion_protection_enabled": True},
        {"deletion_protection_enabled": False},
        D,
        {"aws-dynamodb-deletion-protection-off", UPD},
    ),
    update(
        "aws-dynamodb-tag-only-update-is-safe",
        "aws_dynamodb_table.t",
        {"name": "t", "tags": {"team": "a"}, "tags_all": {"team": "a"}},
        {"tags": {"team": "b"}, "tags_all": {"team": "b"}},
        S,
        set(),
    ),
    update(
        "aws-dsql-deletion-protection-off",
        "aws_dsql_cluster.c",
        {"deletion_protection_enabled": True},
        {"deletion_protection_enabled": False},
        D,
        {"aws-dsql-deletion-protection-off", UPD},
    ),
    update(
        "aws-cognito-deletion-protection-off",
        "aws_cognito_user_pool.p",
        {"name": "users", "deletion_protection": "ACTIVE"},
        {"deletion_protection": "INACTIVE"},
        D,
        {"aws-cognito-deletion-protection-off", UPD},
    ),
    update(
        "aws-cognito-deletion-protection-on-is-not-disarming",
        "aws_cognito_user_pool.p",
        {"name": "users", "deletion_protection": "INACTIVE"},
        {"deletion_protection": "ACTIVE"},
        R,
        {UPD},
    ),
    update(
        "aws-rds-backtrack-off",
        "aws_rds_cluster.c",
        {"cluster_identifier": "c", "backtrack_window": 3600},
        {"backtrack_window": 0},
        R,
        {"aws-rds-backtrack-off", UPD},
    ),
    update(
        "aws-lightsail-backups-off",
        "aws_lightsail_database.d",
        {"backup_retention_enabled": True},
        {"backup_retention_enabled": False},
        D,
        {"aws-lightsail-backups-off", UPD},
    ),
    update(
        "aws-dynamodb-pitr-window-shortened",
        "aws_dynamodb_table.t",
        {"point_in_time_recovery": [{"enabled": True, "recovery_period_in_days": 35}]},
        {"point_in_time_recovery": [{"enabled": True, "recovery_period_in_days": 7}]},
        D,
        {"aws-dynamodb-pitr-window-shortened", UPD},
    ),
    update(
        "aws-dynamodb-ttl-enabled",
        "aws_dynamodb_table.t",
        {"ttl": [{"enabled": False, "attribute_name": ""}]},
        {"ttl": [{"enabled": True, "attribute_name": "expires_at"}]},
        R,
        {"aws-dynamodb-ttl-enabled", UPD},
    ),
    update(
        "aws-keyspaces-pitr-off",
        "aws_keyspaces_table.t",
        {"point_in_time_recovery": [{"status": "ENABLED"}]},
        {"point_in_time_recovery": [{"status": "DISABLED"}]},
        D,
        {"aws-keyspaces-pitr-off", UPD},
    ),
    update(
        "aws-s3-mfa-delete-off",
        "aws_s3_bucket_versioning.v",
        {"versioning_configuration": [{"status": "Enabled", "mfa_delete": "Enabled"}]},
        {"versioning_configuration": [{"status": "Enabled", "mfa_delete": "Disabled"}]},
        R,
        {"aws-s3-mfa-delete-off", UPD},
    ),
    update(
        "aws-s3-object-lock-governance",
        "aws_s3_bucket_object_lock_configuration.l",
        {"rule": [{"default_retention": [{"mode": "COMPLIANCE", "days": 30}]}]},
        {"rule": [{"default_retention": [{"mode": "GOVERNANCE", "days": 30}]}]},
        R,
        {"aws-s3-object-lock-governance", UPD},
    ),
    update(
        "aws-s3-object-lock-retention-shortened",
        "aws_s3_bucket_object_lock_configuration.l",
        {"rule": [{"default_retention": [{"mode": "COMPLIANCE", "days": 30}]}]},
        {"rule": [{"default_retention": [{"mode": "COMPLIANCE", "days": 7}]}]},
        R,
        {"aws-s3-object-lock-retention-shortened", UPD},
    ),
    delete(
        "aws-backup-vault-lock-removed",
        "aws_backup_vault_lock_configuration.l",
        {"backup_vault_name": "v", "min_retention_days": 7},
        D,
        {"aws-backup-vault-lock-removed", "protection-deleted"},
    ),
    update(
        "aws-backup-min-retention-shortened",
        "aws_backup_logically_air_gapped_vault.v",
        {"min_retention_days": 30, "max_retention_days": 90},
        {"min_retention_days": 7},
        R,
        {"aws-backup-min-retention-shortened", UPD},
    ),
    update(
        "aws-efs-backup-off",
        "aws_efs_backup_policy.p",
        {"backup_policy": [{"status": "ENABLED"}]},
        {"backup_policy": [{"status": "DISABLED"}]},
        R,
        {"aws-efs-backup-off", UPD},
    ),
    update(
        "aws-fsx-final-backup-skipped",
        "aws_fsx_windows_file_system.f",
        {"skip_final_backup": False},
        {"skip_final_backup": True},
        D,
        {"aws-fsx-final-backup-skipped", UPD},
    ),
    update(
        "aws-fsx-lustre-final-backup-skipped",
        "aws_fsx_lustre_file_system.f",
        {"skip_final_backup": False},
        {"skip_final_backup": True},
        D,
        {"aws-fsx-lustre-final-backup-skipped", UPD},
    ),
    update(
        "aws-fsx-lustre-null-already-means-skip",
        "aws_fsx_lustre_file_system.f",
        {"skip_final_backup": None},
        {"skip_final_backup": True},
        R,
        {UPD},
    ),
    update(
        "aws-fsx-backup-retention-shortened",
        "aws_fsx_ontap_file_system.f",
        {"automatic_backup_retention_days": 7},
        {"automatic_backup_retention_days": 1},
        R,
        {"aws-fsx-backup-retention-shortened", UPD},
    ),
    update(
        "aws-elasticache-final-snapshot-removed",
        "aws_elasticache_replication_group.r",
        {"final_snapshot_identifier": "final"},
        {"final_snapshot_identifier": None},
        R,
        {"aws-elasticache-final-snapshot-removed", UPD},
    ),
    update(
        "aws-memorydb-final-snapshot-removed",
        "aws_memorydb_cluster.m",
        {"final_snapshot_name": "final", "snapshot_retention_limit": 7},
        {"final_snapshot_name": ""},
        R,
        {"aws-memorydb-final-snapshot-removed", UPD},
    ),
    update(
        "aws-snapshot-retention-shortened",
        "aws_memorydb_cluster.m",
        {"final_snapshot_name": "final", "snapshot_retention_limit": 7},
        {"snapshot_retention_limit": 1},
        D,
        {"aws-snapshot-retention-shortened", UPD},
    ),
    update(
        "aws-redshift-snapshot-retention-shortened",
        "aws_redshift_cluster.r",
        {"automated_snapshot_retention_period": 7},
        {"automated_snapshot_retention_period": 1},
        R,
        {"aws-redshift-snapshot-retention-shortened", UPD},
    ),
    update(
        "aws-redshift-snapshot-copy-removed",
        "aws_redshift_cluster.r",
        {"snapshot_copy": [{"destination_region": "eu-west-1", "retention_period": 7}]},
        {"snapshot_copy": []},
        R,
        {"aws-redshift-snapshot-copy-removed", UPD},
    ),
    update(
        "aws-kms-lockout-check-bypassed",
        "aws_kms_key.k",
        {"bypass_policy_lockout_safety_check": False},
        {"bypass_policy_lockout_safety_check": True},
        R,
        {"aws-kms-lockout-check-bypassed", UPD},
    ),
    update(
        "aws-kms-deletion-window-shortened",
        "aws_kms_key.k",
        {"deletion_window_in_days": 30},
        {"deletion_window_in_days": 7},
        R,
        {"aws-kms-deletion-window-shortened", UPD},
    ),
    update(
        "aws-kms-key-disabled",
        "aws_kms_key.k",
        {"is_enabled": True},
        {"is_enabled": False},
        D,
        {"aws-kms-key-disabled", UPD},
    ),
    update(
        "aws-secret-recovery-window-zero",
        "aws_secretsmanager_secret.s",
        {"name": "db", "recovery_window_in_days": 30},
        {"recovery_window_in_days": 0},
        D,
        {"aws-secret-recovery-window-zero", "aws-secret-recovery-window-shortened"},
    ),
    update(
        "aws-secret-recovery-window-shortened",
        "aws_secretsmanager_secret.s",
        {"name": "db", "recovery_window_in_days": None},
        {"recovery_window_in_days": 7},
        R,
        {"aws-secret-recovery-window-shortened"},
    ),
    delete(
        "aws-secret-deleted-without-recovery",
        "aws_secretsmanager_secret.s",
        {"name": "db", "recovery_window_in_days": 0},
        D,
        {"aws-secret-deleted-without-recovery", "dependency-deleted"},
    ),
    update(
        "aws-log-retention-shortened",
        "aws_cloudwatch_log_group.l",
        {"retention_in_days": 365, "skip_destroy": False},
        {"retention_in_days": 30},
        D,
        {"aws-log-retention-shortened", UPD},
    ),
    update(
        "aws-log-group-skip-destroy-off",
        "aws_cloudwatch_log_group.l",
        {"retention_in_days": 365, "skip_destroy": True},
        {"skip_destroy": False},
        D,
        {"aws-log-group-skip-destroy-off", UPD},
    ),
    update(
        "aws-ecr-force-delete-on",
        "aws_ecr_repository.r",
        {"name": "app", "force_delete": False},
        {"force_delete": True},
        D,
        {"aws-ecr-force-delete-on", UPD},
    ),
    update(
        "aws-force-destroy-on-directory-bucket",
        "aws_s3_directory_bucket.b",
        {"bucket": "b--usw2-az1--x-s3", "force_destroy": False},
        {"force_destroy": True},
        D,
        {"aws-force-destroy-on", UPD},
    ),
    update(
        "aws-route53-force-destroy-on",
        "aws_route53_zone.z",
        {"name": "example.com", "force_destroy": False},
        {"force_destroy": True},
        R,
        {"aws-route53-force-destroy-on"},
    ),
    delete(
        "aws-route53-zone-deleted-with-records",
        "aws_route53_zone.z",
        {"name": "example.com", "force_destroy": True},
        D,
        {"aws-route53-zone-deleted-with-records", "dependency-deleted"},
    ),
    update(
        "aws-kinesis-retention-shortened",
        "aws_kinesis_stream.s",
        {"retention_period": 168},
        {"retention_period": 24},
        D,
        {"aws-kinesis-retention-shortened", UPD},
    ),
    update(
        "aws-sqs-retention-shortened",
        "aws_sqs_queue.q",
        {"message_retention_seconds": 1209600},
        {"message_retention_seconds": 60},
        R,
        {"aws-sqs-retention-shortened", UPD},
    ),
    update(
        "aws-recycle-bin-retention-shortened",
        "aws_rbin_rule.r",
        {"retention_period": [{"retention_period_value": 30, "retention_period_unit": "DAYS"}]},
        {"retention_period": [{"retention_period_value": 1, "retention_period_unit": "DAYS"}]},
        R,
        {"aws-recycle-bin-retention-shortened", UPD},
    ),
    update(
        "aws-ebs-final-snapshot-off",
        "aws_ebs_volume.v",
        {"size": 100, "final_snapshot": True},
        {"final_snapshot": False},
        D,
        {"aws-ebs-final-snapshot-off", UPD},
    ),
    delete(
        "aws-s3-versioning-deleted",
        "aws_s3_bucket_versioning.v",
        {"versioning_configuration": [{"status": "Enabled"}]},
        D,
        {"aws-s3-versioning-deleted", "protection-deleted"},
    ),
    delete(
        "aws-db-deleted-without-final-snapshot-and-with-its-backups",
        "aws_db_instance.db",
        {"identifier": "prod", "skip_final_snapshot": True, "delete_automated_backups": None},
        D,
        {
            "store-deleted",
            "aws-deleted-without-final-snapshot",
            "aws-automated-backups-die-with-database",
        },
    ),
    delete(
        "aws-lightsail-deleted-without-final-snapshot",
        "aws_lightsail_database.d",
        {"skip_final_snapshot": True},
        D,
        {"store-deleted", "aws-deleted-without-final-snapshot"},
    ),
    delete(
        "aws-deleted-with-contents",
        "aws_backup_vault.v",
        {"name": "v", "force_destroy": True},
        D,
        {"store-deleted", "aws-deleted-with-contents"},
    ),
    delete(
        "aws-fsx-deleted-without-final-backup",
        "aws_fsx_openzfs_file_system.f",
        {"skip_final_backup": True},
        D,
        {"store-deleted", "aws-fsx-deleted-without-final-backup"},
    ),
    delete(
        "aws-fsx-lustre-deleted-without-final-backup",
        "aws_fsx_lustre_file_system.f",
        {"storage_capacity": 1200, "skip_final_backup": None},
        D,
        {"store-deleted", "aws-fsx-lustre-deleted-without-final-backup"},
    ),
    delete(
        "aws-memorydb-deleted",
        "aws_memorydb_cluster.m",
        {"name": "m"},
        D,
        {"store-deleted"},
    ),
    delete(
        "protection-deleted",
        "aws_s3_bucket_object_lock_configuration.l",
        {"bucket": "b"},
        R,
        {"protection-deleted"},
    ),
    delete(
        "dependency-deleted",
        "aws_rds_cluster_instance.i",
        {"identifier": "i"},
        R,
        {"dependency-deleted"},
    ),
    # ===== Google Cloud =========================================================================
    update(
        "google-deletion-protection-off",
        "google_sql_database_instance.sql",
        SQL,
        {"deletion_protection": False},
        D,
        {"google-deletion-protection-off", UPD},
    ),
    update(
        "google-deletion-protection-null-means-on",
        "google_spanner_database.d",
        {"name": "d", "deletion_protection": None},
        {"deletion_protection": False},
        D,
        {"google-deletion-protection-off", UPD},
    ),
    update(
        "google-deletion-protection-on-is-not-disarming",
        "google_bigquery_table.t",
        {"table_id": "t", "deletion_protection": False},
        {"deletion_protection": True},
        R,
        {UPD},
    ),
    update(
        "google-sql-api-deletion-protection-off",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(deletion_protection_enabled=False)},
        D,
        {"google-sql-api-deletion-protection-off", UPD},
    ),
    update(
        "google-filestore-deletion-protection-off",
        "google_filestore_instance.f",
        {"deletion_protection_enabled": True},
        {"deletion_protection_enabled": False},
        D,
        {"google-filestore-deletion-protection-off", UPD},
    ),
    update(
        "google-cache-deletion-protection-off",
        "google_redis_instance.r",
        {"deletion_protection": True},
        {"deletion_protection": False},
        R,
        {"google-cache-deletion-protection-off", UPD},
    ),
    update(
        "google-cache-deletion-protection-enabled-off",
        "google_memorystore_instance.m",
        {"deletion_protection_enabled": True},
        {"deletion_protection_enabled": False},
        R,
        {"google-cache-deletion-protection-enabled-off", UPD},
    ),
    update(
        "google-secret-deletion-protection-off",
        "google_secret_manager_secret.s",
        {"secret_id": "db", "deletion_protection": True},
        {"deletion_protection": False},
        R,
        {"google-secret-deletion-protection-off"},
    ),
    update(
        "google-gke-deletion-protection-off",
        "google_container_cluster.gke",
        {"name": "gke", "deletion_protection": True},
        {"deletion_protection": False},
        R,
        {"google-gke-deletion-protection-off"},
    ),
    update(
        "google-bigtable-table-unprotected",
        "google_bigtable_table.t",
        {"name": "t", "deletion_protection": "PROTECTED"},
        {"deletion_protection": "UNPROTECTED"},
        D,
        {"google-bigtable-table-unprotected", UPD},
    ),
    update(
        "google-firestore-delete-protection-off",
        "google_firestore_database.db",
        {"delete_protection_state": "DELETE_PROTECTION_ENABLED"},
        {"delete_protection_state": "DELETE_PROTECTION_DISABLED"},
        D,
        {"google-firestore-delete-protection-off", UPD},
    ),
    update(
        "google-deletion-policy-delete",
        "google_storage_bucket.b",
        {"name": "b", "deletion_policy": "PREVENT"},
        {"deletion_policy": "DELETE"},
        D,
        {"google-deletion-policy-delete", UPD},
    ),
    update(
        "google-deletion-policy-to-prevent-is-not-disarming",
        "google_storage_bucket.b",
        {"name": "b", "deletion_policy": "DELETE"},
        {"deletion_policy": "PREVENT"},
        R,
        {UPD},
    ),
    update(
        "google-firestore-deletion-policy-delete",
        "google_firestore_database.db",
        {"name": "(default)", "deletion_policy": None},
        {"deletion_policy": "DELETE"},
        D,
        {"google-firestore-deletion-policy-delete", UPD},
    ),
    update(
        "google-project-deletion-policy-delete",
        "google_project.p",
        {"project_id": "p", "deletion_policy": "PREVENT"},
        {"deletion_policy": "DELETE"},
        D,
        {"google-project-deletion-policy-delete"},
    ),
    update(
        "google-deletion-policy-force",
        "google_netapp_volume.v",
        {"name": "v", "deletion_policy": "DEFAULT"},
        {"deletion_policy": "FORCE"},
        D,
        {"google-deletion-policy-force", UPD},
    ),
    update(
        "google-sql-backups-off",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(enabled=False)},
        D,
        {"google-sql-backups-off", UPD},
    ),
    update(
        "google-sql-pitr-off",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(point_in_time_recovery_enabled=False)},
        D,
        {"google-sql-pitr-off", UPD},
    ),
    update(
        "google-sql-binlog-off",
        "google_sql_database_instance.sql",
        {**SQL, "settings": sql_settings(binary_log_enabled=True)},
        {"settings": sql_settings(binary_log_enabled=False)},
        D,
        {"google-sql-binlog-off", UPD},
    ),
    update(
        "google-sql-backup-retention-shortened",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(backup_retention_settings=[{"retained_backups": 3}])},
        D,
        {"google-sql-backup-retention-shortened", UPD},
    ),
    update(
        "google-sql-log-retention-shortened",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(transaction_log_retention_days=1)},
        D,
        {"google-sql-log-retention-shortened", UPD},
    ),
    update(
        "google-sql-retain-backups-off",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(retain_backups_on_delete=False)},
        D,
        {"google-sql-retain-backups-off", UPD},
    ),
    update(
        "google-sql-final-backup-off",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(final_backup_config=[{"enabled": False, "retention_days": 30}])},
        D,
        {"google-sql-final-backup-off", UPD},
    ),
    update(
        "google-sql-final-backup-retention-shortened",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(final_backup_config=[{"enabled": True, "retention_days": 7}])},
        R,
        {"google-sql-final-backup-retention-shortened", UPD},
    ),
    update(
        "google-sql-restore-from-backup",
        "google_sql_database_instance.sql",
        SQL,
        {"restore_backup_context": [{"backup_run_id": 1712, "instance_id": "prod"}]},
        D,
        {"google-sql-restore-from-backup", UPD},
    ),
    update(
        "google-sql-restore-to-point-in-time",
        "google_sql_database_instance.sql",
        SQL,
        {"point_in_time_restore_context": [{"datasource": "ds", "point_in_time": "2026-01-01"}]},
        D,
        {"google-sql-restore-to-point-in-time", UPD},
    ),
    update(
        "google-sql-restore-from-backupdr",
        "google_sql_database_instance.sql",
        SQL,
        {"backupdr_backup": "projects/p/locations/l/backupVaults/v/backups/b"},
        D,
        {"google-sql-restore-from-backupdr", UPD},
    ),
    update(
        "google-alloydb-backups-off",
        "google_alloydb_cluster.c",
        ALLOYDB,
        {"automated_backup_policy": [{"enabled": False}]},
        D,
        {"google-alloydb-backups-off", UPD},
    ),
    update(
        "google-alloydb-pitr-off",
        "google_alloydb_cluster.c",
        ALLOYDB,
        {"continuous_backup_config": [{"enabled": False, "recovery_window_days": 14}]},
        D,
        {"google-alloydb-pitr-off", UPD},
    ),
    update(
        "google-alloydb-pitr-window-shortened",
        "google_alloydb_cluster.c",
        ALLOYDB,
        {"continuous_backup_config": [{"enabled": True, "recovery_window_days": 7}]},
        R,
        {"google-alloydb-pitr-window-shortened", UPD},
    ),
    update(
        "google-alloydb-label-only-update-is-safe",
        "google_alloydb_cluster.c",
        ALLOYDB,
        {
            "labels": {"team": "b"},
            "terraform_labels": {"team": "b"},
            "effective_labels": {"team": "b"},
        },
        S,
        set(),
    ),
    update(
        "google-force-destroy-on",
        "google_spanner_instance.s",
        {"name": "s", "force_destroy": False},
        {"force_destroy": True},
        D,
        {"google-force-destroy-on", UPD},
    ),
    update(
        "google-bigtable-table-backups-off",
        "google_bigtable_table.t",
        {"automated_backup_policy": [{"retention_period": "72h", "frequency": "24h"}]},
        {"automated_backup_policy": [{"retention_period": "0", "frequency": "24h"}]},
        D,
        {"google-bigtable-table-backups-off", UPD},
    ),
    update(
        "google-firestore-pitr-off",
        "google_firestore_database.db",
        {"point_in_time_recovery_enablement": "POINT_IN_TIME_RECOVERY_ENABLED"},
        {"point_in_time_recovery_enablement": "POINT_IN_TIME_RECOVERY_DISABLED"},
        D,
        {"google-firestore-pitr-off", UPD},
    ),
    update(
        "google-bigquery-delete-contents-on",
        "google_bigquery_dataset.d",
        {"dataset_id": "d", "delete_contents_on_destroy": False},
        {"delete_contents_on_destroy": True},
        D,
        {"google-bigquery-delete-contents-on", UPD},
    ),
    update(
        "google-storage-versioning-off",
        "google_storage_bucket.b",
        {"name": "b", "versioning": [{"enabled": True}]},
        {"versioning": [{"enabled": False}]},
        D,
        {"google-storage-versioning-off", UPD},
    ),
    update(
        "google-storage-soft-delete-off",
        "google_storage_bucket.b",
        {"name": "b", "soft_delete_policy": [{"retention_duration_seconds": 604800}]},
        {"soft_delete_policy": [{"retention_duration_seconds": 0}]},
        D,
        {"google-storage-soft-delete-off", "google-storage-soft-delete-shortened", UPD},
    ),
    update(
        "google-storage-soft-delete-shortened",
        "google_storage_bucket.b",
        {"name": "b", "soft_delete_policy": [{"retention_duration_seconds": 604800}]},
        {"soft_delete_policy": [{"retention_duration_seconds": 86400}]},
        R,
        {"google-storage-soft-delete-shortened", UPD},
    ),
    update(
        "google-storage-retention-shortened",
        "google_storage_bucket.b",
        {"name": "b", "retention_policy": [{"retention_period": 86400, "is_locked": False}]},
        {"retention_policy": [{"retention_period": 3600, "is_locked": False}]},
        R,
        {"google-storage-retention-shortened", UPD},
    ),
    update(
        "google-storage-retention-locked",
        "google_storage_bucket.b",
        {"name": "b", "retention_policy": [{"retention_period": 86400, "is_locked": False}]},
        {"retention_policy": [{"retention_period": 86400, "is_locked": True}]},
        R,
        {"google-storage-retention-locked", UPD},
    ),
    update(
        "google-snapshots-deleted-with-disk",
        "google_compute_resource_policy.daily",
        {
            "snapshot_schedule_policy": [
                {
                    "retention_policy": [
                        {"max_retention_days": 14, "on_source_disk_delete": "KEEP_AUTO_SNAPSHOTS"}
                    ]
                }
            ]
        },
        {
            "snapshot_schedule_policy": [
                {
                    "retention_policy": [
                        {
                            "max_retention_days": 14,
                            "on_source_disk_delete": "APPLY_RETENTION_POLICY",
                        }
                    ]
                }
            ]
        },
        R,
        {"google-snapshots-deleted-with-disk", UPD},
    ),
    update(
        "google-snapshot-retention-shortened",
        "google_compute_resource_policy.daily",
        {"snapshot_schedule_policy": [{"retention_policy": [{"max_retention_days": 14}]}]},
        {"snapshot_schedule_policy": [{"retention_policy": [{"max_retention_days": 7}]}]},
        R,
        {"google-snapshot-retention-shortened", UPD},
    ),
    update(
        "google-backup-vault-force-delete-on",
        "google_backup_dr_backup_vault.v",
        {"backup_vault_id": "v", "force_delete": False},
        {"force_delete": True},
        D,
        {"google-backup-vault-force-delete-on", UPD},
    ),
    update(
        "google-log-retention-shortened",
        "google_logging_project_bucket_config.audit",
        {"bucket_id": "audit", "retention_days": 400},
        {"retention_days": 30},
        R,
        {"google-log-retention-shortened", UPD},
    ),
    delete(
        "google-sql-deleted-with-its-backups-and-no-final-backup",
        "google_sql_database_instance.sql",
        {
            **SQL,
            "deletion_protection": False,
            "settings": sql_settings(retain_backups_on_delete=False, final_backup_config=[]),
        },
        D,
        {
            "store-deleted",
            "google-sql-deleted-with-backups",
            "google-sql-deleted-without-final-backup",
        },
    ),
    delete(
        "google-sql-deleted-keeping-backups",
        "google_sql_database_instance.sql",
        {**SQL, "deletion_protection": False},
        D,
        {"store-deleted"},
    ),
    delete(
        "google-deleted-with-force-destroy",
        "google_bigtable_instance.bt",
        {"name": "bt", "deletion_protection": False, "force_destroy": True},
        D,
        {"store-deleted", "google-deleted-with-force-destroy"},
    ),
    delete(
        "google-bigquery-dataset-deleted-with-tables",
        "google_bigquery_dataset.d",
        {"dataset_id": "d", "delete_contents_on_destroy": True},
        D,
        {"store-deleted", "google-bigquery-dataset-deleted-with-tables"},
    ),
    delete(
        "google-project-deleted",
        "google_project.p",
        {"project_id": "p", "deletion_policy": "DELETE"},
        D,
        {"google-project-deleted", "dependency-deleted"},
    ),
    delete(
        "google-project-delete-refused-by-default-prevent",
        "google_project.p",
        {"project_id": "p", "deletion_policy": None},
        R,
        {"dependency-deleted"},
    ),
    delete(
        "google-instance-boot-disk-deleted",
        "google_compute_instance.vm",
        {"name": "vm", "boot_disk": [{"auto_delete": True}]},
        R,
        {"google-instance-boot-disk-deleted", "resource-deleted"},
    ),
    # ===== Azure ================================================================================
    update(
        "azurerm-mssql-pitr-shortened",
        "azurerm_mssql_database.db",
        mssql(),
        {"short_term_retention_policy": [{"retention_days": 7, "backup_interval_in_hours": 12}]},
        D,
        {"azurerm-mssql-pitr-shortened", UPD},
    ),
    update(
        "azurerm-mssql-ltr-weekly-off",
        "azurerm_mssql_database.db",
        mssql(),
        {
            "long_term_retention_policy": mssql(weekly_retention="PT0S")[
                "long_term_retention_policy"
            ]
        },
        D,
        {"azurerm-mssql-ltr-weekly-off", "azurerm-mssql-ltr-weekly-shortened", UPD},
    ),
    update(
        "azurerm-mssql-ltr-monthly-off",
        "azurerm_mssql_database.db",
        mssql(),
        {
            "long_term_retention_policy": mssql(monthly_retention="PT0S")[
                "long_term_retention_policy"
            ]
        },
        D,
        {"azurerm-mssql-ltr-monthly-off", "azurerm-mssql-ltr-monthly-shortened", UPD},
    ),
    update(
        "azurerm-mssql-ltr-yearly-off",
        "azurerm_mssql_database.db",
        mssql(),
        {
            "long_term_retention_policy": mssql(yearly_retention="PT0S")[
                "long_term_retention_policy"
            ]
        },
        D,
        {"azurerm-mssql-ltr-yearly-off", "azurerm-mssql-ltr-yearly-shortened", UPD},
    ),
    update(
        "azurerm-mssql-geo-backup-off",
        "azurerm_mssql_database.db",
        mssql(),
        {"geo_backup_enabled": False},
        R,
        {"azurerm-mssql-geo-backup-off", UPD},
    ),
    update(
        "azurerm-mssql-backup-storage-local",
        "azurerm_mssql_database.db",
        mssql(),
        {"storage_account_type": "Local"},
        R,
        {"azurerm-mssql-backup-storage-local", UPD},
    ),
    update(
        "azurerm-mssql-tag-only-update-is-safe",
        "azurerm_mssql_database.db",
        mssql(),
        {"tags": {"team": "b"}},
        S,
        set(),
    ),
    update(
        "azurerm-flexible-server-backup-retention-shortened",
        "azurerm_postgresql_flexible_server.pg",
        {"name": "pg", "backup_retention_days": 35, "tags": {"team": "a"}},
        {"backup_retention_days": 7},
        D,
        {"azurerm-flexible-server-backup-retention-shortened", UPD},
    ),
    update(
        "azurerm-flexible-server-tag-only-update-is-safe",
        "azurerm_postgresql_flexible_server.pg",
        {"name": "pg", "backup_retention_days": 35, "tags": {"team": "a"}},
        {"tags": {"team": "b"}},
        S,
        set(),
    ),
    update(
        "azurerm-cosmosdb-continuous-tier-shortened",
        "azurerm_cosmosdb_account.c",
        cosmos(type="Continuous", tier="Continuous30Days"),
        cosmos(type="Continuous", tier="Continuous7Days"),
        D,
        {"azurerm-cosmosdb-continuous-tier-shortened", UPD},
    ),
    update(
        "azurerm-cosmosdb-backup-retention-shortened",
        "azurerm_cosmosdb_account.c",
        cosmos(),
        cosmos(retention_in_hours=8),
        D,
        {"azurerm-cosmosdb-backup-retention-shortened", UPD},
    ),
    update(
        "azurerm-cosmosdb-backup-storage-local",
        "azurerm_cosmosdb_account.c",
        cosmos(),
        cosmos(storage_redundancy="Local"),
        R,
        {"azurerm-cosmosdb-backup-storage-local", UPD},
    ),
    update(
        "azurerm-storage-blob-soft-delete-off",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(delete_retention_policy=[]),
        D,
        {"azurerm-storage-blob-soft-delete-off", UPD},
    ),
    update(
        "azurerm-storage-blob-soft-delete-shortened",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(delete_retention_policy=[{"days": 7, "permanent_delete_enabled": False}]),
        R,
        {"azurerm-storage-blob-soft-delete-shortened", UPD},
    ),
    update(
        "azurerm-storage-permanent-delete-on",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(delete_retention_policy=[{"days": 30, "permanent_delete_enabled": True}]),
        D,
        {"azurerm-storage-permanent-delete-on", UPD},
    ),
    update(
        "azurerm-storage-container-soft-delete-off",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(container_delete_retention_policy=[]),
        D,
        {"azurerm-storage-container-soft-delete-off", UPD},
    ),
    update(
        "azurerm-storage-container-soft-delete-shortened",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(container_delete_retention_policy=[{"days": 1}]),
        R,
        {"azurerm-storage-container-soft-delete-shortened", UPD},
    ),
    update(
        "azurerm-storage-versioning-off",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(versioning_enabled=False),
        D,
        {"azurerm-storage-versioning-off", UPD},
    ),
    update(
        "azurerm-storage-change-feed-off",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(change_feed_enabled=False),
        R,
        {"azurerm-storage-change-feed-off", UPD},
    ),
    update(
        "azurerm-storage-restore-policy-off",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(restore_policy=[]),
        D,
        {"azurerm-storage-restore-policy-off", UPD},
    ),
    update(
        "azurerm-storage-restore-window-shortened",
        "azurerm_storage_account.sa",
        storage_account(),
        storage_account(restore_policy=[{"days": 3}]),
        R,
        {"azurerm-storage-restore-window-shortened", UPD},
    ),
    update(
        "azurerm-storage-share-soft-delete-off",
        "azurerm_storage_account.sa",
        storage_account(),
        {"share_properties": [{"retention_policy": []}]},
        D,
        {"azurerm-storage-share-soft-delete-off", UPD},
    ),
    update(
        "azurerm-storage-share-soft-delete-shortened",
        "azurerm_storage_account.sa",
        storage_account(),
        {"share_properties": [{"retention_policy": [{"days": 7}]}]},
        R,
        {"azurerm-storage-share-soft-delete-shortened", UPD},
    ),
    update(
        "azurerm-key-vault-purge-protection-off",
        "azurerm_key_vault.kv",
        {"name": "kv", "purge_protection_enabled": True, "soft_delete_retention_days": 90},
        {"purge_protection_enabled": False},
        D,
        {"azurerm-key-vault-purge-protection-off", UPD},
    ),
    update(
        "azurerm-key-vault-purge-protection-on-is-not-disarming",
        "azurerm_key_vault.kv",
        {"name": "kv", "purge_protection_enabled": False, "soft_delete_retention_days": 90},
        {"purge_protection_enabled": True},
        R,
        {UPD},
    ),
    update(
        "azurerm-key-vault-soft-delete-shortened",
        "azurerm_key_vault.kv",
        {"name": "kv", "purge_protection_enabled": True, "soft_delete_retention_days": None},
        {"soft_delete_retention_days": 7},
        R,
        {"azurerm-key-vault-soft-delete-shortened", UPD},
    ),
    update(
        "azurerm-recovery-vault-immutability-off",
        "azurerm_recovery_services_vault.rsv",
        {"name": "rsv", "immutability": "Unlocked", "storage_mode_type": "GeoRedundant"},
        {"immutability": "Disabled"},
        D,
        {"azurerm-recovery-vault-immutability-off", UPD},
    ),
    update(
        "azurerm-recovery-vault-storage-local",
        "azurerm_recovery_services_vault.rsv",
        {"name": "rsv", "immutability": "Unlocked", "storage_mode_type": "GeoRedundant"},
        {"storage_mode_type": "LocallyRedundant"},
        R,
        {"azurerm-recovery-vault-storage-local", UPD},
    ),
    update(
        "azurerm-backup-vault-soft-delete-off",
        "azurerm_data_protection_backup_vault.bv",
        {"soft_delete": "On", "retention_duration_in_days": 30, "immutability": "Unlocked"},
        {"soft_delete": "Off"},
        D,
        {"azurerm-backup-vault-soft-delete-off", UPD},
    ),
    update(
        "azurerm-backup-vault-soft-delete-shortened",
        "azurerm_data_protection_backup_vault.bv",
        {"soft_delete": "On", "retention_duration_in_days": 30, "immutability": "Unlocked"},
        {"retention_duration_in_days": 14},
        R,
        {"azurerm-backup-vault-soft-delete-shortened", UPD},
    ),
    update(
        "azurerm-backup-vault-immutability-off",
        "azurerm_data_protection_backup_vault.bv",
        {"soft_delete": "On", "retention_duration_in_days": 30, "immutability": "Unlocked"},
        {"immutability": "Disabled"},
        D,
        {"azurerm-backup-vault-immutability-off", UPD},
    ),
    update(
        "azurerm-vm-backup-stopped",
        "azurerm_backup_protected_vm.vm",
        {"source_vm_id": "vm", "protection_state": "Protected"},
        {"protection_state": "ProtectionStopped"},
        R,
        {"azurerm-vm-backup-stopped", UPD},
    ),
    update(
        "azurerm-vm-backup-suspended",
        "azurerm_backup_protected_vm.vm",
        {"source_vm_id": "vm", "protection_state": "Protected"},
        {"protection_state": "BackupsSuspended"},
        R,
        {"azurerm-vm-backup-suspended", UPD},
    ),
    update(
        "azurerm-vm-backup-daily-retention-shortened",
        "azurerm_backup_policy_vm.p",
        vm_policy(),
        vm_policy(daily=7),
        R,
        {"azurerm-vm-backup-daily-retention-shortened", UPD},
    ),
    update(
        "azurerm-vm-backup-weekly-retention-shortened",
        "azurerm_backup_policy_vm.p",
        vm_policy(),
        vm_policy(weekly=4),
        R,
        {"azurerm-vm-backup-weekly-retention-shortened", UPD},
    ),
    update(
        "azurerm-vm-backup-monthly-retention-shortened",
        "azurerm_backup_policy_vm.p",
        vm_policy(),
        vm_policy(monthly=3),
        R,
        {"azurerm-vm-backup-monthly-retention-shortened", UPD},
    ),
    update(
        "azurerm-vm-backup-yearly-retention-shortened",
        "azurerm_backup_policy_vm.p",
        vm_policy(),
        vm_policy(yearly=1),
        R,
        {"azurerm-vm-backup-yearly-retention-shortened", UPD},
    ),
    update(
        "azurerm-vm-instant-restore-shortened",
        "azurerm_backup_policy_vm.p",
        vm_policy(),
        vm_policy(instant_restore_retention_days=1),
        R,
        {"azurerm-vm-instant-restore-shortened", UPD},
    ),
    update(
        "azurerm-log-retention-shortened",
        "azurerm_log_analytics_workspace.law",
        {"name": "law", "retention_in_days": 90},
        {"retention_in_days": 30},
        R,
        {"azurerm-log-retention-shortened", UPD},
    ),
    delete(
        "azurerm-key-vault-purged",
        "azurerm_key_vault.kv",
        {"name": "kv", "purge_protection_enabled": False},
        D,
        {"store-deleted", "azurerm-key-vault-purged"},
    ),
    delete(
        "azurerm-key-vault-with-purge-protection-deleted",
        "azurerm_key_vault.kv",
        {"name": "kv", "purge_protection_enabled": True},
        D,
        {"store-deleted"},
    ),
    delete(
        "azurerm-mssql-database-deleted", "azurerm_mssql_database.db", mssql(), D, {"store-deleted"}
    ),
    delete(
        "azurerm-protected-vm-deleted-with-its-backup-data",
        "azurerm_backup_protected_vm.vm",
        {"source_vm_id": "vm", "protection_state": "Protected"},
        D,
        {"store-deleted"},
    ),
    # ===== Kubernetes ===========================================================================
    update(
        "kubernetes-pv-reclaim-delete",
        "kubernetes_persistent_volume_v1.pv",
        pv("Retain"),
        pv("Delete"),
        D,
        {"kubernetes-pv-reclaim-delete", UPD},
    ),
    update(
        "kubernetes-pv-reclaim-null-means-retain",
        "kubernetes_persistent_volume.pv",
        pv(None),
        pv("Delete"),
        D,
        {"kubernetes-pv-reclaim-delete", UPD},
    ),
    update(
        "kubernetes-pv-reclaim-recycle",
        "kubernetes_persistent_volume_v1.pv",
        pv("Retain"),
        pv("Recycle"),
        D,
        {"kubernetes-pv-reclaim-recycle", UPD},
    ),
    update(
        "kubernetes-pv-reclaim-retain-is-not-disarming",
        "kubernetes_persistent_volume_v1.pv",
        pv("Delete"),
        pv("Retain"),
        R,
        {UPD},
    ),
    update(
        "kubernetes-storage-class-reclaim-delete",
        "kubernetes_storage_class_v1.sc",
        {"reclaim_policy": "Retain", "storage_provisioner": "ebs.csi.aws.com"},
        {"reclaim_policy": "Delete"},
        R,
        {"kubernetes-storage-class-reclaim-delete"},
    ),
    update(
        "kubernetes-statefulset-pvcs-deleted-with-set",
        "kubernetes_stateful_set_v1.db",
        stateful_set(),
        stateful_set(when_deleted="Delete"),
        D,
        {"kubernetes-statefulset-pvcs-deleted-with-set"},
    ),
    update(
        "kubernetes-statefulset-pvcs-deleted-on-scale-down",
        "kubernetes_stateful_set.db",
        stateful_set(),
        stateful_set(when_scaled="Delete"),
        D,
        {"kubernetes-statefulset-pvcs-deleted-on-scale-down"},
    ),
    update(
        "kubernetes-snapshot-deletion-policy-delete",
        "kubernetes_manifest.snapclass",
        {"manifest": {"kind": "VolumeSnapshotClass", "deletionPolicy": "Retain"}},
        {"manifest": {"kind": "VolumeSnapshotClass", "deletionPolicy": "Delete"}},
        R,
        {"kubernetes-snapshot-deletion-policy-delete"},
    ),
    delete(
        "kubernetes-statefulset-deleted-with-pvcs",
        "kubernetes_stateful_set_v1.db",
        stateful_set(when_deleted="Delete"),
        D,
        {"kubernetes-statefulset-deleted-with-pvcs", "dependency-deleted"},
    ),
    delete(
        "kubernetes-statefulset-deleted-keeping-pvcs",
        "kubernetes_stateful_set_v1.db",
        stateful_set(),
        R,
        {"dependency-deleted"},
    ),
    delete(
        "kubernetes-pvc-deleted",
        "kubernetes_persistent_volume_claim_v1.data",
        {"metadata": [{"name": "data"}], "spec": [{"storage_class_name": "gp3"}]},
        D,
        {"store-deleted"},
    ),
    # ===== MongoDB Atlas ========================================================================
    update(
        "mongodbatlas-termination-protection-off",
        "mongodbatlas_advanced_cluster.c",
        ATLAS,
        {"termination_protection_enabled": False},
        D,
        {"mongodbatlas-termination-protection-off", UPD},
    ),
    update(
        "mongodbatlas-termination-protection-on-is-not-disarming",
        "mongodbatlas_advanced_cluster.c",
        {**ATLAS, "termination_protection_enabled": False},
        {"termination_protection_enabled": True},
        R,
        {UPD},
    ),
    update(
        "mongodbatlas-retain-backups-off",
        "mongodbatlas_advanced_cluster.c",
        ATLAS,
        {"retain_backups_enabled": False},
        D,
        {"mongodbatlas-retain-backups-off", UPD},
    ),
    update(
        "mongodbatlas-backup-off",
        "mongodbatlas_advanced_cluster.c",
        ATLAS,
        {"backup_enabled": False},
        D,
        {"mongodbatlas-backup-off", UPD},
    ),
    update(
        "mongodbatlas-cloud-backup-off",
        "mongodbatlas_cluster.c",
        {"name": "orders", "cloud_backup": True},
        {"cloud_backup": False},
        D,
        {"mongodbatlas-cloud-backup-off", UPD},
    ),
    update(
        "mongodbatlas-pitr-off",
        "mongodbatlas_advanced_cluster.c",
        ATLAS,
        {"pit_enabled": False},
        D,
        {"mongodbatlas-pitr-off", UPD},
    ),
    update(
        "mongodbatlas-tag-only-update-is-safe",
        "mongodbatlas_advanced_cluster.c",
        ATLAS,
        {"tags": {"team": "b"}},
        S,
        set(),
    ),
    update(
        "mongodbatlas-restore-window-shortened",
        "mongodbatlas_cloud_backup_schedule.s",
        {"restore_window_days": 7, "copy_settings": [{"region_name": "US_WEST_2"}]},
        {"restore_window_days": 2},
        D,
        {"mongodbatlas-restore-window-shortened", UPD},
    ),
    update(
        "mongodbatlas-backup-copies-removed",
        "mongodbatlas_cloud_backup_schedule.s",
        {"restore_window_days": 7, "copy_settings": [{"region_name": "US_WEST_2"}]},
        {"copy_settings": []},
        R,
        {"mongodbatlas-backup-copies-removed", UPD},
    ),
    update(
        "mongodbatlas-snapshot-retention-shortened",
        "mongodbatlas_cloud_backup_snapshot.s",
        {"retention_in_days": 30},
        {"retention_in_days": 1},
        R,
        {"mongodbatlas-snapshot-retention-shortened", UPD},
    ),
    delete(
        "mongodbatlas-compliance-policy-deleted",
        "mongodbatlas_backup_compliance_policy.p",
        {"project_id": "p", "copy_protection_enabled": True},
        D,
        {"mongodbatlas-compliance-policy-deleted", "protection-deleted"},
    ),
    delete(
        "mongodbatlas-deleted-with-snapshots",
        "mongodbatlas_advanced_cluster.c",
        {**ATLAS, "termination_protection_enabled": False, "retain_backups_enabled": None},
        D,
        {"store-deleted", "mongodbatlas-deleted-with-snapshots"},
    ),
    delete(
        "mongodbatlas-deleted-keeping-snapshots",
        "mongodbatlas_advanced_cluster.c",
        {**ATLAS, "termination_protection_enabled": False},
        D,
        {"store-deleted"},
    ),
    # ===== Snowflake ============================================================================
    update(
        "snowflake-time-travel-off",
        "snowflake_database.db",
        {"name": "DB", "data_retention_time_in_days": 7},
        {"data_retention_time_in_days": 0},
        D,
        {"snowflake-time-travel-off", "snowflake-time-travel-shortened", UPD},
    ),
    update(
        "snowflake-time-travel-shortened",
        "snowflake_table.t",
        {"name": "T", "data_retention_time_in_days": 90},
        {"data_retention_time_in_days": 1},
        D,
        {"snowflake-time-travel-shortened", UPD},
    ),
    delete(
        "snowflake-dropped-without-time-travel",
        "snowflake_schema.s",
        {"name": "S", "data_retention_time_in_days": 0},
        D,
        {"store-deleted", "snowflake-dropped-without-time-travel"},
    ),
    delete(
        "snowflake-database-dropped",
        "snowflake_database.db",
        {"name": "DB", "data_retention_time_in_days": 1},
        D,
        {"store-deleted"},
    ),
    # ===== Cloudflare ===========================================================================
    row(
        "cloudflare-d1-renamed",
        "cloudflare_d1_database.d1",
        ["delete", "create"],
        {"name": "orders"},
        {"name": "orders-v2"},
        D,
        {"store-replaced", "cloudflare-d1-renamed"},
        replace_paths=[["name"]],
        action_reason="replace_because_cannot_update",
    ),
    delete(
        "cloudflare-r2-bucket-lock-removed",
        "cloudflare_r2_bucket_lock.l",
        {"bucket_name": "b", "rules": [{"id": "keep", "enabled": True}]},
        D,
        {"cloudflare-r2-bucket-lock-removed", "protection-deleted"},
    ),
    delete(
        "cloudflare-r2-bucket-deleted",
        "cloudflare_r2_bucket.b",
        {"name": "b"},
        D,
        {"store-deleted"},
    ),
    # ===== DigitalOcean =========================================================================
    update(
        "digitalocean-spaces-force-destroy-on",
        "digitalocean_spaces_bucket.b",
        {"name": "b", "force_destroy": False},
        {"force_destroy": True},
        D,
        {"digitalocean-spaces-force-destroy-on", UPD},
    ),
    update(
        "digitalocean-spaces-versioning-off",
        "digitalocean_spaces_bucket.b",
        {"name": "b", "versioning": [{"enabled": True}]},
        {"versioning": [{"enabled": False}]},
        D,
        {"digitalocean-spaces-versioning-off", UPD},
    ),
    update(
        "digitalocean-k8s-destroy-associated-on",
        "digitalocean_kubernetes_cluster.k",
        {"name": "k", "destroy_all_associated_resources": False},
        {"destroy_all_associated_resources": True},
        D,
        {"digitalocean-k8s-destroy-associated-on"},
    ),
    update(
        "digitalocean-droplet-backups-off",
        "digitalocean_droplet.web",
        {"name": "web", "backups": True},
        {"backups": False},
        R,
        {"digitalocean-droplet-backups-off"},
    ),
    delete(
        "digitalocean-spaces-deleted-with-contents",
        "digitalocean_spaces_bucket.b",
        {"name": "b", "force_destroy": True},
        D,
        {"store-deleted", "digitalocean-spaces-deleted-with-contents"},
    ),
    delete(
        "digitalocean-k8s-deleted-with-volumes",
        "digitalocean_kubernetes_cluster.k",
        {"name": "k", "destroy_all_associated_resources": True},
        D,
        {"digitalocean-k8s-deleted-with-volumes", "dependency-deleted"},
    ),
    delete(
        "digitalocean-database-cluster-deleted",
        "digitalocean_database_cluster.pg",
        {"name": "pg", "engine": "pg"},
        D,
        {"store-deleted"},
    ),
    update(
        "digitalocean-database-tag-only-update-is-safe",
        "digitalocean_database_cluster.pg",
        {"name": "pg", "engine": "pg", "tags": ["team:a"]},
        {"tags": ["team:b"]},
        S,
        set(),
    ),
    # ===== Oracle OCI ===========================================================================
    update(
        "oci-mysql-delete-protection-off",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        mysql_system(is_delete_protected=False),
        D,
        {"oci-mysql-delete-protection-off", UPD},
    ),
    update(
        "oci-mysql-final-backup-skipped",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        mysql_system(final_backup="SKIP_FINAL_BACKUP"),
        D,
        {"oci-mysql-final-backup-skipped", UPD},
    ),
    update(
        "oci-mysql-backups-deleted-with-system",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        mysql_system(automatic_backup_retention="DELETE"),
        D,
        {"oci-mysql-backups-deleted-with-system", UPD},
    ),
    update(
        "oci-mysql-backup-retention-shortened",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        {"backup_policy": [{"retention_in_days": 7, "pitr_policy": [{"is_enabled": True}]}]},
        R,
        {"oci-mysql-backup-retention-shortened", UPD},
    ),
    update(
        "oci-mysql-pitr-off",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        {"backup_policy": [{"retention_in_days": 35, "pitr_policy": [{"is_enabled": False}]}]},
        D,
        {"oci-mysql-pitr-off", UPD},
    ),
    update(
        "oci-database-auto-backup-off",
        "oci_database_database.db",
        {
            "database": [
                {"db_backup_config": [{"auto_backup_enabled": True, "recovery_window_in_days": 30}]}
            ]
        },
        {
            "database": [
                {
                    "db_backup_config": [
                        {"auto_backup_enabled": False, "recovery_window_in_days": 30}
                    ]
                }
            ]
        },
        D,
        {"oci-database-auto-backup-off", UPD},
    ),
    update(
        "oci-database-recovery-window-shortened",
        "oci_database_database.db",
        {
            "database": [
                {"db_backup_config": [{"auto_backup_enabled": True, "recovery_window_in_days": 30}]}
            ]
        },
        {
            "database": [
                {"db_backup_config": [{"auto_backup_enabled": True, "recovery_window_in_days": 7}]}
            ]
        },
        R,
        {"oci-database-recovery-window-shortened", UPD},
    ),
    update(
        "oci-autonomous-backup-retention-shortened",
        "oci_database_autonomous_database.adb",
        {"db_name": "adb", "backup_retention_period_in_days": 60},
        {"backup_retention_period_in_days": 7},
        R,
        {"oci-autonomous-backup-retention-shortened", UPD},
    ),
    update(
        "oci-bucket-versioning-suspended",
        "oci_objectstorage_bucket.b",
        {"name": "b", "versioning": "Enabled"},
        {"versioning": "Suspended"},
        D,
        {"oci-bucket-versioning-suspended", UPD},
    ),
    update(
        "oci-bucket-retention-rules-removed",
        "oci_objectstorage_bucket.b",
        {"name": "b", "retention_rules": [{"display_name": "keep-30d"}]},
        {"retention_rules": []},
        D,
        {"oci-bucket-retention-rules-removed", UPD},
    ),
    update(
        "oci-kms-key-deletion-scheduled",
        "oci_kms_key.k",
        {"display_name": "k", "time_of_deletion": None},
        {"time_of_deletion": "2026-12-01T00:00:00Z"},
        D,
        {"oci-kms-key-deletion-scheduled", UPD},
    ),
    delete(
        "oci-mysql-deleted-without-final-backup-and-with-its-backups",
        "oci_mysql_mysql_db_system.db",
        mysql_system(
            is_delete_protected=False,
            final_backup="SKIP_FINAL_BACKUP",
            automatic_backup_retention="DELETE",
        ),
        D,
        {
            "store-deleted",
            "oci-mysql-deleted-without-final-backup",
            "oci-mysql-deleted-with-backups",
        },
    ),
    # ===== Confluent ============================================================================
    update(
        "confluent-topic-retention-changed",
        "confluent_kafka_topic.orders",
        {
            "topic_name": "orders",
            "config": {"retention.ms": "604800000", "cleanup.policy": "delete"},
        },
        {"config": {"retention.ms": "3600000", "cleanup.policy": "delete"}},
        D,
        {"confluent-topic-retention-changed", UPD},
    ),
    update(
        "confluent-topic-retention-reset-by-removing-the-key",
        "confluent_kafka_topic.orders",
        {"topic_name": "orders", "config": {"retention.ms": "-1", "cleanup.policy": "delete"}},
        {"config": {"cleanup.policy": "delete"}},
        D,
        {"confluent-topic-retention-changed", UPD},
    ),
    update(
        "confluent-topic-retention-bytes-changed",
        "confluent_kafka_topic.orders",
        {"topic_name": "orders", "config": {"retention.bytes": "-1"}},
        {"config": {"retention.bytes": "1073741824"}},
        D,
        {"confluent-topic-retention-bytes-changed", UPD},
    ),
    update(
        "confluent-topic-cleanup-policy-changed",
        "confluent_kafka_topic.orders",
        {"topic_name": "orders", "config": {"cleanup.policy": "compact"}},
        {"config": {"cleanup.policy": "delete"}},
        R,
        {"confluent-topic-cleanup-policy-changed", UPD},
    ),
    delete(
        "confluent-kafka-cluster-deleted",
        "confluent_kafka_cluster.k",
        {"display_name": "k", "availability": "MULTI_ZONE"},
        D,
        {"store-deleted"},
    ),
    # ===== Elastic Cloud ========================================================================
    delete(
        "ec-deployment-deleted",
        "ec_deployment.search",
        {"name": "search", "tags": {"team": "a"}},
        D,
        {"store-deleted"},
    ),
    update(
        "ec-deployment-tag-only-update-is-safe",
        "ec_deployment.search",
        {"name": "search", "tags": {"team": "a"}},
        {"tags": {"team": "b"}},
        S,
        set(),
    ),
    # ===== Neon =================================================================================
    update(
        "neon-history-retention-zero",
        "neon_project.p",
        {"name": "p", "history_retention_seconds": 604800},
        {"history_retention_seconds": 0},
        D,
        {"neon-history-retention-zero", "neon-history-retention-shortened", UPD},
    ),
    update(
        "neon-history-retention-shortened",
        "neon_project.p",
        {"name": "p", "history_retention_seconds": 604800},
        {"history_retention_seconds": 86400},
        R,
        {"neon-history-retention-shortened", UPD},
    ),
    update(
        "neon-branch-unprotected",
        "neon_branch.main",
        {"name": "main", "protected": "yes"},
        {"protected": "no"},
        D,
        {"neon-branch-unprotected", UPD},
    ),
    update(
        "neon-branch-protected-is-not-disarming",
        "neon_branch.main",
        {"name": "main", "protected": "no"},
        {"protected": "yes"},
        R,
        {UPD},
    ),
    row(
        "neon-project-replaced-by-pg-version",
        "neon_project.p",
        ["delete", "create"],
        {"name": "p", "pg_version": 16},
        {"name": "p", "pg_version": 17},
        D,
        {"store-replaced", "neon-project-replaced-by-pg-version"},
        replace_paths=[["pg_version"]],
        action_reason="replace_because_cannot_update",
    ),
    delete("neon-project-deleted", "neon_project.p", {"name": "p"}, D, {"store-deleted"}),
    # ===== PlanetScale ==========================================================================
    update(
        "planetscale-deletion-protection-off",
        "planetscale_vitess_branch.main",
        {"name": "main", "deletion_protected": True, "delete_descendants": False},
        {"deletion_protected": False},
        D,
        {"planetscale-deletion-protection-off", UPD},
    ),
    update(
        "planetscale-delete-descendants-on",
        "planetscale_postgres_branch.main",
        {"name": "main", "deletion_protected": True, "delete_descendants": False},
        {"delete_descendants": True},
        D,
        {"planetscale-delete-descendants-on", UPD},
    ),
    delete(
        "planetscale-deleted-with-descendants",
        "planetscale_vitess_branch.main",
        {"name": "main", "deletion_protected": False, "delete_descendants": True},
        D,
        {"store-deleted", "planetscale-deleted-with-descendants"},
    ),
    delete(
        "planetscale-backup-policy-deleted",
        "planetscale_vitess_backup_policy.daily",
        {"name": "daily"},
        R,
        {"backup-policy-deleted"},
    ),
    # ===== Supabase =============================================================================
    delete(
        "supabase-project-deleted",
        "supabase_project.app",
        {"name": "app", "region": "eu-west-1"},
        D,
        {"store-deleted"},
    ),
    # ===== Heroku ===============================================================================
    delete(
        "heroku-addon-deleted",
        "heroku_addon.pg",
        {"plan": "heroku-postgresql:standard-0"},
        D,
        {"store-deleted"},
    ),
    delete("heroku-app-deleted", "heroku_app.web", {"name": "web"}, R, {"dependency-deleted"}),
]


@pytest.mark.parametrize(
    ("address", "actions", "before", "after", "klass", "rules", "extra"), TABLE
)
def test_pack_rules(
    address: str,
    actions: list[str],
    before: Any,
    after: Any,
    klass: Classification,
    rules: frozenset[str],
    extra: dict[str, Any],
) -> None:
    assessment = assess(address, actions, before, after, **extra)
    assert (assessment.classification, fired(assessment)) == (klass, set(rules))


# --- labels and tags below the top level ------------------------------------------------------
# A label or tag is all that changed, in a nested place: the core "tags and labels only"
# exception names these paths (settings[0].user_labels, metadata[0].labels, OCI tags).

NESTED_LABELS = [
    update(
        "cloud-sql-user-labels-live-inside-settings",
        "google_sql_database_instance.sql",
        SQL,
        {"settings": sql_settings(user_labels={"team": "b"})},
        S,
        set(),
    ),
    update(
        "kubernetes-labels-live-inside-metadata",
        "kubernetes_persistent_volume_claim_v1.data",
        {"metadata": [{"name": "data", "labels": {"team": "a"}}], "spec": [{}]},
        {"metadata": [{"name": "data", "labels": {"team": "b"}}]},
        S,
        set(),
    ),
    update(
        "oci-tags-are-freeform-and-defined-tags",
        "oci_mysql_mysql_db_system.db",
        mysql_system(),
        {"freeform_tags": {"team": "b"}},
        S,
        set(),
    ),
]


@pytest.mark.parametrize(
    ("address", "actions", "before", "after", "klass", "rules", "extra"), NESTED_LABELS
)
def test_label_only_updates_outside_the_top_level(
    address: str,
    actions: list[str],
    before: Any,
    after: Any,
    klass: Classification,
    rules: frozenset[str],
    extra: dict[str, Any],
) -> None:
    assessment = assess(address, actions, before, after, **extra)
    assert (assessment.classification, fired(assessment)) == (klass, set(rules))


# --- the table covers the rulebook --------------------------------------------------------------


def _expected_rules(params: list[Any]) -> set[str]:
    return {rule for param in params for rule in param.values[5]}


def _classify_table() -> list[Any]:
    marks = getattr(test_classify.test_default_classes, "pytestmark", [])
    for mark in marks:
        if mark.name == "parametrize":
            return list(mark.args[1])
    raise AssertionError("tests/test_classify.py lost its parametrized table")


def test_every_builtin_rule_fires_in_some_test_row() -> None:
    retention = {row.values[0].rule for row in test_retention.ROWS}
    covered = _expected_rules(TABLE) | _expected_rules(_classify_table()) | retention
    untested = sorted(rule.id for rule in BOOK.rules if rule.id not in covered)
    assert not untested, f"rules no test row expects to fire: {untested}"


def test_table_names_no_rule_that_does_not_exist() -> None:
    known = {rule.id for rule in BOOK.rules}
    assert _expected_rules(TABLE) <= known


PROVIDER_PACKS = {
    "aws": "aws_",
    "google": "google_",
    "azurerm": "azurerm_",
    "kubernetes": "kubernetes_",
    "mongodbatlas": "mongodbatlas_",
    "snowflake": "snowflake_",
    "cloudflare": "cloudflare_",
    "digitalocean": "digitalocean_",
    "oci": "oci_",
    "confluent": "confluent_",
    "ec": "ec_",
    "neon": "neon_",
    "planetscale": "planetscale_",
    "supabase": "supabase_",
    "heroku": "heroku_",
}


@pytest.mark.parametrize("pack", sorted(PROVIDER_PACKS))
def test_provider_pack_names_only_its_own_types_and_prefixes_its_rules(pack: str) -> None:
    prefix = PROVIDER_PACKS[pack]
    kinds = [kind for kind in BOOK.kinds.values() if kind.pack == pack]
    assert kinds, f"no resource types in rules/{pack}.hcl"
    assert all(kind.type.startswith(prefix) for kind in kinds)
    assert all(kind.summary.rstrip().endswith((".", ")")) for kind in kinds)
    for rule in (r for r in BOOK.rules if r.pack == pack):
        assert rule.id.startswith(f"{pack}-"), rule.id
        assert rule.doc, rule.id
        assert all(t.startswith(prefix) for t in rule.match.types), rule.id


@pytest.mark.parametrize("pack", sorted(PROVIDER_PACKS))
def test_every_provider_pack_has_a_destructive_delete_row(pack: str) -> None:
    types = {kind.type for kind in BOOK.kinds.values() if kind.pack == pack}
    rows = [
        param
        for param in TABLE
        if param.values[1] == ["delete"]
        and param.values[0].split(".")[0] in types
        and param.values[4] is D
    ]
    assert rows, f"no destructive delete of a {pack} type in TABLE"
