"""The recipes for Spacelift, env0, Scalr, Terrateam and Digger (examples/ci/): each config
parses, wires tfguard where the platform would otherwise go on to apply, and its commands run
for real here against a fake `terraform` (plan/show print an example plan) with the real
tfguard: the incident replay blocks (non-zero), the safe plan passes (zero).

What cannot run here is each platform itself: that the hook's failure stops the apply is the
platforms' documented behaviour, cited in each recipe's comments.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO

yaml = pytest.importorskip("yaml")
hcl2 = pytest.importorskip("hcl2")

CI = REPO / "examples" / "ci"
BIN = Path(sys.executable).parent
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")

FAKE_TERRAFORM = """#!/usr/bin/env bash
# terraform plan -out=FILE: FILE names the example plan; terraform show -json FILE: print it
set -e
for arg in "$@"; do
  case "$arg" in
    -out=*) cp "$FAKE_PLAN_SOURCE" "${arg#-out=}"; echo planned >> plans-made; exit 0;;
  esac
done
if [ "$1" = "show" ]; then cat "$(cat "${@: -1}")"; exit 0; fi
echo "fake terraform: unexpected $*" >&2
exit 3
"""
EXAMPLES = [("safe-tags", 0), ("incident-replay", 1)]


def load(name: str) -> Any:
    return yaml.safe_load((CI / name).read_text(encoding="utf-8"))


@pytest.fixture
def stack(tmp_path: Path, rule_cache: Path) -> dict[str, Any]:
    """A stack's working directory and an environment with the fake terraform and tfguard."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "terraform").write_text(FAKE_TERRAFORM)
    (bin_dir / "terraform").chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(BIN), os.environ["PATH"]]),
        "TFGUARD_CACHE_DIR": str(rule_cache),
        "NO_COLOR": "1",
    }
    return {"work": work, "env": env}


def plan_for(stack: dict[str, Any], example: str, name: str) -> Path:
    """A fake binary plan file naming the example's plan.json."""
    path = stack["work"] / name
    path.write_text(str(REPO / "examples" / example / "plan.json"))
    return path


