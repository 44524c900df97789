"""The empty-state guard: many creates against an empty or missing state warn, never block."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import plan_document, resource_change
from tfguard.judge import emptystate
from tfguard.judge.emptystate import Facts
from tfguard.model import Plan
from tfguard.read import plan

FACTS = Facts("s3", "prod", "/repo/infra")


def creates(count: int, kind: str = "aws_s3_bucket") -> list[dict[str, Any]]:
    return [resource_change(f"{kind}.r{i}", ["create"], None, {}) for i in range(count)]


def state(*resources: dict[str, Any], children: list[dict[str, Any]] | None = None) -> dict:
    root: dict[str, Any] = {"resources": list(resources)}
    if children:
        root["child_modules"] = children
    return {"format_version": "1.0", "values": {"root_module": root}}


MANAGED = {"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket"}
DATA = {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity"}


def parsed(*changes: dict[str, Any], source: str = "plan.json", **top: Any) -> Plan:
    return plan.parse(json.dumps(plan_document(*changes, **top)).encode(), source)


def test_many_creates_without_prior_state_warn_naming_backend_and_workspace() -> None:
    [warning] = emptystate.warnings([parsed(*creates(5))], FACTS)
    assert warning.startswith("WARNING: empty state: this plan creates 5 resources")
    assert "there is no prior state" in warning
    assert 'backend "s3", workspace "prod", read in /repo/infra' in warning
    assert "does not block" in warning


def test_prior_state_with_only_data_sources_counts_as_empty() -> None:
    [warning] = emptystate.warnings([parsed(*creates(7), prior_state=state(DATA))], FACTS)
    assert "the prior state holds no managed resource" in warning


@pytest.mark.parametrize(
    "prior",
    [
        state(MANAGED),
        state(DATA, children=[{"address": "module.a", "resources": [MANAGED]}]),
    ],
)
def test_existing_managed_resources_silence_it(prior: dict) -> None:
    assert emptystate.warnings([parsed(*creates(20), prior_state=prior)], FACTS) == ()


def test_few_creates_and_data_reads_do_not_count() -> None:
    reads = [resource_change(f"data.aws_ami.a{i}", ["read"], None, {}) for i in range(10)]
    assert emptystate.warnings([parsed(*creates(4), *reads)], FACTS) == ()


def test_several_plans_are_named_and_unknown_facts_said() -> None:
    plans = [parsed(*creates(5), source="a.json"), parsed(*creates(1), source="b.json")]
    [warning] = emptystate.warnings(plans, None)
    assert warning.startswith("a.json: WARNING") and "backend and workspace unknown" in warning


def test_managed_resources_counts_nested_modules() -> None:
    nested = state(
        MANAGED,
        children=[{"resources": [MANAGED, DATA], "child_modules": [{"resources": [MANAGED]}]}],
    )
    assert emptystate.managed_resources(nested) == 3
    assert emptystate.managed_resources(None) == 0
    assert emptystate.managed_resources({"values": None}) == 0


def _terraform_dir(root: Path, backend: str) -> None:
    (root / ".terraform").mkdir()
    (root / ".terraform" / "terraform.tfstate").write_text(
        json.dumps({"version": 3, "backend": {"type": backend, "config": {}}})
    )


def test_check_shows_it_in_every_human_format_and_json_without_blocking(
    run, write_plan, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TF_WORKSPACE", "prod")
    _terraform_dir(tmp_path, "gcs")
    path = write_plan(*creates(6))
    text = run("check", path)
    assert text.exit_code == 0
    first, second = text.stdout.splitlines()[:2]
    assert first.startswith("PASS")
    assert second.startswith("WARNING: empty state: this plan creates 6 resources")
    assert 'backend "gcs", workspace "prod"' in text.stdout
    report = run("check", path, "--format", "json").json()
    assert report["verdict"] == "pass"
    [warning] = report["warnings"]
    assert 'backend "gcs"' in warning
    markdown = run("check", path, "--format", "markdown").stdout
    assert "**WARNING: empty state" in markdown


def test_check_without_terraform_dir_says_local_default(run, write_plan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TF_WORKSPACE", raising=False)
    monkeypatch.delenv("TF_DATA_DIR", raising=False)
    report = run("check", write_plan(*creates(5)), "--format", "json").json()
    assert 'backend "local", workspace "default"' in report["warnings"][0]


def test_no_warning_key_is_empty_list(run, write_plan) -> None:
    assert run("check", write_plan(*creates(1)), "--format", "json").json()["warnings"] == []


def test_the_warning_never_contradicts_the_verdict_and_counts_beside_it() -> None:
    """It sits next to `PASS: 0 destructive, 0 risky, N safe`: it must not call itself risky."""
    message = emptystate._message(12, True, None)
    assert not message.startswith(("RISKY", "DESTRUCTIVE", "BLOCKED", "PASS"))
    assert "not counted in the verdict above and does not block" in message
