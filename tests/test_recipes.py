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

from tests.gitrepo import ALICE, REQUESTER, Repo
from tests.helpers import REPO

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
        "comment",
        "token",
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
    assert uses == ["actions/setup-python", "actions/cache", "github/codeql-action/upload-sarif"]
    assert step("Set up Python for tfguard")["with"]["update-environment"] is False
    install = step("Install tfguard")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in install["run"]
    check = step("tfguard check")["run"]
    assert check.count('"$TFGUARD" check') == 1  # one run writes every report
    assert '--report "markdown=$summary"' in check
    assert 'cat "$summary" >> "$GITHUB_STEP_SUMMARY"' in check  # appended, never clobbered
    upload = step("Upload SARIF to code scanning")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"


def test_action_never_pastes_an_expression_into_a_script() -> None:
    for s in action()["runs"]["steps"]:
        if "run" in s:
            assert s["shell"] == "bash"
            assert "${{" not in s["run"], s["name"]  # inputs arrive through env only


def run_step(name: str, env: dict[str, str | None], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_bash(["-c", step(name)["run"]], env, cwd)


def run_bash(
    args: list[str], env: dict[str, str | None], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """bash ARGS in `cwd` with the test's environment plus `env` (a None value unsets)."""
    assert BASH is not None
    merged = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    return subprocess.run(
        [BASH, *args], cwd=cwd, env=merged, capture_output=True, text=True, check=False, timeout=120
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
        "TFGUARD_COMMENT": "false",
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
def test_action_comments_on_the_pull_request_and_updates_it(runner: dict[str, Any]) -> None:
    from tests.platform_fakes import FakeGitHub, serve

    for fake in serve(FakeGitHub()):
        assert isinstance(fake, FakeGitHub)
        fake.pull(5, "dave", "a" * 40)
        event = runner["tmp"] / "event.json"
        event.write_text(json.dumps({"pull_request": {"number": 5, "head": {"sha": "a" * 40}}}))
        env = {
            **runner["env"],
            "TFGUARD_PLANS": "incident-replay.json",
            "TFGUARD_COMMENT": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_API_URL": fake.url,
            "GITHUB_REPOSITORY": fake.repo,
            "GITHUB_TOKEN": "ghs_test",
            "GITHUB_EVENT_PATH": str(event),
        }
        for _ in range(2):
            done = run_step("tfguard check", env, runner["work"])
            assert done.returncode == 0, done.stderr
        [posted] = fake.comments[5]
        assert posted["body"].startswith("**BLOCKED**")
        assert "<!-- tfguard-report -->" in posted["body"]
        assert "updated tfguard's comment on pull request #5" in done.stderr + done.stdout
        assert outputs(runner["tmp"] / "output")["exit-code"] == "1"
        fake.fail("/repos/acme/infra/issues/5/comments", 403)
        run_step("tfguard check", env, runner["work"])
        assert outputs(runner["tmp"] / "output")["exit-code"] == "2"  # never a silent pass


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
    summary = (runner["tmp"] / "summary.md").read_text()
    assert "**tfguard could not judge the plan** (exit 2)" in summary  # and says why
    assert "missing.json" in summary or "fail-on must be" in summary


@needs_bash
def test_action_runs_tfguard_once_and_prints_the_verdict_once(runner: dict[str, Any]) -> None:
    env = {
        **runner["env"],
        "TFGUARD_PLANS": "incident-replay.json",
        "TFGUARD_FORMATS": "junit json=r.json",
        "TFGUARD_SARIF_FILE": "r.sarif",
    }
    done = run_step("tfguard check", env, runner["work"])
    assert done.stdout.count("BLOCKED:") == 1  # the text table in the log, once
    assert (runner["work"] / "tfguard-report.xml").is_file()
    assert json.loads((runner["work"] / "r.json").read_text())["verdict"] == "block"
    assert json.loads((runner["work"] / "r.sarif").read_text())["version"] == "2.1.0"


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
    env: dict[str, str | None] = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "TFGUARD": str(TFGUARD),
        "TFGUARD_CACHE_DIR": str(rule_cache),
        "NO_COLOR": "1",
    }
    done = run_bash([str(CI / "terragrunt-plans.sh"), "live", "--format", "json"], env, tmp_path)
    assert done.returncode == expected, done.stderr
    report = json.loads(done.stdout)
    assert [p["source"] for p in report["plans"]] == [
        "tfguard-plans/app__web.json",
        "tfguard-plans/db.json",
    ]
    args = (live / "terragrunt-args").read_text()
    assert args.startswith("run --all --non-interactive -- plan")


def test_github_recipe_is_the_reviewed_squash_merge_flow() -> None:
    workflow = load(CI / "github-actions.yml")
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1: `on` is True
    assert {"pull_request", "pull_request_review", "push"} <= set(triggers)
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    [checkout] = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0
    [gate_step] = [s for s in steps if str(s.get("uses", "")).endswith("/tfguard@v1")]
    assert gate_step["with"]["comment"] is True
    env = workflow["jobs"]["plan"]["env"]  # the action's steps inherit the job's environment
    assert env["TFGUARD_PROTECTED_REF"] == "origin/${{ github.event.repository.default_branch }}"
    text = (CI / "github-actions.yml").read_text()
    assert 'provenance        = "reviewed"' in text


def test_gitlab_recipe_clones_the_full_history_and_comments() -> None:
    pipeline = load(CI / "gitlab-ci.yml")
    assert pipeline["variables"]["GIT_DEPTH"] == 0
    script = pipeline["tfguard"]["script"]
    assert any("tfguard comment tfguard-report.md" in line for line in script)
    text = (CI / "gitlab-ci.yml").read_text()
    assert "Remove all approvals when commits are added" in text


@needs_bash
def test_gitlab_recipe_gate_runs_against_a_fake_gitlab(tmp_path: Path, rule_cache: Path) -> None:
    """The recipe's script lines, run by bash with the real tfguard, in a merge request
    pipeline whose API is a fake GitLab: the report is posted, the blocked plan exits 1."""
    from tests.platform_fakes import FakeGitLab, serve

    assert BASH is not None
    work = tmp_path / "infra"
    work.mkdir()
    shutil.copy(REPO / "examples" / "incident-replay" / "plan.json", work / "plan.json")
    # The default branch (as the job's fetch leaves it) asks for reviews; the checkout does not.
    protected = Repo(tmp_path)
    (tmp_path / ".tfguard.hcl").write_text(
        'approvals {\n  provenance = "reviewed"\n  allowed_approvers = ["erin"]\n}\n'
    )
    (tmp_path / ".gitignore").write_text("infra/\n")
    protected.commit("policy", ALICE)
    protected.git("update-ref", "refs/remotes/origin/main", "HEAD")
    (tmp_path / ".tfguard.hcl").write_text('approvals {\n  provenance = "committed"\n}\n')
    protected.commit("lower the bar", REQUESTER)
    variables = load(CI / "gitlab-ci.yml")["variables"]
    ref = variables["TFGUARD_PROTECTED_REF"].replace("$CI_DEFAULT_BRANCH", "main")
    script = list(load(CI / "gitlab-ci.yml")["tfguard"]["script"])
    for fake in serve(FakeGitLab()):
        assert isinstance(fake, FakeGitLab)
        fake.merge_request(7, "dave", "a" * 40, [])
        env = {
            "TF_ROOT": str(work),
            "PATH": f"{TFGUARD.parent}:{os.environ['PATH']}",
            "GITLAB_CI": "true",
            "CI_API_V4_URL": fake.api,
            "CI_PROJECT_ID": str(fake.project),
            "CI_MERGE_REQUEST_IID": "7",
            "TFGUARD_GITLAB_TOKEN": "glpat-test",
            "TFGUARD_PROTECTED_REF": ref,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "TFGUARD_CACHE_DIR": str(rule_cache),
            "NO_COLOR": "1",
            "GITHUB_ACTIONS": None,
        }
        done = run_bash(["-e", "-c", "\n".join(script)], env, tmp_path)
        assert done.returncode == 1, done.stderr  # the gate line blocks
        [note] = fake.notes[7]
        assert note["body"].startswith("**BLOCKED**")
        assert "origin/main" in note["body"] and "reviewed" in note["body"]
        assert (work / "tfguard-junit.xml").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "github-actions.yml",
        "gitlab-ci.yml",
        "atlantis.yaml",
        "spacelift-config.yml",
        "env0.yml",
        "terrateam-config.yml",
        "digger.yml",
        "scalr-workspace.tf",
        "tfguard-gate.sh",
        "terragrunt.md",
    ],
)
def test_every_recipe_names_the_protected_branch(name: str) -> None:
    """Without a protected ref the change under review is its own policy: each recipe sets
    TFGUARD_PROTECTED_REF (GitHub, GitLab) or says to, and where signatures come from."""
    text = (CI / name).read_text(encoding="utf-8")
    assert "TFGUARD_PROTECTED_REF" in text
    assert "allowed-signers" in text or "allowed_approvers" in text