def sh(stack: dict[str, Any], script: str, **env: str) -> subprocess.CompletedProcess[str]:
    assert BASH is not None
    return subprocess.run(
        [BASH, "-ec", script],
        cwd=stack["work"],
        env={**stack["env"], **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


# --- Spacelift ----------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_spacelift_after_plan_hooks(stack: dict[str, Any], example: str, expected: int) -> None:
    hooks = load("spacelift-config.yml")["stack_defaults"]["after_plan"]
    assert "spacelift.plan" in hooks[0]
    plan_for(stack, example, "spacelift.plan")
    done = sh(stack, "\n".join(hooks))
    assert done.returncode == expected, done.stderr
    # the report the plan policy reads as input.third_party_metadata.custom.tfguard
    report = json.loads((stack["work"] / "tfguard.custom.spacelift.json").read_text())
    assert report["verdict"] == ("block" if expected else "pass")
    blocked = [c for c in report["changes"] if c["classification"] == "destructive"]
    assert all(not c["approved"] for c in blocked) and (len(blocked) > 0) is bool(expected)


def test_spacelift_plan_policy_reads_the_hook_report() -> None:
    policy = (CI / "spacelift-plan-policy.rego").read_text()
    assert "package spacelift" in policy
    assert "input.third_party_metadata.custom.tfguard" in policy
    # the fields it reads exist in the JSON report (schema in docs)
    for field in ('report.verdict == "block"', "change.classification", "change.approved"):
        assert field in policy


# --- env0 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_env0_step_after_plan(stack: dict[str, Any], example: str, expected: int) -> None:
    flow = load("env0.yml")
    assert flow["version"] == 2
    [step] = flow["deploy"]["steps"]["terraformPlan"]["after"]
    plan_json = REPO / "examples" / example / "plan.json"
    done = sh(stack, step["run"], ENV0_TF_PLAN_JSON=str(plan_json))
    assert done.returncode == expected, done.stderr


# --- Terrateam ----------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_terrateam_gates_plan_and_apply(stack: dict[str, Any], example: str, expected: int) -> None:
    [workflow] = load("terrateam-config.yml")["workflows"]
    plan_steps = [s["type"] for s in workflow["plan"]]
    apply_steps = [s["type"] for s in workflow["apply"]]
    assert plan_steps == ["init", "plan", "run"]
    assert apply_steps.index("run") < apply_steps.index("apply")
    plan_file = plan_for(stack, example, "terrateam.plan")
    for stage in ("plan", "apply"):
        [run] = [s for s in workflow[stage] if s["type"] == "run"]
        argv = run["cmd"]
        assert argv[:2] == ["bash", "-c"]
        done = sh(stack, argv[2], TERRATEAM_PLAN_FILE=str(plan_file))
        assert done.returncode == expected, (stage, done.stderr)


# --- Digger and Scalr (through tfguard-gate.sh) ---------------------------------------------


def gate_script(stack: dict[str, Any]) -> None:
    """Put tfguard-gate.sh where the recipes say it lives."""
    for where in ("ci", "."):
        (stack["work"] / where).mkdir(exist_ok=True)
        shutil.copy(CI / "tfguard-gate.sh", stack["work"] / where / "tfguard-gate.sh")


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_digger_gates_before_apply(stack: dict[str, Any], example: str, expected: int) -> None:
    config = load("digger.yml")
    [project] = config["projects"]
    workflow = config["workflows"][project["workflow"]]
    apply_steps = workflow["apply"]["steps"]
    runs = [i for i, s in enumerate(apply_steps) if isinstance(s, dict) and "run" in s]
    assert runs and runs[-1] < apply_steps.index("apply")
    gate_script(stack)
    source = REPO / "examples" / example / "plan.json"
    for stage in ("plan", "apply"):
        [run] = [s["run"] for s in workflow[stage]["steps"] if isinstance(s, dict)]
        done = sh(
            stack,
            run,
            GITHUB_WORKSPACE=str(stack["work"]),
            FAKE_PLAN_SOURCE=str(plan_for(stack, example, "source.tfplan")),
        )
        assert done.returncode == expected, (stage, done.stderr)
    assert (stack["work"] / "plans-made").read_text().count("planned") == 2
    assert source.exists()


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_scalr_pre_apply_hook(stack: dict[str, Any], example: str, expected: int) -> None:
    document = hcl2.loads((CI / "scalr-workspace.tf").read_text())
    [resource] = [r['"scalr_workspace"'] for r in document["resource"]]
    [workspace] = resource.values()
    [block] = workspace["hooks"]
    hooks = {k: v.strip('"') for k, v in block.items() if isinstance(v, str)}  # HCL strings
    assert "tfguard" in hooks["pre_init"]
    gate_script(stack)
    done = sh(
        stack,
        hooks["pre_apply"],
        FAKE_PLAN_SOURCE=str(plan_for(stack, example, "source.tfplan")),
    )
    assert done.returncode == expected, done.stderr


@pytest.mark.parametrize(("example", "expected"), EXAMPLES)
def test_gate_script_judges_a_given_plan_file(
    stack: dict[str, Any], example: str, expected: int
) -> None:
    gate_script(stack)
    plan_for(stack, example, "run.tfplan")
    done = sh(stack, "bash ./tfguard-gate.sh run.tfplan -- --format json")
    assert done.returncode == expected, done.stderr
    assert json.loads(done.stdout)["verdict"] == ("block" if expected else "pass")
    assert not (stack["work"] / "plans-made").exists()  # the given plan, not a new one


def test_gate_script_fails_when_terraform_fails(stack: dict[str, Any]) -> None:
    gate_script(stack)
    done = sh(stack, "bash ./tfguard-gate.sh missing.tfplan")
    assert done.returncode != 0
