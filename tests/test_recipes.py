"""The GitHub Action, the pre-commit hook and the CI recipes in examples/ci/ stay true.

YAML is parsed (PyYAML: a test dependency only), the action's inputs are pinned, every recipe
invokes `tfguard check`, and the shell that matters is run for real: the action's check and
gate steps with the real tfguard on the example plans, and the Terragrunt script against fake
terragrunt/terraform binaries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

yaml = pytest.importorskip("yaml")

CI = REPO / "examples" / "ci"
ACTION = REPO / "action.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
TFGUARD = Path(sys.executable).parent / "tfguard"
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def action() -> dict[str, Any]:
    document: dict[str, Any] = load(ACTION)
    return document


def step(name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in action()["runs"]["steps"] if s["name"] == name)
    return found


# --- action.yml ---------------------------------------------------------------------------------


def test_action_inputs() -> None:
    inputs = action()["inputs"]
    assert set(inputs) == {
        "plan",
        "approvals",
        "working-directory",
        "fail-on",
        "formats",
        "sarif-file",
        "sarif-category",
        "config-dir",
        "summary",
        "args",
        "python-version",
    }
    assert inputs["plan"]["required"] is True
    assert inputs["fail-on"]["default"] == "destructive"
    assert inputs["working-directory"]["default"] == "."
    assert all(not spec.get("required") for name, spec in inputs.items() if name != "plan")
    assert all(spec.get("description") for spec in inputs.values())
    assert set(action()["outputs"]) == {"verdict", "exit-code", "summary-file", "sarif-file"}


def test_action_steps() -> None:
    runs = action()["runs"]
    assert runs["using"] == "composite"
    uses = [s["uses"].split("@")[0] for s in runs["steps"] if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    assert step("Set up Python for tfguard")["with"]["update-environment"] is False
    install = step("Install tfguard")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in install["run"]
    check = step("tfguard check")["run"]
    assert '"$TFGUARD" check' in check and "--format markdown" in check
    assert 'cat "$summary" >> "$GITHUB_STEP_SUMMARY"' in check  # appended, never clobbered
    upload = step("Upload SARIF to code scanning")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"


def test_action_never_pastes_an_expression_into_a_script() -> None:
    for s in action()["runs"]["steps"]:
        if "run" in s:
            assert s["shell"] == "bash"
            assert "${{" not in s["run"], s["name"]  # inputs arrive through env only


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert BASH is not None
    return subprocess.run(
        [BASH, "-c", step(name)["run"]],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


@pytest.fixture
def runner(tmp_path: Path, rule_cache: Path) -> dict[str, Any]:
    """A fake GitHub runner: temp dir, output and summary files, a workspace with plans."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("incident-replay", "safe-tags"):
        shutil.copy(REPO / "examples" / name / "plan.json", work / f"{name}.json")
    (tmp_path / "summary.md").write_text("## earlier step\n")
    env = {
        "TFGUARD": str(TFGUARD),
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "TFGUARD_CACHE_DIR": str(rule_cache),
        "TFGUARD_APPROVALS": "",
        "TFGUARD_FAIL_ON": "destructive",
        "TFGUARD_FORMATS": "",
        "TFGUARD_SARIF_FILE": "",
        "TFGUARD_CONFIG_DIR": "",
        "TFGUARD_SUMMARY": "true",
        "TFGUARD_ARGS": "",
        "NO_COLOR": "1",
    }
    (tmp_path / "runner-temp").mkdir()
    return {"env": env, "work": work, "tmp": tmp_path}


