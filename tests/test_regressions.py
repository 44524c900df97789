"""Crashes found by the property tests and the fuzzer (fuzz/run.py), kept so they stay fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change

DELETE = resource_change("aws_db_instance.db", ["delete"], {"identifier": "db"}, None)


@pytest.mark.parametrize(
    "configuration",
    [
        {"root_module": True},  # found by test_mutated_plans_only_ever_exit_0_1_or_2
        {"root_module": {"resources": "x"}},
        {"root_module": {"resources": [1, None, {"expressions": []}]}},
        {
            "root_module": {
                "resources": [{"address": "a.b", "expressions": {"x": {"references": 3}}}]
            }
        },
        {"root_module": {"module_calls": {"m": True}}},
        {"root_module": {"module_calls": []}},
    ],
)
def test_malformed_configuration_section_is_judged_not_crashed(
    run, tmp_path: Path, configuration: dict
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_document(DELETE, configuration=configuration)))
    result = run("check", path)
    assert result.exit_code == 1 and "internal error" not in result.stderr
