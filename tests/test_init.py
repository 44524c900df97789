"""`tfguard init`: a commented config, an empty approval file and the platform's CI workflow."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import REPO
from tfguard.judge import approvals
from tfguard.read import config

yaml = __import__("pytest").importorskip("yaml")


def test_github_repository_gets_config_approvals_and_workflow(run, tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    result = run("init", tmp_path, "--terraform-dir", "infra/prod")
    assert result.exit_code == 0, result.stderr
    workflow = tmp_path / ".github" / "workflows" / "tfguard.yml"
    document = yaml.safe_load(workflow.read_text())
    steps = document["jobs"]["plan"]["steps"]
    gate = next(step for step in steps if str(step.get("uses", "")).endswith("tfguard@v1"))
    assert gate["with"]["working-directory"] == "infra/prod"
    assert "wrote .github/workflows/tfguard.yml" in result.stdout
    assert "CODEOWNERS" in result.stdout and "/tfguard-approvals.hcl" in result.stdout


def test_written_config_and_approval_file_are_valid(run, tmp_path: Path) -> None:
    assert run("init", tmp_path, "--platform", "none").exit_code == 0
    cfg = config.resolve(tmp_path / ".tfguard.hcl", tmp_path)
    assert cfg.approvals_file == tmp_path / "tfguard-approvals.hcl"
    assert approvals.load(tmp_path / "tfguard-approvals.hcl") == ()


def test_gitlab_with_an_existing_pipeline_gets_an_include(run, tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("stages: [build]\n")
    result = run("init", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "stages: [build]\n"
    included = yaml.safe_load((tmp_path / ".gitlab" / "tfguard.gitlab-ci.yml").read_text())
    assert included["variables"]["TF_ROOT"] == "."
    assert "include" in result.stdout


def test_workflow_is_the_tested_recipe(run, tmp_path: Path) -> None:
    run("init", tmp_path, "--platform", "github", "--terraform-dir", "infra")
    written = (tmp_path / ".github" / "workflows" / "tfguard.yml").read_text()
    assert written == (REPO / "examples" / "ci" / "github-actions.yml").read_text()


def test_existing_files_are_never_overwritten_without_force(run, tmp_path: Path) -> None:
    (tmp_path / ".tfguard.hcl").write_text("# mine\n")
    result = run("init", tmp_path, "--platform", "none")
    assert result.exit_code == 2 and ".tfguard.hcl" in result.stderr
    assert (tmp_path / ".tfguard.hcl").read_text() == "# mine\n"
    assert not (tmp_path / "tfguard-approvals.hcl").exists()
    assert run("init", tmp_path, "--platform", "none", "--force").exit_code == 0
    assert (tmp_path / ".tfguard.hcl").read_text() != "# mine\n"