def gate(code: str, fail_on: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_step("Gate", {"CODE": code, "FAIL_ON": fail_on}, cwd)


@needs_bash
def test_action_blocks_a_destructive_plan_and_appends_the_summary(runner: dict[str, Any]) -> None:
    env = {**runner["env"], "TFGUARD_PLANS": "incident-replay.json", "TFGUARD_FORMATS": "junit"}
    done = run_step("tfguard check", env, runner["work"])
    assert done.returncode == 0, done.stderr
    out = outputs(runner["tmp"] / "output")
    assert out["exit-code"] == "1" and out["verdict"] == "block"
    summary = (runner["tmp"] / "summary.md").read_text()
    assert summary.startswith("## earlier step\n**BLOCKED**: 5 destructive change(s)")
    assert Path(out["summary-file"]).read_text() in summary
    assert (runner["work"] / "tfguard-report.xml").read_text().startswith("<?xml")
    blocked = gate(out["exit-code"], "destructive", runner["work"])
    assert blocked.returncode == 1 and "::error title=tfguard::" in blocked.stdout
    reported = gate(out["exit-code"], "never", runner["work"])
    assert reported.returncode == 0 and "::warning title=tfguard::" in reported.stdout


@needs_bash
def test_action_passes_a_safe_plan_and_writes_sarif(runner: dict[str, Any]) -> None:
    env = {
        **runner["env"],
        "TFGUARD_PLANS": "safe-*.json",  # globs are expanded
        "TFGUARD_SARIF_FILE": "reports/tfguard.sarif",
        "TFGUARD_FORMATS": "json=reports/r.json",
    }
    done = run_step("tfguard check", env, runner["work"])
    assert done.returncode == 0, done.stderr
    out = outputs(runner["tmp"] / "output")
    assert out["exit-code"] == "0" and out["verdict"] == "pass"
    sarif = Path(out["sarif-file"])
    assert sarif.is_absolute() and json.loads(sarif.read_text())["version"] == "2.1.0"
    assert json.loads((runner["work"] / "reports/r.json").read_text())["verdict"] == "pass"
    assert gate(out["exit-code"], "destructive", runner["work"]).returncode == 0


@needs_bash
@pytest.mark.parametrize(
    ("plans", "fail_on"),
    [("missing.json", "destructive"), ("missing.json", "never"), ("safe-tags.json", "always")],
)
def test_action_fails_when_tfguard_cannot_judge(
    runner: dict[str, Any], plans: str, fail_on: str
) -> None:
    env = {**runner["env"], "TFGUARD_PLANS": plans, "TFGUARD_FAIL_ON": fail_on}
    done = run_step("tfguard check", env, runner["work"])
    assert done.returncode == 0, done.stderr
    out = outputs(runner["tmp"] / "output")
    assert out["exit-code"] == "2" and out["verdict"] == "error"
    assert gate(out["exit-code"], fail_on, runner["work"]).returncode == 2


@needs_bash
def test_action_scripts_are_valid_bash() -> None:
    assert BASH is not None
    for s in action()["runs"]["steps"]:
        if "run" in s:
            subprocess.run([BASH, "-n", "-c", s["run"]], check=True)


# --- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook(run) -> None:
    [hook] = load(HOOKS)
    assert hook["id"] == "tfguard-approvals-lint"
    assert hook["entry"] == "tfguard approvals lint"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert run(*hook["entry"].split()[1:], "--help").exit_code == 0


def test_pre_commit_config_example_uses_the_hook() -> None:
    config = load(CI / "pre-commit-config.yaml")
    [repo] = config["repos"]
    hook_ids = {h["id"] for h in load(HOOKS)}
    assert {h["id"] for h in repo["hooks"]} <= hook_ids
    assert repo["repo"].endswith("/tfguard") and repo["rev"]


# --- recipes ------------------------------------------------------------------------------------

RECIPES = sorted(p for p in CI.iterdir() if p.is_file())


def test_the_expected_recipes_exist() -> None:
    assert {p.name for p in RECIPES} >= {
        "github-actions.yml",
        "gitlab-ci.yml",
        "atlantis.yaml",
        "terragrunt.md",
        "terragrunt-plans.sh",
        "pre-commit-config.yaml",
        "hcp-terraform-run-task.md",
    }


@pytest.mark.parametrize("path", [p for p in RECIPES if p.suffix in (".yml", ".yaml")], ids=str)
def test_yaml_recipes_parse(path: Path) -> None:
    assert isinstance(load(path), dict)


@pytest.mark.parametrize(
    "path", [p for p in RECIPES if p.name not in ("pre-commit-config.yaml",)], ids=str
)
def test_every_recipe_invokes_tfguard_check(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name == "github-actions.yml":
        assert re.search(r"uses: \S+/tfguard@v1", text)  # the action runs tfguard check
    elif path.name == "terragrunt-plans.sh":
        assert '"$tfguard" check' in text
    else:
        assert "tfguard check" in text


def test_github_workflow_uses_the_action_with_real_inputs() -> None:
    workflow = load(CI / "github-actions.yml")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    [gate_step] = [s for s in steps if str(s.get("uses", "")).endswith("/tfguard@v1")]
    assert set(gate_step["with"]) <= set(action()["inputs"])
    assert "plan" in gate_step["with"]
    assert workflow["permissions"]["security-events"] == "write"
    # apply comes after the gate, and only from the plan that was judged
    names = [s.get("uses") or s.get("run") for s in steps]
    assert names.index(gate_step["uses"]) < names.index("terraform apply -input=false plan.bin")


def test_gitlab_apply_needs_the_gate() -> None:
    pipeline = load(CI / "gitlab-ci.yml")
    assert "tfguard" in pipeline["apply"]["needs"]
    gate_job = pipeline["tfguard"]
    assert any(line.strip() == "tfguard check plan.json" for line in gate_job["script"])
    assert gate_job["artifacts"]["reports"]["junit"].endswith("tfguard-junit.xml")


@needs_bash
def test_atlantis_workflows_are_defined_and_run_tfguard() -> None:
    assert BASH is not None
    config = load(CI / "atlantis.yaml")
    assert config["version"] == 3
    workflows = config["workflows"]
    assert {p["workflow"] for p in config["projects"]} <= set(workflows)
    runs = [
        s["run"]
        for workflow in workflows.values()
        for stage in workflow.values()
        for s in stage["steps"]
        if isinstance(s, dict) and "run" in s
    ]
    assert sum("tfguard check" in r for r in runs) == 2
    for script in runs:
        subprocess.run([BASH, "-n", "-c", script], check=True)


@needs_bash
def test_atlantis_policy_step_prints_fail_only_when_blocked(tmp_path: Path, rule_cache) -> None:
    """Atlantis fails a custom policy check when its output contains "fail"."""
    assert BASH is not None
    config = load(CI / "atlantis.yaml")
    [script] = [
        s["run"]
        for s in config["workflows"]["tfguard-policy"]["policy_check"]["steps"]
        if isinstance(s, dict)
    ]
    env = {**os.environ, "PATH": f"{TFGUARD.parent}{os.pathsep}{os.environ['PATH']}"}
    env["TFGUARD_CACHE_DIR"] = str(rule_cache)
    for example, fails in (("safe-tags", False), ("incident-replay", True)):
        show = tmp_path / f"{example}.json"
        shutil.copy(REPO / "examples" / example / "plan.json", show)
        done = subprocess.run(
            [BASH, "-c", script],
            env={**env, "SHOWFILE": str(show)},
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        output = (done.stdout + done.stderr).lower()
        assert ("fail" in output) is fails, output


# --- terragrunt ---------------------------------------------------------------------------------

FAKE_TERRAGRUNT = """#!/usr/bin/env bash
# plans every unit: a tfplan.bin in its cache, naming the example plan it stands for
for unit in db app/web; do
  dir="$unit/.terragrunt-cache/abc/def"
  mkdir -p "$dir"
  cp "$unit/example" "$dir/tfplan.bin"
done
echo "$@" > terragrunt-args
"""

FAKE_TERRAFORM = """#!/usr/bin/env bash
# terraform -chdir=DIR show -json tfplan.bin: print the example plan the fake plan names
dir="${1#-chdir=}"
cat "$(cat "$dir/tfplan.bin")"
"""


@needs_bash
@pytest.mark.parametrize(("db_plan", "expected"), [("safe-tags", 0), ("incident-replay", 1)])
def test_terragrunt_script_gates_every_unit_at_once(
    tmp_path: Path, rule_cache: Path, db_plan: str, expected: int
) -> None:
    assert BASH is not None
    live = tmp_path / "live"
    for unit, example in (("db", db_plan), ("app/web", "risky-only")):
        (live / unit).mkdir(parents=True)
        (live / unit / "terragrunt.hcl").write_text("")
        (live / unit / "example").write_text(str(REPO / "examples" / example / "plan.json"))
    stale = live / "db" / ".terragrunt-cache" / "old" / "tfplan.bin"
    stale.parent.mkdir(parents=True)
    stale.write_text("/nonexistent")  # a plan from an earlier run must not be read
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("terragrunt", FAKE_TERRAGRUNT), ("terraform", FAKE_TERRAFORM)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "TFGUARD": str(TFGUARD),
        "TFGUARD_CACHE_DIR": str(rule_cache),
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [BASH, str(CI / "terragrunt-plans.sh"), "live", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == expected, done.stderr
    report = json.loads(done.stdout)
    assert [p["source"] for p in report["plans"]] == [
        "tfguard-plans/app__web.json",
        "tfguard-plans/db.json",
    ]
    args = (live / "terragrunt-args").read_text()
    assert args.startswith("run --all --non-interactive -- plan")
