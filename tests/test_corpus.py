"""Every plan in ../shared/corpus (real plans from public repositories) is read without a crash:
exit 0 or 1, or 2 with a one-line reason for plans tfguard deliberately refuses. Skipped where
../shared is absent (a user's clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SHARED

CORPUS = SHARED / "corpus"
FILES = sorted(CORPUS.rglob("*.json")) if CORPUS.is_dir() else []

REFUSED_FOR_A_REASON = (
    "does not mark sensitive values",  # format 0.1 from Terraform 0.12-0.14
    "terraform reported the plan incomplete",  # opentofu errored plan
    "not a valid plan",  # hand-made SYNTHETIC fixtures with a broken top level
)

# Real plans whose destructive changes we know, as (address, classification).
KNOWN = {
    "terraform-plan-analyzer/tfplan-example3-destroy.json": {
        ("aws_s3_bucket.example_bucket2", "destructive")
    },
    "snyk-policy-engine/resource-changes.plan.json": {
        ("aws_s3_bucket.delete_bucket", "destructive"),
        ("aws_s3_bucket.create_bucket", "safe"),
    },
}

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_corpus_plan_is_judged_without_a_crash(run, path: Path) -> None:
    result = run("check", path, "--format", "json", "--all")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1
        assert any(reason in result.stderr for reason in REFUSED_FOR_A_REASON), result.stderr
        return
    assert result.exit_code in (0, 1)
    report = result.json()
    blocked = [c for c in report["changes"] if c["classification"] == "destructive"]
    assert (result.exit_code == 1) == bool(blocked)
    expected = KNOWN.get(str(path.relative_to(CORPUS)))
    if expected:
        found = {(c["address"], c["classification"]) for c in report["changes"]}
        assert expected <= found


@pytest.mark.skipif(not FILES, reason="../shared/corpus is not present")
def test_corpus_covers_known_plans() -> None:
    for name in KNOWN:
        assert (CORPUS / name).is_file(), name
