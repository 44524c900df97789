"""Fixtures: `write_plan` writes plan JSON files, `run` runs the CLI in-process.

Builders that tests import live in tests/helpers.py; this file is for pytest only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Result, plan_document
from tfguard import cli

pytest_plugins = ["tests.conftest_golden"]


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def write(*changes: dict[str, Any], name: str | None = None, **top: Any) -> Path:
        path = tmp_path / (name or f"plan{next(counter)}.json")
        path.write_text(json.dumps(plan_document(*changes, **top)))
        return path

    return write


@pytest.fixture(scope="session")
def rule_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rule-cache")


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, rule_cache: Path
) -> Callable[..., Result]:
    """Run `tfguard ARGS...` in-process and return exit code, stdout and stderr."""
    monkeypatch.setenv("TFGUARD_CACHE_DIR", str(rule_cache))
    monkeypatch.delenv("TFGUARD_TERRAFORM_BIN", raising=False)

    def invoke(*args: str | Path) -> Result:
        capsys.readouterr()
        code = cli.run([str(a) for a in args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return invoke
