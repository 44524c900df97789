"""A type no pack knows that looks like it holds data fails closed; `.tfguard.hcl` can say not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import assess, fired, plan_document, resource_change
from tfguard.model import Classification

S, R, D = Classification.SAFE, Classification.RISKY, Classification.DESTRUCTIVE

RULE = "unknown-type-holds-data"


@pytest.mark.parametrize(
    ("address", "klass"),
    [
        ("aiven_kafka_topic.events", D),
        ("aiven_pg.main", D),
        ("aiven_kafka.main", D),
        ("acme_file_system.shared", D),
        ("module.m.acme_bucket.b", D),
        ("aiven_kafka_acl.reader", R),
        ("aws_instance.web", R),
        ("acme_widget.w", R),
    ],
)
def test_delete_of_a_type_no_pack_knows(address: str, klass: object) -> None:
    assessment = assess(address, ["delete"], {"id": "1"}, None)
    assert assessment.classification is klass
    assert (RULE in fired(assessment)) is (klass is D)


def test_the_message_says_why_and_how_to_declare_it_stateless() -> None:
    [finding] = assess("aiven_kafka_topic.events", ["delete"], {"id": "1"}, None).findings
    assert "tfguard knows nothing about aiven_kafka_topic; it looks like it holds data" in (
        finding.message
    )
    assert finding.message.endswith('stateless_types = ["aiven_kafka_topic"]')


def test_attributes_only_stores_have_give_it_away() -> None:
    before = {"id": "1", "final_snapshot_identifier": "last", "backup_retention_period": 7}
    assert assess("acme_widget.w", ["delete", "create"], before, before).classification is D


def test_updates_and_creates_are_not_affected() -> None:
    topic = {"id": "1", "partitions": 3}
    assert (
        assess("aiven_kafka_topic.t", ["update"], topic, {**topic, "partitions": 6}).classification
        is S
    )
    assert assess("aiven_kafka_topic.t", ["create"], None, topic).classification is S


@pytest.fixture
def topic_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    change = resource_change("aiven_kafka_topic.events", ["delete"], {"id": "1"}, None)
    path.write_text(json.dumps(plan_document(change)))
    return path


def test_declared_stateless_in_tfguard_hcl(run, tmp_path: Path, topic_plan: Path) -> None:
    assert run("check", topic_plan).exit_code == 1
    config = tmp_path / ".tfguard.hcl"
    config.write_text('stateless_types = ["aiven_kafka_topic"]\n')
    result = run("check", topic_plan, "--config", config, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [change] = result.json()["changes"]
    assert change["classification"] == "risky"


def test_a_type_a_pack_knows_cannot_be_declared_stateless(
    run, tmp_path: Path, topic_plan: Path
) -> None:
    config = tmp_path / ".tfguard.hcl"
    config.write_text('stateless_types = ["aws_db_instance"]\n')
    result = run("check", topic_plan, "--config", config)
    assert result.exit_code == 2
    assert '"aws_db_instance" is known to the aws pack (database)' in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_change_cannot_declare_types_stateless_beyond_the_protected_policy() -> None:
    """stateless_types lowers verdicts, so it is policy: the working tree may only narrow it."""
    from tfguard.read.config import Config, strictest

    protected = Config(source="main:.tfguard.hcl", stateless_types=("acme_cache", "acme_lock"))
    working = Config(source=".tfguard.hcl", stateless_types=("acme_cache", "aiven_kafka_topic"))
    effective, notes = strictest(protected, working)
    assert effective.stateless_types == ("acme_cache",)
    assert any("declares aiven_kafka_topic stateless" in note for note in notes)
