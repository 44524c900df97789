"""Secrets never leak; path tricks are handled deliberately; concurrent writers never interleave."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import plan_document, resource_change
from tfguard import audit
from tfguard.report import REPORTERS

CANARIES = [f"canary-{i}-s3cr3t" for i in range(8)]


def leaky_plan() -> dict:
    """Canaries in sensitive attributes (top level, nested, in lists), and in attributes whose
    names say password/secret/token that Terraform did NOT mark."""
    c = CANARIES
    db_before = {
        "identifier": "db",
        "password": c[0],
        "skip_final_snapshot": True,
        "settings": [{"token": c[1], "tier": "x"}],
        "master_user_secret": c[2],
    }
    db = resource_change(
        "aws_db_instance.db",
        ["delete"],
        db_before,
        None,
        before_sensitive={"password": True, "settings": [{"token": True}]},
    )
    bucket = resource_change(
        "aws_s3_bucket.b",
        ["update"],
        {"force_destroy": False, "api_token": c[3]},
        {"force_destroy": True, "api_token": c[4], "tags": {"k": c[5]}},
        after_sensitive={"tags": {"k": True}},
    )
    vault = resource_change(
        "aws_rds_cluster.c",
        ["update"],
        {"backup_retention_period": 7, "master_password": c[6]},
        {"backup_retention_period": 0, "master_password": c[7]},
        before_sensitive={"backup_retention_period": True, "master_password": True},
        after_sensitive={"backup_retention_period": True, "master_password": True},
    )
    return plan_document(db, bucket, vault)


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_canary_in_any_format_or_log(run, tmp_path: Path, fmt: str) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(leaky_plan()))
    log, out = tmp_path / "audit.jsonl", tmp_path / f"report.{fmt}"
    result = run("check", plan, "--format", fmt, "--all", "--audit-log", log, "--output", out)
    assert result.exit_code == 1
    everything = result.stdout + result.stderr + out.read_text() + log.read_text()
    for canary in CANARIES:
        assert canary not in everything, (fmt, canary)


def test_no_canary_in_approve_output_or_stub(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_text(json.dumps(leaky_plan()))
    result = run("approve", "plan.json", "--reason", "r", "--allow-unversioned-approvals")
    text = result.stdout + result.stderr + (tmp_path / "tfguard-approvals.hcl").read_text()
    assert result.exit_code == 0
    assert not [c for c in CANARIES if c in text]


def test_no_canary_in_error_messages(run, tmp_path: Path) -> None:
    plan = leaky_plan()
    plan["resource_changes"][0]["change"]["actions"] = "delete"  # malformed
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = run("check", path)
    assert result.exit_code == 2 and not [c for c in CANARIES if c in result.stderr]


def test_approval_file_symlinked_out_of_the_repository_does_not_count(run, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    outside = tmp_path / "elsewhere.hcl"
    outside.write_text("")
    (repo / "tfguard-approvals.hcl").symlink_to(outside)
    (repo / "plan.json").write_text(json.dumps(leaky_plan()))
    monkeypatch.chdir(repo)
    result = run("check", "plan.json", "--format", "json")
    assert result.exit_code == 1
    assert "resolves outside the git work tree" in json.dumps(result.json()["approvals"])


def test_config_symlinked_out_of_the_repository_is_refused(run, tmp_path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()
    outside = tmp_path / "outside.hcl"
    outside.write_text('approvals {\n  provenance = "committed"\n}\n')
    (repo / ".tfguard.hcl").symlink_to(outside)
    (repo / "plan.json").write_text(json.dumps(leaky_plan()))
    monkeypatch.chdir(repo)
    result = run("check", "plan.json")
    assert result.exit_code == 2 and "resolves outside the git work tree" in result.stderr


def test_output_over_an_existing_symlink_replaces_the_link_not_its_target(run, tmp_path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_document()))
    assert run("check", plan, "--output", link).exit_code == 0
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text().startswith("PASS")


def _append_many(path: str, worker: int) -> None:
    record = {"worker": worker, "padding": "x" * 20_000}
    for _ in range(50):
        audit.append(Path(path), record)


def test_concurrent_audit_writers_never_interleave(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(log), i)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    lines = log.read_text().splitlines()
    assert len(lines) == 200
    assert all(json.loads(line)["padding"] == "x" * 20_000 for line in lines)


def test_concurrent_report_writers_leave_one_whole_report(tmp_path: Path) -> None:
    plans = []
    for i in range(4):
        changes = [
            resource_change(f"aws_instance.w{i}_{j}", ["delete"], {}, None) for j in range(300)
        ]
        path = tmp_path / f"plan{i}.json"
        path.write_text(json.dumps(plan_document(*changes)))
        plans.append(path)
    out = tmp_path / "report.json"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tfguard",
                "check",
                str(p),
                "--format",
                "json",
                "--output",
                str(out),
            ],
            stderr=subprocess.DEVNULL,
        )
        for p in plans
    ]
    assert [p.wait(120) for p in procs] == [0, 0, 0, 0]
    report = json.loads(out.read_text())
    sources = {c["plan"] for c in report["changes"]}
    assert len(sources) == 1 and len(report["changes"]) == 300


def test_output_to_a_device_writes_into_it_and_never_replaces_it(run, tmp_path: Path) -> None:
    """Regression: --output /dev/null (as benchmarks use it) once renamed a regular file over
    /dev/null when run as root."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_document()))
    fifo = tmp_path / "pipe"
    import os
    import threading

    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert run("check", plan, "--output", fifo).exit_code == 0
    reader.join(30)
    assert fifo.exists() and not fifo.is_file()
    assert received and received[0].startswith("PASS")
    assert run("check", plan, "--output", "/dev/null").exit_code == 0
    assert Path("/dev/null").is_char_device()
