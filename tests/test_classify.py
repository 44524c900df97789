"""classify.py with the built-in rule packs: which rule fires on which change, and the class."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import plan_document, resource_change
from tfguard.judge.classify import classify
from tfguard.model import Assessment, Classification
from tfguard.read import plan, rulebook

BOOK = rulebook.load()
S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE


def assess(
    address: str, actions: list[str], before: Any = None, after: Any = None, **extra: Any
) -> Assessment:
    document = plan_document(resource_change(address, actions, before, after, **extra))
    parsed = plan.parse(json.dumps(document).encode(), "p.json")
    return classify(parsed.changes, BOOK)[0]


def fired(assessment: Assessment) -> set[str]:
    return {f.rule for f in assessment.findings}


DB = {
    "identifier": "prod",
    "deletion_protection": True,
    "skip_final_snapshot": False,
    "backup_retention_period": 7,
    "delete_automated_backups": False,
    "tags": {"team": "a"},
}


def updated(**changes: Any) -> dict[str, Any]:
    return {**DB, **changes}


@pytest.mark.parametrize(
    ("address", "actions", "before", "after", "klass", "rules"),
    [
        # safe defaults
        pytest.param("aws_db_instance.db", ["no-op"], DB, DB, S, set(), id="no-op"),
        pytest.param("aws_db_instance.db", ["create"], None, DB, S, set(), id="create-db"),
        pytest.param("data.aws_db_instance.db", ["read"], None, DB, S, set(), id="data-read"),
        pytest.param(
            "data.aws_db_instance.db",
            ["delete"],
            DB,
            None,
            S,
            set(),
            id="data-source-never-destroys",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(tags={"team": "b"}),
            S,
            set(),
            id="tag-only-update-of-a-database",
        ),
        pytest.param(
            "aws_instance.web",
            ["update"],
            {"instance_type": "a"},
            {"instance_type": "b"},
            S,
            set(),
            id="update-of-stateless",
        ),
        pytest.param(
            "terraform_data.x",
            ["delete", "create"],
            {"input": 1},
            {"input": 2},
            S,
            set(),
            id="ephemeral-churn",
        ),
        pytest.param("random_password.x", ["delete"], {"length": 1}, None, S, set(), id="random"),
        # risky defaults
        pytest.param(
            "aws_instance.web",
            ["delete"],
            {"ami": "a"},
            None,
            R,
            {"resource-deleted"},
            id="delete-stateless",
        ),
        pytest.param(
            "aws_instance.web",
            ["delete", "create"],
            {"ami": "a"},
            {"ami": "b"},
            R,
            {"resource-replaced"},
            id="replace-stateless",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["forget"],
            DB,
            None,
            R,
            {"resource-forgotten"},
            id="forget-keeps-the-object",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(instance_class="db.r6g.large"),
            R,
            {"store-updated"},
            id="in-place-update-of-a-database",
        ),
        pytest.param(
            "aws_backup_selection.s",
            ["delete"],
            {"name": "s"},
            None,
            R,
            {"backup-policy-deleted"},
            id="backup-policy-deleted",
        ),
        pytest.param(
            "aws_elasticache_cluster.c",
            ["delete"],
            {"id": "c"},
            None,
            R,
            {"cache-deleted"},
            id="cache-deleted",
        ),
        # destructive
        pytest.param(
            "aws_db_instance.db", ["delete"], DB, None, D, {"store-deleted"}, id="delete-db"
        ),
        pytest.param(
            "aws_rds_cluster.c",
            ["create", "delete"],
            DB,
            DB,
            D,
            {"store-replaced"},
            id="replace-create-before-destroy",
        ),
        pytest.param(
            "aws_s3_bucket.b", ["delete"], {"bucket": "b"}, None, D, {"store-deleted"}, id="bucket"
        ),
        pytest.param(
            "aws_ebs_volume.v", ["delete"], {"size": 1}, None, D, {"store-deleted"}, id="ebs"
        ),
        pytest.param("aws_efs_file_system.f", ["delete"], {}, None, D, {"store-deleted"}, id="efs"),
        pytest.param(
            "aws_dynamodb_table.t",
            ["delete"],
            {"name": "t"},
            None,
            D,
            {"store-deleted"},
            id="dynamodb",
        ),
        pytest.param(
            "aws_db_snapshot.s", ["delete"], {}, None, D, {"store-deleted"}, id="snapshot"
        ),
        pytest.param("aws_backup_vault.v", ["delete"], {}, None, D, {"store-deleted"}, id="vault"),
        pytest.param("aws_kms_key.k", ["delete"], {}, None, D, {"store-deleted"}, id="kms-key"),
        pytest.param(
            "aws_instance.web",
            ["obliterate"],
            {},
            None,
            D,
            {"unknown-action"},
            id="unknown-action-fails-closed",
        ),
        # disarm updates
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(deletion_protection=False),
            D,
            {"aws-deletion-protection-off", "store-updated"},
            id="deletion-protection-off",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(deletion_protection=None),
            D,
            {"aws-deletion-protection-off", "store-updated"},
            id="protection-null-means-off",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(skip_final_snapshot=True),
            D,
            {"aws-final-snapshot-skipped", "store-updated"},
            id="skip-final-snapshot",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(backup_retention_period=0),
            D,
            {"aws-backup-retention-zero", "aws-backup-retention-shortened", "store-updated"},
            id="retention-to-zero",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(backup_retention_period=3),
            D,
            {"aws-backup-retention-shortened", "store-updated"},
            id="retention-shortened",
        ),
        pytest.param(
            "aws_db_instance.db",
            ["update"],
            DB,
            updated(delete_automated_backups=True),
            D,
            {"aws-automated-backups-deleted", "store-updated"},
            id="automated-backups",
        ),
        pytest.param(
            "aws_s3_bucket.b",
            ["update"],
            {"force_destroy": False},
            {"force_destroy": True},
            D,
            {"aws-force-destroy-on", "store-updated"},
            id="force-destroy",
        ),
        pytest.param(
            "aws_dynamodb_table.t",
            ["update"],
            {"point_in_time_recovery": [{"enabled": True}]},
            {"point_in_time_recovery": []},
            D,
            {"aws-dynamodb-pitr-off", "store-updated"},
            id="pitr-block-removed",
        ),
        pytest.param(
            "aws_s3_bucket_versioning.v",
            ["update"],
            {"versioning_configuration": [{"status": "Enabled"}]},
            {"versioning_configuration": [{"status": "Suspended"}]},
            D,
            {"aws-s3-versioning-suspended", "store-updated"},
            id="versioning-suspended",
        ),
        pytest.param(
            "google_kms_crypto_key.k",
            ["update"],
            {"destroy_scheduled_duration": "2592000s"},
            {"destroy_scheduled_duration": "86400s"},
            R,
            {"google-kms-destroy-window-shortened", "store-updated"},
            id="duration-string-shortened",
        ),
        pytest.param(
            "aws_backup_plan.p",
            ["update"],
            {
                "rule": [
                    {"rule_name": "d", "lifecycle": [{"delete_after": 35}], "copy_action": []},
                    {
                        "rule_name": "m",
                        "lifecycle": [{"delete_after": 365}],
                        "copy_action": [{"destination_vault_arn": "arn:dr"}],
                    },
                ]
            },
            {
                "rule": [
                    {"rule_name": "m", "lifecycle": [{"delete_after": 365}], "copy_action": []},
                    {"rule_name": "d", "lifecycle": [{"delete_after": 7}], "copy_action": []},
                ]
            },
            R,
            {
                "aws-backup-plan-retention-shortened",
                "aws-backup-plan-copy-removed",
                "store-updated",
            },
            id="set-block-retention-and-copy",
        ),
        pytest.param(
            "aws_s3_bucket_lifecycle_configuration.l",
            ["update"],
            {"rule": [{"id": "a", "status": "Enabled", "expiration": [{"days": 90}]}]},
            {"rule": [{"id": "a", "status": "Enabled", "expiration": [{"days": 30}]}]},
            D,
            {"aws-s3-lifecycle-expiration-shortened", "store-updated"},
            id="lifecycle-expiration-shortened",
        ),
    ],
)
def test_default_classes(
    address: str,
    actions: list[str],
    before: Any,
    after: Any,
    klass: Classification,
    rules: set[str],
) -> None:
    assessment = assess(address, actions, before, after)
    assert (assessment.classification, fired(assessment)) == (klass, rules)


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
    assert by_address(classify(forward.changes, BOOK)) == by_address(
        classify(backward.changes, BOOK)
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
    from tfguard.judge.classify import magnitude

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
