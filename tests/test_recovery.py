"""recovery.py: lost / kept / unknown for destroyed data stores, with the evidence."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import plan_document, resource_change
from tfguard.judge import verdict
from tfguard.model import Recovery
from tfguard.read import plan, rulebook

BOOK = rulebook.load()
DB = {
    "identifier": "orders",
    "arn": "arn:db:orders",
    "skip_final_snapshot": True,
    "final_snapshot_identifier": None,
    "delete_automated_backups": True,
}
SNAPSHOT = {"db_instance_identifier": "orders", "db_snapshot_identifier": "pre-migration"}
SELECTION = {"name": "s", "resources": ["arn:db:orders"]}
VAULT = {"name": "vault"}


def recovery_of(
    *changes: dict[str, Any], address: str = "aws_db_instance.orders", **top: Any
) -> Recovery:
    parsed = plan.parse(json.dumps(plan_document(*changes, **top)).encode(), "p.json")
    outcome = verdict.decide([parsed], BOOK)
    [found] = [a for a in outcome.assessments if a.change.address == address]
    assert found.recovery is not None
    return found.recovery


def db(actions: list[str] | None = None, **state: Any) -> dict[str, Any]:
    return resource_change("aws_db_instance.orders", actions or ["delete"], {**DB, **state}, None)


def keep(address: str, before: dict[str, Any]) -> dict[str, Any]:
    return resource_change(address, ["no-op"], before, before)


def gone(address: str, before: dict[str, Any]) -> dict[str, Any]:
    return resource_change(address, ["delete"], before, None)


def test_incident_everything_goes_is_lost() -> None:
    found = recovery_of(
        db(),
        gone("aws_db_snapshot.s", SNAPSHOT),
        gone("aws_backup_selection.s", SELECTION),
        gone("aws_backup_vault.v", VAULT),
    )
    assert found.status == "lost"
    assert found.evidence[0] == "the data store and every backup of it are deleted by this plan"
    assert "backup aws_db_snapshot.s is deleted by this plan" in found.evidence


@pytest.mark.parametrize(
    ("changes", "evidence"),
    [
        (
            [db(skip_final_snapshot=False, final_snapshot_identifier="orders-final")],
            'a final backup "orders-final" is taken',
        ),
        (
            [db(delete_automated_backups=False)],
            "its automated backups are retained (delete_automated_backups = false)",
        ),
        (
            [db(), keep("aws_db_snapshot.s", SNAPSHOT)],
            "backup aws_db_snapshot.s survives this plan",
        ),
        (
            [db(), gone("aws_backup_selection.s", SELECTION), keep("aws_backup_vault.v", VAULT)],
            "the recovery points of aws_backup_selection.s survive in aws_backup_vault.v",
        ),
    ],
    ids=[
        "final-snapshot",
        "automated-backups-retained",
        "snapshot-survives",
        "vault-keeps-recovery-points",
    ],
)
def test_kept(changes: list[dict[str, Any]], evidence: str) -> None:
    found = recovery_of(*changes)
    assert found.status == "kept" and evidence in found.evidence


def test_selection_whose_vault_is_deleted_does_not_save_the_data() -> None:
    found = recovery_of(
        db(), keep("aws_backup_selection.s", SELECTION), gone("aws_backup_vault.v", VAULT)
    )
    assert found.status == "lost"


def test_linked_by_configuration_reference_when_values_are_unknown() -> None:
    snapshot = keep("aws_db_snapshot.s", {"db_instance_identifier": None})
    configuration = {
        "root_module": {
            "resources": [
                {
                    "address": "aws_db_snapshot.s",
                    "mode": "managed",
                    "type": "aws_db_snapshot",
                    "name": "s",
                    "expressions": {
                        "db_instance_identifier": {
                            "references": [
                                "aws_db_instance.orders.identifier",
                                "aws_db_instance.orders",
                            ]
                        }
                    },
                }
            ]
        }
    }
    found = recovery_of(db(), snapshot, configuration=configuration)
    assert found.status == "kept"


def test_final_snapshot_requested_without_a_name_is_unknown() -> None:
    found = recovery_of(db(skip_final_snapshot=False))
    assert found.status == "unknown"
    assert any("final_snapshot_identifier is empty" in e for e in found.evidence)


def test_type_without_recovery_facts_is_unknown() -> None:
    change = resource_change(
        "aws_neptune_cluster.n",
        ["delete"],
        {"skip_final_snapshot": False, "final_snapshot_identifier": "f"},
        None,
    )
    assert recovery_of(change, address="aws_neptune_cluster.n").status == "kept"
    other = resource_change("aws_keyspaces_table.t", ["delete"], {"id": "t"}, None)
    if BOOK.category_of("aws_keyspaces_table") in ("database", "data_store", "volume"):
        found = recovery_of(other, address="aws_keyspaces_table.t")
        assert found.status == "unknown" and "knows no backup facts" in found.evidence[0]


def test_replace_is_judged_like_a_delete() -> None:
    replaced = resource_change("aws_db_instance.orders", ["delete", "create"], DB, DB)
    assert recovery_of(replaced).status == "lost"


def test_updates_and_backups_get_no_recovery_verdict() -> None:
    parsed = plan.parse(
        json.dumps(
            plan_document(
                gone("aws_db_snapshot.s", SNAPSHOT),
                resource_change(
                    "aws_db_instance.orders", ["update"], DB, {**DB, "deletion_protection": False}
                ),
            )
        ).encode(),
        "p",
    )
    assert all(a.recovery is None for a in verdict.decide([parsed], BOOK).assessments)


def advisories_of(*changes: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    parsed = plan.parse(json.dumps(plan_document(*changes)).encode(), "p.json")
    outcome = verdict.decide([parsed], BOOK)
    return [(a.store, a.backups) for a in outcome.advisories]


def test_store_and_its_backups_in_one_state_is_an_advisory_not_a_block() -> None:
    found = advisories_of(keep("aws_db_instance.orders", DB), keep("aws_db_snapshot.s", SNAPSHOT))
    assert found == [("aws_db_instance.orders", ("aws_db_snapshot.s",))]
    parsed = plan.parse(
        json.dumps(
            plan_document(keep("aws_db_instance.orders", DB), keep("aws_db_snapshot.s", SNAPSHOT))
        ).encode(),
        "p",
    )
    assert verdict.decide([parsed], BOOK).passed


def test_no_advisory_without_backups_in_state_or_for_stores_being_created() -> None:
    assert advisories_of(keep("aws_db_instance.orders", DB)) == []
    created = resource_change("aws_db_instance.orders", ["create"], None, DB)
    assert advisories_of(created, keep("aws_db_snapshot.s", SNAPSHOT)) == []


def test_advisories_are_listed_under_their_own_key(run, tmp_path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(
        json.dumps(
            plan_document(keep("aws_db_instance.orders", DB), keep("aws_db_snapshot.s", SNAPSHOT))
        )
    )
    result = run("check", path, "--format", "json")
    assert result.exit_code == 0
    [advisory] = result.json()["advisories"]
    assert advisory["kind"] == "same-blast-radius" and advisory["backups"] == ["aws_db_snapshot.s"]


def test_selection_follows_its_plan_to_the_vault_that_holds_its_recovery_points() -> None:
    selection = {"name": "s", "resources": ["arn:db:orders"], "plan_id": "plan-1"}
    backup_plan = {"id": "plan-1", "rule": [{"rule_name": "daily", "target_vault_name": "db"}]}
    targeted = gone("aws_backup_vault.db", {"name": "db"})
    unrelated = keep("aws_backup_vault.other", {"name": "other"})
    lost = recovery_of(
        db(),
        keep("aws_backup_selection.s", selection),
        keep("aws_backup_plan.p", backup_plan),
        targeted,
        unrelated,
    )
    assert lost.status == "lost"
    kept = recovery_of(
        db(),
        gone("aws_backup_selection.s", selection),
        keep("aws_backup_plan.p", backup_plan),
        keep("aws_backup_vault.db", {"name": "db"}),
        unrelated,
    )
    assert kept.status == "kept"
    assert "the recovery points of aws_backup_selection.s survive in aws_backup_vault.db" in (
        kept.evidence
    )


@pytest.mark.parametrize(
    ("settings", "status", "evidence"),
    [
        ({}, "lost", "its automated backups are deleted with it"),
        ({"retain_backups_on_delete": True}, "kept", "its automated backups are retained"),
        (
            {"final_backup_config": [{"enabled": True, "retention_days": 7}]},
            "kept",
            "a final backup is taken",
        ),
    ],
    ids=["defaults", "retain-backups-on-delete", "final-backup"],
)
def test_cloud_sql_recovery(settings: dict[str, Any], status: str, evidence: str) -> None:
    before = {"name": "orders", "settings": [{"tier": "db-f1", **settings}]}
    change = resource_change("google_sql_database_instance.sql", ["delete"], before, None)
    found = recovery_of(change, address="google_sql_database_instance.sql")
    assert found.status == status
    assert any(e.startswith(evidence) for e in found.evidence), found.evidence
