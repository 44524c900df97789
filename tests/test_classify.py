"""classify.py with the built-in rule packs: which rule fires on which change, and the class."""

from __future__ import annotations

import fnmatch
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import assess, book, fired, plan_document, resource_change
from tfguard.judge.classify import _glob, classify
from tfguard.model import Classification
from tfguard.read import plan

S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE


DB = {
    "identifier": "prod",
    "deletion_protection": True,
    "skip_final_snapshot": False,
    "backup_retention_period": 7,
    "delete_automated_backups": False,
    "tags": {"team": "a"},
}


def test_protection_value_unknown_after_apply_fails_closed() -> None:
    after = {**DB}
    del after["deletion_protection"]
    assessment = assess(
        "aws_db_instance.db", ["update"], DB, after, after_unknown={"deletion_protection": True}
    )
    assert "aws-deletion-protection-off" in fired(assessment)
    assert "(known after apply)" in assessment.findings[0].message


def test_turning_protection_on_is_not_flagged_as_disarming() -> None:
    before = {**DB, "deletion_protection": False}
    assessment = assess("aws_db_instance.db", ["update"], before, DB)
    assert "aws-deletion-protection-off" not in fired(assessment)


def test_replace_reason_names_the_forcing_attribute() -> None:
    assessment = assess(
        "aws_db_instance.db",
        ["delete", "create"],
        DB,
        {**DB, "engine": "pg"},
        replace_paths=[["engine"]],
        action_reason="replace_because_cannot_update",
    )
    assert assessment.findings[0].message.endswith("because `engine` cannot be updated in place")


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("delete_because_no_resource_config", "prevent_destroy does not protect a removed block"),
        ("delete_because_count_index", "count no longer includes this index"),
        ("delete_because_each_key", "for_each no longer includes this key"),
        ("delete_because_no_module", "its module instance is gone"),
        ("replace_because_tainted", "it is tainted"),
        ("replace_by_request", "-replace"),
    ],
)
def test_delete_reasons_are_explained(reason: str, text: str) -> None:
    assessment = assess("aws_db_instance.db", ["delete"], DB, None, action_reason=reason)
    assert text in assessment.findings[0].message


def test_deposed_object_of_a_database_is_destructive_and_labelled() -> None:
    assessment = assess("aws_db_instance.db", ["delete"], DB, None, deposed="00ff")
    assert assessment.classification is D
    assert "aws_db_instance.db (deposed 00ff)" in assessment.findings[0].message


def test_sensitive_and_secret_looking_values_never_reach_messages() -> None:
    before = {**DB, "backup_retention_period": 7}
    assessment = assess(
        "aws_db_instance.db",
        ["update"],
        before,
        {**before, "backup_retention_period": 0, "password": "canary-pw"},
        after_sensitive={"backup_retention_period": True},
        before_sensitive={"backup_retention_period": True},
    )
    messages = " ".join(f.message for f in assessment.findings)
    assert "(sensitive)" in messages and " 7 " not in messages and "canary" not in messages


def test_classification_does_not_depend_on_order() -> None:
    changes = [
        resource_change("aws_db_instance.db", ["delete"], DB, None),
        resource_change("aws_instance.a", ["delete"], {}, None),
        resource_change(
            "aws_s3_bucket.b", ["update"], {"force_destroy": False}, {"force_destroy": True}
        ),
    ]
    forward = plan.parse(json.dumps(plan_document(*changes)).encode(), "p")
    backward = plan.parse(json.dumps(plan_document(*reversed(changes))).encode(), "p")
    by_address = lambda assessments: {  # noqa: E731
        a.change.address: (a.classification, fired(a)) for a in assessments
    }
    assert by_address(classify(forward.changes, book())) == by_address(
        classify(backward.changes, book())
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (7, 7.0),
        ("604800000", 604800000.0),
        ("86400s", 86400.0),
        ("1.5s", 1.5),
        ("P7D", 604800.0),
        ("PT0S", 0.0),
        ("P1DT2H", 93600.0),
        ("P2W", 1209600.0),
        ("soon", None),
        (True, None),
        ("P", None),
        (None, None),
    ],
)
def test_magnitudes_compare_numbers_strings_and_durations(text, seconds) -> None:
    from tfguard.judge.amounts import magnitude

    assert magnitude(text) == seconds


def test_duration_strings_are_compared_as_durations() -> None:
    shortened = assess(
        "google_kms_crypto_key.k",
        ["update"],
        {"destroy_scheduled_duration": "2592000s"},
        {"destroy_scheduled_duration": "86400s"},
    )
    assert "google-kms-destroy-window-shortened" in fired(shortened)
    lengthened = assess(
        "google_kms_crypto_key.k",
        ["update"],
        {"destroy_scheduled_duration": "86400s"},
        {"destroy_scheduled_duration": "2592000s"},
    )
    assert "google-kms-destroy-window-shortened" not in fired(lengthened)


def test_a_real_change_beside_a_nested_label_still_counts() -> None:
    before = {"settings": [{"tier": "a", "user_labels": {"team": "a"}}]}
    after = {"settings": [{"tier": "b", "user_labels": {"team": "b"}}]}
    assessment = assess("google_sql_database_instance.sql", ["update"], before, after)
    assert fired(assessment) == {"store-updated"}
    assert "settings" in assessment.findings[0].message


def test_set_blocks_are_compared_whatever_their_order() -> None:
    rules = [
        {"rule_name": "d", "lifecycle": [{"delete_after": 35}], "copy_action": []},
        {"rule_name": "m", "lifecycle": [{"delete_after": 365}], "copy_action": []},
    ]
    reordered = assess(
        "aws_backup_plan.p",
        ["update"],
        {"rule": rules},
        {"rule": list(reversed(rules)), "name": "renamed"},
    )
    assert "aws-backup-plan-retention-shortened" not in fired(reordered)
    longer = assess(
        "aws_backup_plan.p",
        ["update"],
        {"rule": rules},
        {"rule": [{**rules[0], "lifecycle": [{"delete_after": 90}]}, rules[1]]},
    )
    assert "aws-backup-plan-retention-shortened" not in fired(longer)
    unknown = assess(
        "aws_backup_plan.p",
        ["update"],
        {"rule": rules},
        {"rule": rules},
        after_unknown={"rule": [{"lifecycle": [{"delete_after": True}]}]},
    )
    assert "aws-backup-plan-retention-shortened" in fired(unknown)


@given(
    st.text(alphabet="ab_*?[]!-", max_size=8),
    st.text(alphabet="ab_[]!-", max_size=8),
)
def test_a_rule_s_type_pattern_matches_as_fnmatch_does(pattern: str, resource_type: str) -> None:
    """Literal patterns are compared without fnmatch (no regex compiled per pattern): the
    answer must stay fnmatchcase's for every pattern, wildcard or not."""
    assert _glob(resource_type, pattern) == fnmatch.fnmatchcase(resource_type, pattern)
    assert _glob(pattern, pattern) or any(c in pattern for c in "*?[")
