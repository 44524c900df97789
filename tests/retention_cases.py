"""The retention table: one row per `keeps_less` setting the packs know, expanded into six
cases each. tests/test_retention.py runs the rows; tests/test_packs.py counts them as rule
coverage (a shared table, so no test module borrows from another)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest

from tfguard.model import Classification

S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Setting:
    rule: str
    address: str
    state: dict[str, Any]
    path: Path_
    shorter: Any
    longer: Any
    klass: Classification
    says: str
    """A phrase the reason must contain when the setting is shortened."""
    removed_fires: bool
    added_fires: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def put(value: Any, path: Path_, new: Any) -> Any:
    """A deep copy of `value` with `new` at `path`."""
    out = copy.deepcopy(value)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return out


def mark(path: Path_) -> Any:
    """An after_unknown / after_sensitive tree marking just `path`."""
    if not path:
        return True
    head, inner = path[0], mark(path[1:])
    if isinstance(head, int):
        return [{} for _ in range(head)] + [inner]
    return {head: inner}


def sql(**backup: Any) -> dict[str, Any]:
    configuration = {
        "enabled": True,
        "transaction_log_retention_days": 7,
        "backup_retention_settings": [{"retained_backups": 14, "retention_unit": "COUNT"}],
    }
    configuration.update(backup)
    return {
        "name": "prod",
        "settings": [{"tier": "db-f1", "backup_configuration": [configuration]}],
    }


def backup_plan(continuous: bool) -> dict[str, Any]:
    rule = {
        "rule_name": "daily",
        "target_vault_name": "v",
        "enable_continuous_backup": continuous,
        "lifecycle": [{"delete_after": 35, "cold_storage_after": 0}],
        "copy_action": [],
    }
    return {"name": "p", "rule": [rule]}


S3_RULE = {
    "id": "logs",
    "status": "Enabled",
    "filter": [{"prefix": "logs/"}],
    "expiration": [{"days": 90, "date": None}],
    "noncurrent_version_expiration": [{"noncurrent_days": 90}],
}
S3 = {"bucket": "b", "rule": [S3_RULE]}
S3_INLINE = {
    "bucket": "b",
    "lifecycle_rule": [
        {
            "id": "logs",
            "enabled": True,
            "prefix": "logs/",
            "expiration": [{"days": 90}],
            "noncurrent_version_expiration": [{"days": 90}],
        }
    ],
}
GCS_DELETE = {
    "action": [{"type": "Delete", "storage_class": ""}],
    "condition": [{"age": 365, "matches_prefix": ["logs/"], "with_state": "ANY"}],
}
GCS = {"name": "b", "lifecycle_rule": [GCS_DELETE]}
AZ_POLICY = {
    "storage_account_id": "acct",
    "rule": [
        {
            "name": "cleanup",
            "enabled": True,
            "filters": [{"blob_types": ["blockBlob"], "prefix_match": ["logs/"]}],
            "actions": [
                {
                    "base_blob": [{"delete_after_days_since_modification_greater_than": 365}],
                    "snapshot": [{"delete_after_days_since_creation_greater_than": 90}],
                    "version": [{"delete_after_days_since_creation": 90}],
                }
            ],
        }
    ],
}
FREQUENCIES = ("hourly", "daily", "weekly", "monthly", "yearly")
ATLAS = {
    "cluster_name": "c",
    "restore_window_days": 7,
    "update_snapshots": True,
    **{
        f"policy_item_{f}": [
            {
                "id": f"{f}-1",
                "frequency_interval": 1,
                "retention_unit": "days",
                "retention_value": 14,
            }
        ]
        for f in FREQUENCIES
    },
}
MSSQL = {
    "name": "orders",
    "short_term_retention_policy": [{"retention_days": 14, "backup_interval_in_hours": 12}],
    "long_term_retention_policy": [
        {
            "weekly_retention": "P4W",
            "monthly_retention": "P12M",
            "yearly_retention": "P5Y",
            "week_of_year": 1,
        }
    ],
}
RETAINED = ("settings", 0, "backup_configuration", 0, "backup_retention_settings", 0)
LOG_DAYS = ("settings", 0, "backup_configuration", 0, "transaction_log_retention_days")

SETTINGS = [
    # --- AWS
    Setting(
        "aws-backup-retention-shortened",
        "aws_db_instance.db",
        {"identifier": "prod", "backup_retention_period": 14, "deletion_protection": True},
        ("backup_retention_period",),
        7,
        35,
        D,
        "from 14 days to 7 days",
        removed_fires=True,
    ),
    Setting(
        "aws-snapshot-retention-shortened",
        "aws_elasticache_replication_group.r",
        {"replication_group_id": "r", "snapshot_retention_limit": 7},
        ("snapshot_retention_limit",),
        1,
        14,
        D,
        "automatic snapshots older than 1 day are deleted",
        removed_fires=True,
    ),
    Setting(
        "aws-dynamodb-pitr-window-shortened",
        "aws_dynamodb_table.t",
        {"name": "t", "point_in_time_recovery": [{"enabled": True, "recovery_period_in_days": 14}]},
        ("point_in_time_recovery", 0, "recovery_period_in_days"),
        7,
        35,
        D,
        "restore points older than 7 days are gone",
        removed_fires=False,  # null is the default, 35 days: more than 14
    ),
    Setting(
        "aws-log-retention-shortened",
        "aws_cloudwatch_log_group.l",
        {"name": "l", "retention_in_days": 365, "skip_destroy": True},
        ("retention_in_days",),
        30,
        3653,
        D,
        "log events older than 30 days are deleted",
        removed_fires=False,  # null: never expire
    ),
    Setting(
        "aws-kinesis-retention-shortened",
        "aws_kinesis_stream.s",
        {"name": "s", "retention_period": 168},
        ("retention_period",),
        24,
        8760,
        D,
        "records older than 1 day become inaccessible",
        removed_fires=True,
    ),
    Setting(
        "aws-backup-plan-retention-shortened",
        "aws_backup_plan.p",
        backup_plan(continuous=False),
        ("rule", 0, "lifecycle", 0, "delete_after"),
        7,
        90,
        R,
        'rule_name = "daily"',
        removed_fires=False,
    ),
    Setting(
        "aws-backup-plan-continuous-retention-shortened",
        "aws_backup_plan.p",
        backup_plan(continuous=True),
        ("rule", 0, "lifecycle", 0, "delete_after"),
        7,
        90,
        D,
        "the existing point-in-time recovery point is cut to 7 days",
        removed_fires=False,
    ),
    Setting(
        "aws-s3-lifecycle-expiration-shortened",
        "aws_s3_bucket_lifecycle_configuration.l",
        S3,
        ("rule", 0, "expiration", 0, "days"),
        30,
        365,
        D,
        'rule id = "logs"',
        removed_fires=False,
    ),
    Setting(
        "aws-s3-lifecycle-noncurrent-expiration-shortened",
        "aws_s3_bucket_lifecycle_configuration.l",
        S3,
        ("rule", 0, "noncurrent_version_expiration", 0, "noncurrent_days"),
        1,
        365,
        D,
        "after 1 day instead of 90 days",
        removed_fires=False,
    ),
    Setting(
        "aws-s3-lifecycle-expiration-date-earlier",
        "aws_s3_bucket_lifecycle_configuration.l",
        {
            "bucket": "b",
            "rule": [{**S3_RULE, "expiration": [{"days": None, "date": "2027-06-30"}]}],
        },
        ("rule", 0, "expiration", 0, "date"),
        "2027-01-01",
        "2028-01-01T00:00:00Z",
        D,
        'rule id = "logs") on 2027-01-01 (before: 2027-06-30)',
        removed_fires=False,  # no date: nothing expires by date
    ),
    Setting(
        "aws-s3-bucket-lifecycle-expiration-date-earlier",
        "aws_s3_bucket.b",
        {
            **S3_INLINE,
            "lifecycle_rule": [
                {
                    "id": "logs",
                    "enabled": True,
                    "prefix": "logs/",
                    "expiration": [{"days": 0, "date": "2027-06-30"}],
                }
            ],
        },
        ("lifecycle_rule", 0, "expiration", 0, "date"),
        "2027-01-01",
        "2028-01-01",
        D,
        "every matching object is deleted from that date",
        removed_fires=False,
    ),
    Setting(
        "aws-s3-bucket-lifecycle-expiration-shortened",
        "aws_s3_bucket.b",
        S3_INLINE,
        ("lifecycle_rule", 0, "expiration", 0, "days"),
        30,
        365,
        D,
        "current objects older than 30 days are deleted",
        removed_fires=False,
    ),
    Setting(
        "aws-s3-bucket-lifecycle-noncurrent-expiration-shortened",
        "aws_s3_bucket.b",
        S3_INLINE,
        ("lifecycle_rule", 0, "noncurrent_version_expiration", 0, "days"),
        7,
        365,
        D,
        'lifecycle_rule id = "logs"',
        removed_fires=False,
    ),
    # --- Google
    Setting(
        "google-sql-backup-retention-shortened",
        "google_sql_database_instance.sql",
        sql(),
        (*RETAINED, "retained_backups"),
        7,
        30,
        D,
        "from 14 to 7",
        removed_fires=True,
    ),
    Setting(
        "google-sql-log-retention-shortened",
        "google_sql_database_instance.sql",
        sql(),
        LOG_DAYS,
        1,
        14,
        D,
        "logs older than 1 day are deleted",
        removed_fires=True,
    ),
    Setting(
        "google-storage-lifecycle-delete-sooner",
        "google_storage_bucket.b",
        GCS,
        ("lifecycle_rule", 0, "condition", 0, "age"),
        30,
        730,
        D,
        "at age 30 days instead of 365 days",
        removed_fires=True,  # a Delete rule without an age cannot be compared
    ),
    Setting(
        "google-bigquery-time-travel-shortened",
        "google_bigquery_dataset.d",
        {"dataset_id": "d", "max_time_travel_hours": "96"},
        ("max_time_travel_hours",),
        "48",
        "168",
        D,
        "from 4 days to 2 days",
        removed_fires=False,  # null is 168 hours
    ),
    Setting(
        "google-bigquery-table-expiration-set",
        "google_bigquery_dataset.d",
        {"dataset_id": "d", "default_table_expiration_ms": 604800000},
        ("default_table_expiration_ms",),
        86400000,
        2592000000,
        R,
        "tables created from now on are deleted 1 day after creation",
        removed_fires=False,
    ),
    Setting(
        "google-bigquery-partition-expiration-set",
        "google_bigquery_dataset.d",
        {"dataset_id": "d", "default_partition_expiration_ms": 604800000},
        ("default_partition_expiration_ms",),
        3600000,
        2592000000,
        R,
        "from 7 days to 1 hour",
        removed_fires=False,
    ),
    # --- Azure
    Setting(
        "azurerm-mssql-pitr-shortened",
        "azurerm_mssql_database.db",
        MSSQL,
        ("short_term_retention_policy", 0, "retention_days"),
        7,
        35,
        D,
        "backups older than 7 days are deleted",
        removed_fires=True,
    ),
    *(
        Setting(
            f"azurerm-mssql-ltr-{period}-shortened",
            "azurerm_mssql_database.db",
            MSSQL,
            ("long_term_retention_policy", 0, f"{period}_retention"),
            shorter,
            longer,
            R,
            says,
            removed_fires=True,
        )
        for period, shorter, longer, says in (
            ("weekly", "P1W", "P8W", "from 28 days to 7 days"),
            ("monthly", "P1M", "P24M", "new monthly long-term backups"),
            ("yearly", "P1Y", "P10Y", "to 1 year"),
        )
    ),
    Setting(
        "azurerm-flexible-server-backup-retention-shortened",
        "azurerm_postgresql_flexible_server.pg",
        {"name": "pg", "backup_retention_days": 14},
        ("backup_retention_days",),
        7,
        35,
        D,
        "backups and restore points older than 7 days are deleted",
        removed_fires=True,
    ),
    Setting(
        "azurerm-cosmosdb-continuous-tier-shortened",
        "azurerm_cosmosdb_account.c",
        {"name": "c", "backup": [{"type": "Continuous", "tier": "Continuous30Days"}]},
        ("backup", 0, "tier"),
        "Continuous7Days",
        None,  # no tier keeps more than 30 days: see test_named_tiers_compare_by_what_they_keep
        D,
        "from 30 days to 7 days",
        removed_fires=True,
    ),
    Setting(
        "azurerm-cosmosdb-backup-retention-shortened",
        "azurerm_cosmosdb_account.c",
        {"name": "c", "backup": [{"type": "Periodic", "retention_in_hours": 720}]},
        ("backup", 0, "retention_in_hours"),
        8,
        1440,
        D,
        "backups older than 8 hours are deleted",
        removed_fires=True,
    ),
    *(
        Setting(
            f"azurerm-storage-lifecycle-{name}-delete-sooner",
            "azurerm_storage_management_policy.p",
            AZ_POLICY,
            ("rule", 0, "actions", 0, *attribute),
            30,
            3650,
            D,
            says,
            removed_fires=False,
        )
        for name, attribute, says in (
            (
                "base-blob",
                ("base_blob", 0, "delete_after_days_since_modification_greater_than"),
                "blobs not modified for longer than 30 days are deleted",
            ),
            (
                "snapshot",
                ("snapshot", 0, "delete_after_days_since_creation_greater_than"),
                'rule name = "cleanup"',
            ),
            (
                "version",
                ("version", 0, "delete_after_days_since_creation"),
                "previous blob versions older than 30 days are deleted",
            ),
        )
    ),
    # --- MongoDB Atlas, Snowflake, Confluent
    Setting(
        "mongodbatlas-restore-window-shortened",
        "mongodbatlas_cloud_backup_schedule.s",
        ATLAS,
        ("restore_window_days",),
        1,
        14,
        D,
        "restore points older than 1 day are gone",
        removed_fires=True,
    ),
    *(
        Setting(
            f"mongodbatlas-{frequency}-snapshot-retention-shortened",
            "mongodbatlas_cloud_backup_schedule.s",
            ATLAS,
            (f"policy_item_{frequency}", 0, "retention_value"),
            7,
            30,
            D,
            f"existing {frequency} snapshots older than 7 days are deleted",
            removed_fires=True,
        )
        for frequency in FREQUENCIES
    ),
    Setting(
        "snowflake-time-travel-shortened",
        "snowflake_database.db",
        {"name": "DB", "data_retention_time_in_days": 30},
        ("data_retention_time_in_days",),
        7,
        90,
        D,
        "history older than 7 days moves to Fail-safe",
        removed_fires=True,
    ),
    Setting(
        "confluent-topic-retention-changed",
        "confluent_kafka_topic.orders",
        {"topic_name": "orders", "config": {"retention.ms": "2592000000"}},
        ("config", "retention.ms"),
        "86400000",
        "-1",
        D,
        "messages older than 1 day are deleted",
        removed_fires=True,  # back to the server default, 7 days: less than 30
    ),
    Setting(
        "kafka-topic-retention-shortened",
        "kafka_topic.orders",
        {"name": "orders", "partitions": 3, "config": {"retention.ms": "2592000000"}},
        ("config", "retention.ms"),
        "86400000",
        "-1",
        D,
        "from 30 days to 1 day: messages older than 1 day are deleted",
        removed_fires=True,  # the provider resets it to the topic default, 7 days
    ),
    Setting(
        "kafka-topic-retention-bytes-lowered",
        "kafka_topic.orders",
        {"name": "orders", "partitions": 3, "config": {"retention.bytes": "10737418240"}},
        ("config", "retention.bytes"),
        "1073741824",
        "-1",
        D,
        "the oldest messages beyond 1073741824 bytes per partition are deleted",
        removed_fires=False,  # the default is -1, no limit
    ),
    Setting(
        "confluent-topic-retention-bytes-changed",
        "confluent_kafka_topic.orders",
        {"topic_name": "orders", "config": {"retention.bytes": "10737418240"}},
        ("config", "retention.bytes"),
        "1073741824",
        "107374182400",
        D,
        "from 10737418240 bytes to 1073741824 bytes",
        removed_fires=False,  # the default is -1, no limit
    ),
]


def _rows() -> list[Any]:
    rows = []
    for s in SETTINGS:
        before = s.state
        cases = [
            ("shortened", put(before, s.path, s.shorter), {}, True),
            ("unknown", put(before, s.path, None), {"after_unknown": mark(s.path)}, True),
            (
                "sensitive",
                put(before, s.path, s.shorter),
                {"after_sensitive": mark(s.path)},
                True,
            ),
            ("removed", put(before, s.path, None), {}, s.removed_fires),
            ("added", None, {}, s.added_fires),
        ]
        if s.longer is not None:
            cases.append(("lengthened", put(before, s.path, s.longer), {}, False))
        for case, after, extra, fires in cases:
            old = before
            if case == "added":
                old, after = put(before, s.path, None), put(before, s.path, s.shorter)
            rows.append(pytest.param(s, case, old, after, extra, fires, id=f"{s.rule}-{case}"))
    return rows


ROWS = _rows()
"""Every row names its rule; tests/test_packs.py counts them as rule coverage."""
