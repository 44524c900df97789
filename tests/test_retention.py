"""Retention, expiry and lifecycle settings (`keeps_less`): data deleted after the apply.

One table row per setting the packs know; each row is expanded into the same six cases:
shortened (fires, naming what is deleted), lengthened (never fires), unknown and sensitive new
values (fail closed), and the setting removed or added (null means whatever the pack says:
forever, the provider default, or "cannot tell", which fails closed). Then the forms values
come in: units, strings, durations, named tiers, set blocks keyed by id or by content.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assess, book, fired
from tfguard.errors import RulebookError
from tfguard.judge.amounts import FOREVER, kept
from tfguard.model import Assessment, Classification, Retention, Transition
from tfguard.read import rulebook

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


@pytest.mark.parametrize(("setting", "case", "before", "after", "extra", "fires"), ROWS)
def test_each_setting_fires_only_when_it_keeps_less(
    setting: Setting,
    case: str,
    before: dict[str, Any],
    after: dict[str, Any],
    extra: dict[str, Any],
    fires: bool,
) -> None:
    assessment = assess(setting.address, ["update"], before, after, **extra)
    if not fires:
        assert setting.rule not in fired(assessment)
        return
    finding = _finding(assessment, setting.rule)
    assert assessment.classification >= setting.klass
    assert finding.classification == setting.klass
    if case == "shortened":
        assert setting.says in finding.message
    if case == "unknown":
        assert "(known only after apply)" in finding.message
        assert "assumes the worst" in finding.message
    if case == "sensitive":
        assert "(sensitive)" in finding.message
        assert finding.evidence is not None and finding.evidence[2] == "(sensitive)"


def _finding(assessment: Assessment, rule: str) -> Any:
    found = [f for f in assessment.findings if f.rule == rule]
    assert found, f"{rule} did not fire: {[f.rule for f in assessment.findings]}"
    return found[0]


def test_every_keeps_less_rule_has_a_row_and_every_row_a_keeps_less_rule() -> None:
    rules = {r.id for r in book().rules if r.match.transition is Transition.KEEPS_LESS}
    assert rules == {s.rule for s in SETTINGS}


def test_the_reason_names_setting_old_and_new_value_and_what_is_deleted() -> None:
    before = {"identifier": "prod", "backup_retention_period": 35}
    assessment = assess(
        "aws_db_instance.db", ["update"], before, {**before, "backup_retention_period": 7}
    )
    finding = _finding(assessment, "aws-backup-retention-shortened")
    assert assessment.classification is D
    assert finding.message == (
        "shortens backup_retention_period on aws_db_instance.db from 35 days to 7 days: "
        "automated backups older than 7 days are deleted, and point-in-time restore no longer "
        "reaches past 7 days"
    )
    assert finding.evidence == ("backup_retention_period", "35 days", "7 days")


# --- values in every form -----------------------------------------------------------------------


def _retention(unit: str, **more: Any) -> Retention:
    return Retention(unit=unit, keeps_less="smaller", source="https://example.test", **more)


@pytest.mark.parametrize(
    ("value", "unit", "days"),
    [
        (7, "days", 7),
        ("7", "days", 7),
        (168, "hours", 7),
        ("168", "hours", 7),
        (604800, "seconds", 7),
        ("604800s", "seconds", 7),
        (604800000, "ms", 7),
        ("604800000", "ms", 7),
        ("P7D", "days", 7),
        ("P1W", "days", 7),
        ("PT168H", "hours", 7),
        ("168h", "hours", 7),
        ("10080m", "minutes", 7),
        ("P1Y", "days", 365.25),
        ("P12M", "days", 365.25),
    ],
)
def test_amounts_compare_across_units_and_forms(value: Any, unit: str, days: float) -> None:
    assert kept(value, _retention(unit)) == pytest.approx(days * 86400)


@pytest.mark.parametrize(
    ("value", "days_after_epoch"),
    [
        ("1970-01-08", 7),
        ("1970-01-08T00:00:00Z", 7),
        ("1970-01-08T02:00:00+02:00", 7),
        ("1970-01-08T12:00:00", 7.5),
    ],
)
def test_dates_are_read_as_the_moment_they_name(value: str, days_after_epoch: float) -> None:
    assert kept(value, _retention("date")) == pytest.approx(days_after_epoch * 86400)


@pytest.mark.parametrize("value", ["next week", "2027-13-01", 20270101])
def test_a_date_that_is_not_one_cannot_be_read(value: Any) -> None:
    assert isinstance(kept(value, _retention("date")), str)


def test_unlimited_values_keep_forever_and_unit_from_reads_the_unit() -> None:
    spec = _retention("days", unlimited=(0, None, "-1"))
    assert kept(0, spec) == kept(None, spec) == kept(-1, spec) == kept("0", spec) == FOREVER
    by_unit = _retention("days", unit_from=("retention_unit",))
    assert kept(2, by_unit, "weeks") == kept(14, by_unit, "days") == kept(14, by_unit, "DAYS")
    assert isinstance(kept(2, by_unit, "fortnights"), str)


def test_a_sensitive_new_value_is_never_printed() -> None:
    group = {"name": "l", "retention_in_days": 365}
    hidden = {"name": "l", "retention_in_days": 1234567}
    assessment = assess(
        "aws_cloudwatch_log_group.l",
        ["update"],
        group,
        hidden,
        after_sensitive={"retention_in_days": True},
    )
    finding = _finding(assessment, "aws-log-retention-shortened")
    assert "1234567" not in repr(assessment.findings)
    assert "14288" not in finding.message  # 1234567 days is 14288 weeks, 3380 years …
    assert assessment.classification is D


def test_cloudwatch_retention_set_where_it_was_unlimited_is_destructive() -> None:
    group = {"name": "l", "retention_in_days": 0}
    started = assess(
        "aws_cloudwatch_log_group.l", ["update"], group, {**group, "retention_in_days": 30}
    )
    stopped = assess(
        "aws_cloudwatch_log_group.l", ["update"], {**group, "retention_in_days": 30}, group
    )
    assert "from forever to 30 days" in _finding(started, "aws-log-retention-shortened").message
    assert started.classification is D
    assert "aws-log-retention-shortened" not in fired(stopped)


def test_strings_and_numbers_compare_as_the_same_amount() -> None:
    topic = {"topic_name": "t", "config": {"retention.ms": "604800000"}}
    same_as_number = {"topic_name": "t", "config": {"retention.ms": 604800000}}
    shorter_number = {"topic_name": "t", "config": {"retention.ms": 3600000}}
    same = assess("confluent_kafka_topic.t", ["update"], topic, same_as_number)
    shorter = assess("confluent_kafka_topic.t", ["update"], topic, shorter_number)
    assert "confluent-topic-retention-changed" not in fired(same)
    assert "from 7 days to 1 hour" in _finding(shorter, "confluent-topic-retention-changed").message


def test_named_tiers_compare_by_what_they_keep() -> None:
    account = {"name": "c", "backup": [{"type": "Continuous", "tier": "Continuous7Days"}]}
    longer = put(account, ("backup", 0, "tier"), "Continuous30Days")
    odd = put(account, ("backup", 0, "tier"), "Continuous90Days")
    assert "azurerm-cosmosdb-continuous-tier-shortened" not in fired(
        assess("azurerm_cosmosdb_account.c", ["update"], account, longer)
    )
    unreadable = assess("azurerm_cosmosdb_account.c", ["update"], account, odd)
    assert (
        "assumes the worst"
        in _finding(unreadable, "azurerm-cosmosdb-continuous-tier-shortened").message
    )


def test_snowflake_inherit_fails_closed() -> None:
    db = {"name": "DB", "data_retention_time_in_days": 30}
    inherit = assess(
        "snowflake_database.db", ["update"], db, {**db, "data_retention_time_in_days": -1}
    )
    assert inherit.classification is D
    message = _finding(inherit, "snowflake-time-travel-shortened").message
    assert "from 30 days to (-1 is not an amount)" in message
    assert "assumes the worst" in message


# --- set blocks: matched by key, or by everything but the setting ------------------------------

LIFECYCLE = "aws_s3_bucket_lifecycle_configuration.l"
S3_RULE_ID = "aws-s3-lifecycle-expiration-shortened"


def s3_rule(rule_id: str, days: int | None, status: str = "Enabled") -> dict[str, Any]:
    expiration = [{"days": days, "date": None}] if days is not None else []
    return {"id": rule_id, "status": status, "expiration": expiration}


@pytest.mark.parametrize(
    ("before", "after", "fires", "says"),
    [
        pytest.param(
            [s3_rule("tmp", 1), s3_rule("logs", 90)],
            [s3_rule("logs", 30), s3_rule("tmp", 1)],
            True,
            'rule id = "logs") after 30 days instead of 90 days',
            id="shortened-beside-a-shorter-rule-in-another-order",
        ),
        pytest.param(
            [s3_rule("tmp", 1), s3_rule("logs", 90)],
            [s3_rule("logs", 90), s3_rule("tmp", 1)],
            False,
            "",
            id="reordered-only",
        ),
        pytest.param(
            [s3_rule("logs", 90)],
            [s3_rule("logs", 90), s3_rule("tmp", 7)],
            True,
            'rule id = "tmp") after 7 days instead of forever',
            id="rule-added",
        ),
        pytest.param(
            [s3_rule("logs", 90), s3_rule("tmp", 7)],
            [s3_rule("logs", 90)],
            False,
            "",
            id="rule-removed",
        ),
        pytest.param(
            [s3_rule("logs", 30, "Disabled")],
            [s3_rule("logs", 30)],
            True,
            "after 30 days instead of forever",
            id="disabled-rule-enabled",
        ),
        pytest.param(
            [s3_rule("logs", 30)], [s3_rule("logs", 30, "Disabled")], False, "", id="rule-disabled"
        ),
        pytest.param(
            [s3_rule("logs", None)],
            [s3_rule("logs", 365)],
            True,
            "instead of forever",
            id="expiration-block-added",
        ),
        pytest.param(
            [s3_rule("logs", 30)], [s3_rule("logs", None)], False, "", id="expiration-block-removed"
        ),
        pytest.param([], [s3_rule("logs", 365)], True, "after 365 days", id="first-rule"),
    ],
)
def test_s3_lifecycle_rules_are_matched_by_id(
    before: list[Any], after: list[Any], fires: bool, says: str
) -> None:
    assessment = assess(
        LIFECYCLE, ["update"], {"bucket": "b", "rule": before}, {"bucket": "b", "rule": after}
    )
    if not fires:
        assert S3_RULE_ID not in fired(assessment)
        return
    assert says in _finding(assessment, S3_RULE_ID).message
    assert assessment.classification is D


def test_a_set_known_only_after_apply_fails_closed() -> None:
    before = {"bucket": "b", "rule": [s3_rule("logs", 90)]}
    assessment = assess(
        LIFECYCLE, ["update"], before, {"bucket": "b", "rule": None}, after_unknown={"rule": True}
    )
    assert "assumes the worst" in _finding(assessment, S3_RULE_ID).message


def test_an_unknown_status_counts_as_enabled() -> None:
    before = {"bucket": "b", "rule": [s3_rule("logs", 30, "Disabled")]}
    after = {"bucket": "b", "rule": [{**s3_rule("logs", 30), "status": None}]}
    assessment = assess(
        LIFECYCLE, ["update"], before, after, after_unknown={"rule": [{"status": True}]}
    )
    assert S3_RULE_ID in fired(assessment)


GCS_RULE_ID = "google-storage-lifecycle-delete-sooner"


def gcs_rule(kind: str, age: int, prefix: str = "logs/") -> dict[str, Any]:
    storage_class = "" if kind == "Delete" else "COLDLINE"
    return {
        "action": [{"type": kind, "storage_class": storage_class}],
        "condition": [{"age": age, "matches_prefix": [prefix]}],
    }


@pytest.mark.parametrize(
    ("before", "after", "fires"),
    [
        pytest.param(
            [gcs_rule("SetStorageClass", 30)],
            [gcs_rule("Delete", 30)],
            True,
            id="move-becomes-delete",
        ),
        pytest.param(
            [gcs_rule("Delete", 30)],
            [gcs_rule("SetStorageClass", 30)],
            False,
            id="delete-becomes-move",
        ),
        pytest.param(
            [gcs_rule("Delete", 30), gcs_rule("Delete", 1, "tmp/")],
            [gcs_rule("Delete", 1, "tmp/"), gcs_rule("Delete", 30)],
            False,
            id="reordered",
        ),
        pytest.param(
            [gcs_rule("Delete", 30, "tmp/")],
            [gcs_rule("Delete", 30, "")],
            True,
            id="prefix-widened-is-a-new-rule",
        ),
        pytest.param([gcs_rule("Delete", 30)], [], False, id="rule-removed"),
        pytest.param(
            [gcs_rule("Delete", 30)], [gcs_rule("Delete", 90)], False, id="age-lengthened"
        ),
        pytest.param(
            [gcs_rule("Delete", 1, "tmp/"), gcs_rule("Delete", 365)],
            [gcs_rule("Delete", 1, "tmp/"), gcs_rule("Delete", 30)],
            True,
            id="shortened-beside-a-shorter-rule",
        ),
    ],
)
def test_gcs_lifecycle_rules_are_matched_by_content(
    before: list[Any], after: list[Any], fires: bool
) -> None:
    assessment = assess(
        "google_storage_bucket.b",
        ["update"],
        {"name": "b", "lifecycle_rule": before},
        {"name": "b", "lifecycle_rule": after},
    )
    assert (GCS_RULE_ID in fired(assessment)) is fires


def test_aws_backup_snapshot_rules_are_risky_continuous_rules_destructive() -> None:
    snapshots, continuous = backup_plan(continuous=False), backup_plan(continuous=True)
    path = ("rule", 0, "lifecycle", 0, "delete_after")
    risky = assess("aws_backup_plan.p", ["update"], snapshots, put(snapshots, path, 7))
    destructive = assess("aws_backup_plan.p", ["update"], continuous, put(continuous, path, 7))
    assert risky.classification is R
    assert fired(risky) == {"aws-backup-plan-retention-shortened", "store-updated"}
    assert destructive.classification is D
    assert "aws-backup-plan-continuous-retention-shortened" in fired(destructive)


def test_atlas_retention_reaches_old_snapshots_only_with_update_snapshots() -> None:
    path = ("policy_item_daily", 0, "retention_value")
    quiet = {**ATLAS, "update_snapshots": False}
    rule = "mongodbatlas-daily-snapshot-retention-shortened"
    assert rule not in fired(
        assess("mongodbatlas_cloud_backup_schedule.s", ["update"], quiet, put(quiet, path, 7))
    )
    weeks = put(put(ATLAS, path, 2), ("policy_item_daily", 0, "retention_unit"), "weeks")
    assert rule not in fired(
        assess("mongodbatlas_cloud_backup_schedule.s", ["update"], ATLAS, weeks)
    )
    one_week = put(weeks, path, 1)
    shorter = assess("mongodbatlas_cloud_backup_schedule.s", ["update"], ATLAS, one_week)
    assert "from 14 days to 7 days" in _finding(shorter, rule).message


# --- the pack vocabulary ----------------------------------------------------------------------


def _pack(tmp_path: Path, match: str) -> Path:
    (tmp_path / "x.hcl").write_text(
        'pack {\n  provider = "x"\n  summary = "x"\n}\n'
        'rule "x-r" {\n  class = "destructive"\n  summary = "s"\n  message = "m"\n'
        f"  match {{\n{match}\n  }}\n}}\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("match", "error"),
    [
        ('attribute = "a"\ntransition = "keeps_less"', "go together"),
        (
            'attribute = "a"\ntransition = "decreased"\nretention {\nunit = "days"\n'
            'keeps_less = "smaller"\nsource = "https://x"\n}',
            "go together",
        ),
        (
            'attribute = "a"\ntransition = "keeps_less"\nretention {\nunit = "fortnights"\n'
            'keeps_less = "smaller"\nsource = "https://x"\n}',
            "fortnights",
        ),
        (
            'attribute = "a"\ntransition = "keeps_less"\nretention {\nunit = "days"\n'
            'keeps_less = "smaller"\n}',
            "source",
        ),
        (
            'attribute = "a"\ntransition = "keeps_less"\nretention {\nunit = "days"\n'
            'keeps_less = "smaller"\nsource = "https://x"\nkey = "id"\n}',
            "[*]",
        ),
        (
            'attribute = "a[*].b[*].c"\ntransition = "keeps_less"\nretention {\nunit = "days"\n'
            'keeps_less = "smaller"\nsource = "https://x"\n}',
            "one [*]",
        ),
    ],
)
def test_pack_errors_in_retention_blocks(tmp_path: Path, match: str, error: str) -> None:
    with pytest.raises(RulebookError, match=re.escape(error)):
        rulebook.load([_pack(tmp_path, match)])


def test_the_catalogue_states_unit_direction_and_source() -> None:
    from tfguard.catalogue import describe_match

    rule = next(r for r in book().rules if r.id == "aws-log-retention-shortened")
    text = describe_match(rule.match)
    assert "`retention_in_days` keeps less than before" in text
    assert "Unit: days; a smaller value keeps less." in text
    assert "Kept forever: 0 or null." in text
    assert "Source: <https://docs.aws.amazon.com/" in text
