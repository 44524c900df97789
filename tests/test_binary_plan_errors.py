"""A binary plan read outside the directory it was made in: the error says how to fix it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

FAILING_TERRAFORM = """#!/bin/sh
echo 'Error: Failed to load plugin schemas' >&2
exit 1
"""


@pytest.fixture
def made_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    stack = tmp_path / "stack"
    (stack / ".terraform").mkdir(parents=True)
    plan = stack / "plan.bin"
    plan.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    fake = tmp_path / "terraform"
    fake.write_text(FAILING_TERRAFORM)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("TFGUARD_TERRAFORM_BIN", str(fake))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return plan


def test_outside_the_initialised_directory_names_where_to_run(run, made_elsewhere: Path) -> None:
    result = run("check", made_elsewhere, "--terraform-bin", os.environ["TFGUARD_TERRAFORM_BIN"])
    assert result.exit_code == 2
    assert "Failed to load plugin schemas" in result.stderr
    assert "is not an initialised Terraform directory" in result.stderr
    assert f"cd {made_elsewhere.parent}" in result.stderr


def test_inside_an_initialised_directory_adds_no_hint(run, made_elsewhere: Path) -> None:
    os.chdir(made_elsewhere.parent)
    result = run("check", "plan.bin", "--terraform-bin", os.environ["TFGUARD_TERRAFORM_BIN"])
    assert result.exit_code == 2
    assert "Failed to load plugin schemas" in result.stderr
    assert "not an initialised" not in result.stderr


def test_a_plan_checked_outside_its_repository_names_the_approval_file_looked_for(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers import REPO

    monkeypatch.chdir(tmp_path)  # not a git work tree: the approval file is looked for here
    result = run("check", REPO / "examples" / "incident-replay" / "plan.json")
    assert result.exit_code == 1
    assert f"no approval file at {tmp_path / 'tfguard-approvals.hcl'}" in result.stdout
    passing = run("check", REPO / "examples" / "safe-tags" / "plan.json")
    assert "no approval file" not in passing.stdout  # nothing needed one
