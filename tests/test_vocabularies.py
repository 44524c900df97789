"""The closed vocabularies (coverage and recovery status, transitions, shim routes) are enums:
every report prints the plain word, the JSON contract carries it unchanged, and every table that
answers per word answers for every word."""

from __future__ import annotations

import json
import re

import orjson
import pytest

from tests.helpers import REPO
from tfguard.judge import approvals
from tfguard.model import CoverageStatus, Mode, RecoveryStatus, Transition, Vocabulary
from tfguard.runtask.outcomes import RECOVERY_LEVEL
from tfguard.shim.route import RouteKind

VOCABULARIES: list[type[Vocabulary]] = [CoverageStatus, RecoveryStatus, Transition, RouteKind, Mode]
MEMBERS = [member for vocabulary in VOCABULARIES for member in vocabulary]


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_word_prints_and_serialises_as_itself(member: Vocabulary) -> None:
    word = member.value
    assert str(member) == word
    assert f"{member}" == word and f"{member:>20}" == f"{word:>20}"
    assert json.dumps({"status": member}) == json.dumps({"status": word})
    assert orjson.dumps({"status": member}) == orjson.dumps({"status": word})
    assert member == word  # a plain string from a report or a rule file compares equal


def test_the_readme_documents_every_coverage_status_in_the_json_contract() -> None:
    readme = (REPO / "README.md").read_text()
    listed = re.search(r"`approval` \(status: ([^)]*)\)", readme)
    assert listed is not None, "README's JSON section no longer lists the approval statuses"
    assert set(re.findall(r"`([a-z-]+)`", listed.group(1))) == {s.value for s in CoverageStatus}


def test_the_best_answer_ranks_approved_first_and_missing_last() -> None:
    """With several entries for one address the best coverage wins; every status is ranked."""
    assert set(approvals._RANK) == set(CoverageStatus)
    ranked = sorted(CoverageStatus, key=approvals._RANK.__getitem__)
    assert ranked[0] is CoverageStatus.APPROVED and ranked[-1] is CoverageStatus.MISSING


def test_the_run_task_gives_every_recovery_status_a_level() -> None:
    assert set(RECOVERY_LEVEL) == set(RecoveryStatus)
    assert RECOVERY_LEVEL[RecoveryStatus.LOST] == "error"


def test_an_unhandled_word_fails_loudly_at_run_time() -> None:
    """`unreachable` closes every dispatch over a vocabulary: mypy proves it is never reached,
    and if a word is added without a branch it raises instead of falling through."""
    from tfguard.model import unreachable

    with pytest.raises(AssertionError, match="unhandled value: 'surprise'"):
        unreachable("surprise")  # type: ignore[arg-type]
