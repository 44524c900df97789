"""`tfguard plan | apply | destroy` against a fake terraform that logs what it is asked to do.

The fake (a Python script) writes a recognisable plan file on `plan -out=FILE`, prints a chosen
plan JSON on `show -json`, and on `apply FILE` copies FILE aside: so the tests see exactly which
file was judged and which was applied. Real terraform runs in tests/e2e/test_e2e_wrapper.py.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import plan_document, resource_change, write_fake_terraform
from tfguard.errors import UsageError
from tfguard.judge.emptystate import Facts
from tfguard.terraform import workdir
from tfguard.terraform.args import split_args


def db_delete() -> dict[str, Any]:
    return resource_change("aws_db_instance.db", ["delete"], {"identifier": "prod"}, None)


def tag_update() -> dict[str, Any]:
    return resource_change(
        "aws_instance.web", ["update"], {"tags": {"a": "1"}}, {"tags": {"a": "2"}}
    )


@dataclass
class Fake:
    bin: Path
    root: Path
    log: Path
    show: Path
    applied: Path
    tmp: Path
    monkeypatch: pytest.MonkeyPatch

    def plan_json(self, *changes: dict[str, Any], **top: Any) -> None:
        self.show.write_text(json.dumps(plan_document(*changes, **top)))

    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def commands(self) -> list[str]:
        return [next(a for a in call if not a.startswith("-")) for call in self.calls()]

    def set(self, **env: str) -> None:
        for key, value in env.items():
            self.monkeypatch.setenv(key, value)


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fake:
    root = tmp_path / "work"
    root.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    f = Fake(
        bin=write_fake_terraform(tmp_path / "terraform"),
        root=root,
        log=tmp_path / "calls.log",
        show=tmp_path / "show.json",
        applied=tmp_path / "applied.bin",
        tmp=tmp,
        monkeypatch=monkeypatch,
    )
    monkeypatch.chdir(root)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    for key in ("TF_WORKSPACE", "TF_DATA_DIR", "TFGUARD_AUDIT_LOG", "TFGUARD_SHIM"):
        monkeypatch.delenv(key, raising=False)
    f.set(FAKE_LOG=str(f.log), FAKE_SHOW=str(f.show), FAKE_APPLIED=str(f.applied))
    f.plan_json(tag_update())
    return f


def tf(fake: Fake, command: str, *args: str) -> list[str]:
    return [command, "--terraform-bin", str(fake.bin), *args]


# --------------------------------------------------------------------------- arguments


def test_split_args_sorts_options_for_plan_and_apply() -> None:
    args = split_args(
        [
            "-chdir=infra",
            "-var",
            "region=eu-west-1",
            "-var-file=prod.tfvars",
            "-target=module.db",
            "-lock=false",
            "-parallelism",
            "4",
            "-auto-approve",
            "-out=keep.tfplan",
            "-no-color",
            "-backup=state.bak",
        ]
    )
    assert args.chdir == "infra"
    assert args.out == "keep.tfplan"
    assert args.auto_approve
    assert args.plan == (
        "-var",
        "region=eu-west-1",
        "-var-file=prod.tfvars",
        "-target=module.db",
        "-lock=false",
        "-parallelism",
        "4",
        "-no-color",
    )
    assert args.apply == ("-lock=false", "-parallelism", "4", "-no-color", "-backup=state.bak")
    assert args.plan_only == (
        "-var",
        "region=eu-west-1",
        "-var-file=prod.tfvars",
        "-target=module.db",
    )
    assert args.positional == ()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--chdir", "x"], "x"),
        (["-chdir=a", "-chdir=b"], "b"),
        ([], None),
    ],
)
def test_split_args_chdir(argv: list[str], expected: str | None) -> None:
    assert split_args(argv).chdir == expected


def test_split_args_positional_and_errors() -> None:
    assert split_args(["-var", "a=1", "plan.bin"]).positional == ("plan.bin",)
    assert split_args(["-auto-approve=false"]).auto_approve is False
    with pytest.raises(UsageError, match="-detailed-exitcode"):
        split_args(["-detailed-exitcode"])
    with pytest.raises(UsageError, match="needs a value"):
        split_args(["-var"])


# --------------------------------------------------------------------------- facts


def test_read_facts(tmp_path: Path) -> None:
    assert workdir.read_facts(tmp_path, {}) == Facts("local", "default", str(tmp_path))
    data = tmp_path / ".terraform"
    data.mkdir()
    (data / "terraform.tfstate").write_text(json.dumps({"backend": {"type": "s3"}}))
    (data / "environment").write_text("staging\n")
    facts = workdir.read_facts(tmp_path, {})
    assert (facts.backend, facts.workspace) == ("s3", "staging")
    assert workdir.read_facts(tmp_path, {"TF_WORKSPACE": "prod"}).workspace == "prod"
    other = tmp_path / "data"
    other.mkdir()
    (other / "terraform.tfstate").write_text(json.dumps({"backend": {"type": "gcs"}}))
    assert workdir.read_facts(tmp_path, {"TF_DATA_DIR": "data"}).backend == "gcs"
    (data / "terraform.tfstate").write_text("not json")
    assert workdir.read_facts(tmp_path, {}).backend == "local"


# --------------------------------------------------------------------------- runs


def test_plan_passes_runs_plan_then_show_and_never_applies(run, fake) -> None:
    result = run(*tf(fake, "plan", "--", "-var", "a=1"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("PASS")
    [plan, show] = fake.calls()
    out = next(a for a in plan if a.startswith("-out="))[len("-out=") :]
    assert plan == ["plan", f"-out={out}", "-var", "a=1"]
    assert show == ["show", "-no-color", "-json", out]
    assert not fake.applied.exists()
    assert list(fake.tmp.iterdir()) == []  # the temporary directory is gone
    assert "not kept" in result.stderr


def test_apply_applies_exactly_the_file_that_was_judged(run, fake) -> None:
    fake.set(FAKE_PLAN_BYTES="PK\x03\x04 the checked plan")
    result = run(*tf(fake, "apply", "--", "-auto-approve", "-lock=false", "-var=a=1"))
    assert result.exit_code == 0, result.stderr
    plan, show, apply = fake.calls()
    judged = show[-1]
    assert plan[1] == f"-out={judged}"
    assert apply == ["apply", "-lock=false", judged]
    assert fake.applied.read_bytes() == b"PK\x03\x04 the checked plan"
    assert list(fake.tmp.iterdir()) == []


def test_blocked_apply_keeps_the_plan_and_says_how_to_approve(run, fake) -> None:
    fake.plan_json(db_delete())
    result = run(*tf(fake, "apply", "--", "-auto-approve"))
    assert result.exit_code == 1
    assert fake.commands() == ["plan", "show"]
    assert not fake.applied.exists()
    kept = fake.root / ".terraform" / "tfguard" / "blocked.tfplan"
    assert sorted(kept.parent.iterdir()) == [kept]  # the binary plan only: no JSON on disk
    assert kept.read_bytes() == b"PK\x03\x04 fake plan"
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    rel = kept.relative_to(fake.root)
    assert f"the checked plan is kept at {rel}" in result.stderr
    approve = f"tfguard approve {rel} --terraform-bin {fake.bin}"
    assert approve in result.stderr
    assert f"tfguard apply --plan-file {rel}" in result.stderr
    assert "nothing was applied" in result.stderr
    assert list(fake.tmp.iterdir()) == []
    # the printed command works: approve reads the binary plan through `terraform show -json`
    approved = run(
        *approve.split()[1:], "--reason", "decommission", "--allow-unversioned-approvals"
    )
    assert approved.exit_code == 0, approved.stderr
    assert "aws_db_instance.db" in approved.stdout


def test_only_the_latest_blocked_plan_is_kept_and_a_passing_one_removes_it(run, fake) -> None:
    legacy = fake.root / ".terraform" / "tfguard"
    legacy.mkdir(parents=True)
    for name in ("plan-20260101T000000Z.tfplan", "plan-20260101T000000Z.json"):
        (legacy / name).write_text("left by an earlier tfguard")  # one pair per run, JSON too
    fake.plan_json(db_delete())
    for n in range(3):
        fake.set(FAKE_PLAN_BYTES=f"PK blocked {n}")
        assert run(*tf(fake, "apply", "--", "-auto-approve")).exit_code == 1
    [kept] = legacy.iterdir()
    assert kept.name == "blocked.tfplan" and kept.read_bytes() == b"PK blocked 2"
    fake.plan_json(tag_update())
    result = run(*tf(fake, "plan"))
    assert result.exit_code == 0, result.stderr
    assert list(legacy.iterdir()) == []
    assert "removed the superseded blocked plan .terraform/tfguard/blocked.tfplan" in result.stderr


def test_applying_the_kept_plan_removes_it(run, fake) -> None:
    fake.plan_json(db_delete())
    assert run(*tf(fake, "apply", "--", "-auto-approve")).exit_code == 1
    kept = fake.root / ".terraform" / "tfguard" / "blocked.tfplan"
    fake.plan_json(tag_update())  # as if approved: the gate passes this time
    result = run(*tf(fake, "apply", "--plan-file", str(kept)))
    assert result.exit_code == 0, result.stderr
    assert fake.applied.read_bytes() == b"PK\x03\x04 fake plan"  # the kept plan, applied
    assert not kept.exists()


def test_blocked_plan_with_out_keeps_it_there(run, fake) -> None:
    fake.plan_json(db_delete())
    result = run(*tf(fake, "plan", "--out", "saved.tfplan"))
    assert result.exit_code == 1
    assert (fake.root / "saved.tfplan").exists()
    assert not (fake.root / "saved.json").exists()
    assert not (fake.root / ".terraform" / "tfguard" / "blocked.tfplan").exists()


def test_terraform_out_flag_keeps_a_passing_plan_relative_to_chdir(run, fake) -> None:
    (fake.root / "infra").mkdir()
    result = run(*tf(fake, "plan", "--", "-chdir=infra", "-out=p.tfplan"))
    assert result.exit_code == 0, result.stderr
    assert (fake.root / "infra" / "p.tfplan").exists()
    assert not (fake.root / "infra" / "p.json").exists()


def test_blocked_in_another_directory_approves_there(run, fake) -> None:
    (fake.root / "infra").mkdir()
    fake.plan_json(db_delete())
    result = run(*tf(fake, "plan", "--", "-chdir=infra"))
    assert result.exit_code == 1
    assert "cd infra && tfguard approve .terraform/tfguard/blocked.tfplan" in result.stderr
    assert "tfguard apply --plan-file infra/.terraform/tfguard/blocked.tfplan" in result.stderr


def test_tf_cli_args_count_as_typed_and_never_reach_terraform_again(run, fake) -> None:
    fake.set(TF_CLI_ARGS_plan="-var=a=1", TF_CLI_ARGS="-lock=false")
    assert run(*tf(fake, "plan")).exit_code == 0
    [plan, _] = fake.calls()
    assert plan[2:] == ["-var=a=1", "-lock=false"]
    fake.set(TF_CLI_ARGS="-lock=false; destroy")
    refused = run(*tf(fake, "plan"))
    assert refused.exit_code == 2 and "TF_CLI_ARGS holds ';'" in refused.stderr


def test_chdir_goes_before_the_subcommand(run, fake) -> None:
    (fake.root / "infra").mkdir()
    result = run(*tf(fake, "destroy", "--", "-auto-approve", "-chdir=infra"))
    assert result.exit_code == 0, result.stderr
    plan, show, apply = fake.calls()
    assert plan[:2] == ["-chdir=infra", "plan"] and "-destroy" in plan
    assert show[:2] == ["-chdir=infra", "show"]
    assert apply[:2] == ["-chdir=infra", "apply"]


def test_missing_chdir_is_a_usage_error(run, fake) -> None:
    result = run(*tf(fake, "plan", "--", "-chdir=nowhere"))
    assert result.exit_code == 2 and "-chdir=nowhere: no such directory" in result.stderr
    assert fake.calls() == []


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FAKE_PLAN_EXIT": "3"}, "tfguard: error: terraform plan failed with exit code 3"),
        ({"FAKE_SHOW_EXIT": "1"}, "`terraform show -json` failed with exit code 1: Error: Failed"),
        ({"FAKE_APPLY_EXIT": "1"}, "tfguard: error: terraform apply failed with exit code 1"),
    ],
)
def test_terraform_failures_are_exit_2(run, fake, env, message) -> None:
    fake.set(**env)
    result = run(*tf(fake, "apply", "--", "-auto-approve"))
    assert result.exit_code == 2
    assert message in result.stderr
    if "FAKE_APPLY_EXIT" not in env:
        assert "apply" not in fake.commands()
    assert list(fake.tmp.iterdir()) == []


def test_missing_terraform_is_exit_2(run, fake, tmp_path) -> None:
    result = run("plan", "--terraform-bin", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "was not found" in result.stderr


def test_plan_file_is_copied_judged_and_applied_as_one(run, fake, tmp_path) -> None:
    saved = tmp_path / "saved.tfplan"
    saved.write_bytes(b"PK\x03\x04 saved earlier")
    result = run(*tf(fake, "apply", "--plan-file", str(saved), "--", "-lock-timeout=5s"))
    assert result.exit_code == 0, result.stderr
    show, apply = fake.calls()
    assert show[-1] == apply[-1] != str(saved)  # a private copy, judged and applied
    assert apply == ["apply", "-lock-timeout=5s", show[-1]]
    assert fake.applied.read_bytes() == b"PK\x03\x04 saved earlier"


def test_plan_file_refuses_options_that_shape_a_plan(run, fake, tmp_path) -> None:
    saved = tmp_path / "saved.tfplan"
    saved.write_bytes(b"PK\x03\x04")
    result = run(*tf(fake, "apply", "--plan-file", str(saved), "--", "-var", "a=1"))
    assert result.exit_code == 2 and "cannot change a saved plan" in result.stderr
    assert fake.calls() == []
    missing = run(*tf(fake, "apply", "--plan-file", str(tmp_path / "gone")))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_positional_argument_points_at_plan_file(run, fake) -> None:
    result = run(*tf(fake, "apply", "--", "plan.tfplan"))
    assert result.exit_code == 2 and "--plan-file plan.tfplan" in result.stderr


@pytest.mark.parametrize(("answer", "code"), [("yes\n", 0), ("no\n", 1), ("", 1)])
def test_apply_asks_before_applying_without_auto_approve(
    run, fake, monkeypatch, answer, code
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(answer.encode())))
    result = run(*tf(fake, "apply"))
    assert result.exit_code == code
    assert "Only 'yes' will be accepted" in result.stderr
    assert fake.applied.exists() == (code == 0)
    if code:
        assert "apply cancelled; nothing was applied" in result.stderr


def test_json_report_keeps_stdout_clean(run, fake) -> None:
    result = run(*tf(fake, "plan", "--format", "json"))
    assert result.exit_code == 0
    assert result.json()["verdict"] == "pass"


def test_audit_log_records_the_decision_and_the_command(run, fake, tmp_path) -> None:
    log = tmp_path / "audit.jsonl"
    fake.set(TFGUARD_SHIM="terraform")
    fake.plan_json(db_delete())
    result = run(*tf(fake, "destroy", "--audit-log", str(log), "--", "-auto-approve"))
    assert result.exit_code == 1
    [entry] = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["verdict"] == "block" and entry["command"] == "destroy"
    assert entry["shim"] == "terraform" and "user" in entry["actor"]


def test_empty_state_warning_is_shown_by_the_wrapper(run, fake) -> None:
    creates = [resource_change(f"aws_s3_bucket.b{i}", ["create"], None, {}) for i in range(6)]
    fake.plan_json(*creates)
    (fake.root / ".terraform").mkdir()
    (fake.root / ".terraform" / "terraform.tfstate").write_text('{"backend": {"type": "s3"}}')
    fake.set(TF_WORKSPACE="prod")
    result = run(*tf(fake, "plan"))
    assert result.exit_code == 0
    assert "WARNING: empty state: this plan creates 6 resources" in result.stdout
    assert 'backend "s3", workspace "prod"' in result.stdout


# --------------------------------------------------------------------------- Ctrl-C


def test_sigint_during_plan_is_forwarded_and_leaves_no_temporary_files(fake, tmp_path) -> None:
    ready, signals = tmp_path / "ready", tmp_path / "signals"
    env = {
        **os.environ,
        "FAKE_PLAN_SLEEP": "30",
        "FAKE_READY": str(ready),
        "FAKE_SIGNALS": str(signals),
        "TMPDIR": str(fake.tmp),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tfguard", *tf(fake, "apply", "--", "-auto-approve")],
        cwd=fake.root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the fake plan never started"
            time.sleep(0.02)
        assert list(fake.tmp.iterdir()), "the plan is being written in tfguard's temp dir"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, err
    assert "terraform plan was interrupted (exit code 130); nothing was applied" in err
    assert signals.read_text().split() == [str(int(signal.SIGINT))]  # forwarded exactly once
    assert list(fake.tmp.iterdir()) == []
    assert fake.commands() == ["plan"]
    assert not fake.applied.exists()


def test_wrapper_messages_show_control_characters_escaped(run, fake) -> None:
    hostile = "infra\x1b]8;;evil\x1b\\"
    (fake.root / hostile).mkdir()
    fake.plan_json(db_delete())
    result = run(*tf(fake, "plan", "--", f"-chdir={hostile}"))
    assert result.exit_code == 1
    assert "infra\\x1b]8;;evil\\x1b\\" in result.stderr
    assert "\x1b" not in result.stderr + result.stdout
