"""Retention, expiry and lifecycle settings (`keeps_less`): data deleted after the apply.

One table row per setting the packs know; each row is expanded into the same six cases:
shortened (fires, naming what is deleted), lengthened (never fires), unknown and sensitive new
values (fail closed), and the setting removed or added (null means whatever the pack says:
forever, the provider default, or "cannot tell", which fails closed). Then the forms values
come in: units, strings, durations, named tiers, set blocks keyed by id or by content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assess, book, fired
from tests.retention_cases import (
    ATLAS,
    ROWS,
    SETTINGS,
    Setting,
    backup_plan,
    put,
)
from tfguard.errors import RulebookError
from tfguard.judge.amounts import FOREVER, kept
from tfguard.model import Assessment, Classification, Retention, Transition
from tfguard.read import rulebook

S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE
Path_ = tuple[str | int, ...]


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
