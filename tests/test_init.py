"""`tfguard init`: a commented config, an empty approval file and the platform's CI workflow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import (
    ALICE,
    REQUESTER,
    approval_of,
    check,
    make_keys,
    make_repo,
    signed_commit,
    signers,
)
from tests.helpers import REPO
from tfguard.judge import approvals
from tfguard.model import Level
from tfguard.read import config

yaml = pytest.importorskip("yaml")


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


def test_without_a_platform_the_level_is_signed_with_an_allowed_signers_template(
    run, tmp_path: Path
) -> None:
    result = run("init", tmp_path, "--platform", "none")
    assert result.exit_code == 0, result.stderr
    cfg = config.resolve(tmp_path / ".tfguard.hcl", tmp_path)
    assert cfg.level is Level.SIGNED
    assert cfg.allowed_signers == "tfguard-allowed-signers"
    template = (tmp_path / "tfguard-allowed-signers").read_text()
    assert all(line.startswith("#") for line in template.splitlines() if line.strip())
    assert "--protected-ref origin/main" in result.stdout
    assert "/tfguard-allowed-signers" in result.stdout  # under CODEOWNERS too


def test_platform_recipes_use_reviews_and_name_the_protected_branch(run, tmp_path: Path) -> None:
    """The GitHub and GitLab workflows apply after the merge, where signatures do not survive:
    their config is `reviewed`, and the workflow names the protected branch for the policy."""
    for platform, workflow in (
        ("github", ".github/workflows/tfguard.yml"),
        ("gitlab", ".gitlab-ci.yml"),
    ):
        root = tmp_path / platform
        assert run("init", root, "--platform", platform).exit_code == 0
        cfg = config.resolve(root / ".tfguard.hcl", root)
        assert cfg.level is Level.REVIEWED
        assert not (root / "tfguard-allowed-signers").exists()
        assert "TFGUARD_PROTECTED_REF" in (root / workflow).read_text()


def test_the_steps_init_prints_get_a_signed_approval_through(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init, commit to main, request and approve on a branch with signed commits: blocked until
    main's allowed-signers file lists the approver, then it passes."""
    repo = make_repo(tmp_path, monkeypatch)
    keys = make_keys(tmp_path / "keys", REQUESTER, ALICE)
    assert run("init", ".", "--platform", "none", "--force").exit_code == 0
    repo.commit("tfguard init", REQUESTER)
    repo.git("checkout", "-q", "-b", "pr")
    assert run("approve", "plan.json", "--reason", "decommission").exit_code == 0
    signed_commit(repo, "request approval", REQUESTER, keys[REQUESTER])
    text = repo.approvals.read_text().replace(
        "approved_by = [\n", f'approved_by = [\n    "{ALICE}",\n'
    )
    repo.approvals.write_text(text)
    signed_commit(repo, "approve", ALICE, keys[ALICE])

    blocked = check(run, "--protected-ref", "main")
    assert blocked.exit_code == 1
    assert "no valid signature" in approval_of(blocked)["detail"]

    repo.git("checkout", "-q", "main")
    (repo.path / "tfguard-allowed-signers").write_text(signers(keys, REQUESTER, ALICE))
    repo.commit("allowed signers", REQUESTER)
    repo.git("checkout", "-q", "pr")
    passed = check(run, "--protected-ref", "main")
    assert passed.exit_code == 0, approval_of(passed)
    assert passed.json()["policy"]["level"] == "signed"
