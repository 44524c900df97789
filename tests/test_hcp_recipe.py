"""HCP Terraform recipe 1, run as pasted: the apply is confirmed only when the gate passes.

The recipe's shell block is run with bash and the real tfguard; `curl` is a stub on PATH that
serves the run and the JSON plan from local files and records every call, so nothing leaves the
machine.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

RECIPE = REPO / "examples" / "ci" / "hcp-terraform-run-task.md"
TFGUARD_BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("jq") is None, reason="needs bash and jq"
)

CURL = """#!/bin/sh
echo "$*" >> "$CALLS"
case "$*" in
  *json-output*) cat "$PLAN" ;;
  *actions/apply*) echo '{}' ;;
  *runs/*) echo '{"data":{"relationships":{"plan":{"data":{"id":"plan-1"}}}}}' ;;
esac
"""


def recipe_script() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", RECIPE.read_text(), flags=re.S)
    assert blocks, "the recipe lost its shell block"
    return str(blocks[0])


def run_recipe(tmp_path: Path, plan: str) -> tuple[int, str]:
    stubs = tmp_path / "bin"
    stubs.mkdir()
    curl = stubs / "curl"
    curl.write_text(CURL)
    curl.chmod(curl.stat().st_mode | stat.S_IEXEC)
    calls = tmp_path / "calls.log"
    env = {
        **os.environ,
        "PATH": f"{stubs}:{TFGUARD_BIN}:{os.environ['PATH']}",
        "CALLS": str(calls),
        "PLAN": str(REPO / "examples" / plan / "plan.json"),
        "RUN_ID": "run-1",
        "TFE_TOKEN": "token",
        "TFGUARD_CACHE_DIR": "off",
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        ["bash", "-c", recipe_script()], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    return done.returncode, calls.read_text() if calls.exists() else ""


def test_a_blocked_plan_is_never_applied(tmp_path: Path) -> None:
    code, calls = run_recipe(tmp_path, "incident-replay")
    assert code == 1
    assert "json-output" in calls and "actions/apply" not in calls


def test_a_passing_plan_is_applied(tmp_path: Path) -> None:
    code, calls = run_recipe(tmp_path, "safe-tags")
    assert code == 0
    assert "actions/apply" in calls
