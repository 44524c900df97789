"""`tfguard approve` stubs for addresses holding `${` or `%{` round-trip through HCL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change
from tfguard.judge.approvals import load_text

# Terraform writes a for_each key "${env}" as ["$${env}"] (HCL quoting, addrs.StringKey)
ADDRESSES = [
    'aws_db_instance.db["$${env}"]',
    'aws_db_instance.db["%%{if x}"]',
    'aws_db_instance.db["${raw}"]',
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_stub_address_reads_back_exactly(run, tmp_path: Path, monkeypatch, address: str) -> None:
    monkeypatch.chdir(tmp_path)
    change = resource_change(address, ["delete"], {"identifier": "orders"}, None)
    (tmp_path / "plan.json").write_text(json.dumps(plan_document(change)))
    result = run(
        "approve",
        "plan.json",
        "--reason",
        "why ${not} %{a template}",
        "--allow-unversioned-approvals",
    )
    assert result.exit_code == 0, result.stderr
    _, [entry] = load_text(tmp_path / "tfguard-approvals.hcl")
    assert entry.address == address
    assert entry.reason == "why ${not} %{a template}"
    again = run("approve", "plan.json", "--reason", "r", "--allow-unversioned-approvals")
    assert "Nothing to add" in again.stdout
    check = run("check", "plan.json", "--format", "json", "--allow-unversioned-approvals")
    assert "no approval names this address" not in check.stdout
