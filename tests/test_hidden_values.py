"""A protection attribute whose value is sensitive (hidden) or unknown counts as weakened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import assess, fired
from tfguard.judge.classify import HIDDEN_NOTE
from tfguard.model import Classification

D = Classification.DESTRUCTIVE
DB = {
    "identifier": "prod",
    "deletion_protection": True,
    "skip_final_snapshot": False,
    "backup_retention_period": 7,
    "delete_automated_backups": False,
    "tags": {"team": "a"},
}

HIDDEN = {"deletion_protection": True}


@pytest.mark.parametrize(
    ("before_marks", "after_marks"),
    [(HIDDEN, HIDDEN), (HIDDEN, {}), ({}, HIDDEN), (True, True)],
    ids=["both-hidden", "before-hidden", "after-hidden", "whole-object-hidden"],
)
def test_disarm_behind_a_sensitive_value_is_destructive(
    before_marks: Any, after_marks: Any
) -> None:
    after = {**DB, "deletion_protection": False}
    assessment = assess(
        "aws_db_instance.db",
        ["update"],
        DB,
        after,
        before_sensitive=before_marks,
        after_sensitive=after_marks,
    )
    assert assessment.classification is D
    assert "aws-deletion-protection-off" in fired(assessment)
    finding = next(f for f in assessment.findings if f.rule == "aws-deletion-protection-off")
    assert HIDDEN_NOTE in finding.message
    assert "(sensitive)" in finding.message


@pytest.mark.parametrize(
    ("attribute", "before", "after", "rule"),
    [
        ("skip_final_snapshot", False, True, "aws-final-snapshot-skipped"),
        ("backup_retention_period", 7, 1, "aws-backup-retention-shortened"),
    ],
)
def test_every_protection_attribute_the_packs_name(
    attribute: str, before: Any, after: Any, rule: str
) -> None:
    old, new = {**DB, attribute: before}, {**DB, attribute: after}
    marks = {attribute: True}
    assessment = assess(
        "aws_db_instance.db", ["update"], old, new, before_sensitive=marks, after_sensitive=marks
    )
    assert rule in fired(assessment), fired(assessment)
    assert HIDDEN_NOTE in " ".join(f.message for f in assessment.findings)


def test_unchanged_hidden_value_is_not_a_disarm() -> None:
    marks = {"deletion_protection": True}
    after = {**DB, "tags": {"team": "b"}}
    assessment = assess(
        "aws_db_instance.db", ["update"], DB, after, before_sensitive=marks, after_sensitive=marks
    )
    assert "aws-deletion-protection-off" not in fired(assessment)


def test_removed_protection_unknown_after_apply_fails_closed() -> None:
    """`removed` used to need a known after value: an unknown one let a removal through."""
    from tfguard.attrpath import UNKNOWN
    from tfguard.judge.classify import TRANSITIONS
    from tfguard.model import Transition

    assert TRANSITIONS[Transition.REMOVED]({"mode": "GOVERNANCE"}, UNKNOWN, None)
    assert not TRANSITIONS[Transition.REMOVED](None, UNKNOWN, None)
