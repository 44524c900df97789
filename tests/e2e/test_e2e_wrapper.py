"""`tfguard plan | apply | destroy` and the agent shim with a real terraform, offline.

Only the built-in ``terraform_data`` resource is used (``terraform init`` needs nothing from the
network). ``terraform_data`` changes are safe by default, so a small rule pack written here
(``--rules``, or ``.tfguard.hcl`` for the shim) makes its deletes destructive. Approvals are
counted outside git with ``--allow-unversioned-approvals``: git provenance has its own tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import tfharness

pytestmark = pytest.mark.e2e

START = """
resource "terraform_data" "keep" {
  input = "keep"
}

resource "terraform_data" "old" {
  input = "old"
}
"""
WITHOUT_OLD = """
resource "terraform_data" "keep" {
  input = "keep"
}
"""
LATE = """
resource "terraform_data" "late" {
  input = "added after the plan was checked"
}
"""
SLOW = """
resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "touch started && sleep 30"
  }
}
"""
RULES = """
pack {
  provider = "e2e"
  summary  = "Test pack: deleting a terraform_data is destructive"
}

rule "e2e-data-deleted" {
  class   = "destructive"
  summary = "A terraform_data is deleted (test rule)"
  message = "deletes {address} (test rule)"
  match {
    actions = ["delete", "replace"]
    types   = ["terraform_data"]
  }
}
"""


@dataclass
class Stack:
    work: Path
    rules: Path
    tmp: Path
    terraform: str
    env: dict[str, str]

    def write(self, *parts: str) -> None:
        (self.work / "main.tf").write_text("\n".join(parts))

    def tf(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.terraform, *args],
            cwd=self.work,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def tfguard(self, *args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tfguard", *map(str, args)],
            cwd=self.work,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    @property
    def state(self) -> bytes:
        return (self.work / "terraform.tfstate").read_bytes()

    def addresses(self) -> set[str]:
        return {r["type"] + "." + r["name"] for r in json.loads(self.state)["resources"]}

    def temporary_dirs(self) -> list[str]:
        return [p.name for p in self.tmp.iterdir() if p.name.startswith("tfguard-")]


@pytest.fixture
def stack(tmp_path: Path, terraform_path: str) -> Stack:
    work, rules, tmp = tmp_path / "work", tmp_path / "rules", tmp_path / "tmp"
    for directory in (work, rules, tmp):
        directory.mkdir()
    (rules / "e2e.hcl").write_text(RULES)
    env = tfharness.terraform_env(None)
    env.update({"TMPDIR": str(tmp), "TFGUARD_CACHE_DIR": str(tmp_path / "cache")})
    env.pop("TFGUARD_AUDIT_LOG", None)
    s = Stack(work, rules, tmp, terraform_path, env)
    s.write(START)
    for args in (("init", "-input=false"), ("apply", "-auto-approve", "-input=false")):
        done = s.tf(*args)
        assert done.returncode == 0, done.stderr
    return s


def kept_plan(stack: Stack) -> Path:
    [kept] = (stack.work / ".terraform" / "tfguard").iterdir()
    assert kept.name == "blocked.tfplan"
    return kept


def test_blocked_apply_changes_nothing_and_keeps_the_plan(stack: Stack) -> None:
    stack.write(WITHOUT_OLD)
    before = stack.state
    done = stack.tfguard("apply", "--rules", stack.rules, "--", "-auto-approve")
    assert done.returncode == 1, done.stderr
    assert "terraform_data.old" in done.stdout and "BLOCKED" in done.stdout
    assert "1 to destroy" in done.stdout  # terraform's own plan output, streamed
    assert stack.state == before  # bytes, and so serial and lineage
    kept = kept_plan(stack)
    assert f"tfguard approve {kept.relative_to(stack.work)}" in done.stderr
    assert stack.temporary_dirs() == []


def test_approved_apply_applies_exactly_the_checked_plan(stack: Stack) -> None:
    stack.write(WITHOUT_OLD)
    assert stack.tfguard("apply", "--rules", stack.rules, "--", "-auto-approve").returncode == 1
    kept = kept_plan(stack)
    approve = stack.tfguard("approve", kept, "--rules", stack.rules,
                            "--reason", "retire old")  # fmt: skip
    assert approve.returncode == 0, approve.stderr
    shown = subprocess.run(
        [stack.terraform, "show", "-no-color", "-json", kept], cwd=stack.work, env=stack.env,
        capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    approvals = stack.work / "tfguard-approvals.hcl"
    approvals.write_text(
        approvals.read_text().replace(
            "approved_by = [", 'approved_by = [\n    "alice@example.com",'
        )
    )
    keep_id = json.loads(stack.state)["resources"][0]["instances"][0]["attributes"]["id"]
    stack.write(WITHOUT_OLD, LATE)  # the configuration moves on; the checked plan does not
    report = stack.work / "report.json"
    done = stack.tfguard(
        "apply", "--plan-file", kept, "--rules", stack.rules, "--allow-unversioned-approvals",
        "--format", "json", "--output", report,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Resources: 0 added, 0 changed, 1 destroyed." in done.stdout  # the report is in FILE
    assert stack.addresses() == {"terraform_data.keep"}  # old deleted, late not created
    assert keep_id in stack.state.decode()
    judged = json.loads(report.read_text())
    assert judged["verdict"] == "pass" and judged["summary"]["approved"] == 1
    assert judged["plans"][0]["sha256"] == hashlib.sha256(shown).hexdigest()
    assert not kept.exists()  # applied: nothing left to keep
    assert stack.temporary_dirs() == []


def test_a_plan_made_stale_by_another_apply_is_refused_by_terraform(stack: Stack) -> None:
    stack.write(START, LATE)
    planned = stack.tfguard("plan", "--out", "checked.tfplan")
    assert planned.returncode == 0, planned.stderr
    assert (stack.work / "checked.tfplan").exists()
    stack.write(WITHOUT_OLD)
    assert stack.tf("apply", "-auto-approve").returncode == 0  # someone else changes the state
    after_other = stack.state
    done = stack.tfguard("apply", "--plan-file", "checked.tfplan")
    assert done.returncode == 2
    assert "Saved plan is stale" in done.stdout + done.stderr
    assert "tfguard: error: terraform apply failed with exit code 1" in done.stderr
    assert stack.state == after_other


def test_destroy_is_the_same_path(stack: Stack) -> None:
    before = stack.state
    done = stack.tfguard("destroy", "--rules", stack.rules, "--", "-auto-approve")
    assert done.returncode == 1 and stack.state == before
    assert stack.tfguard("destroy", "--", "-auto-approve").returncode == 0  # safe by default
    assert json.loads(stack.state)["resources"] == []


def test_chdir_from_the_parent_directory(stack: Stack) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tfguard", "plan", "--format", "json", "--", "-chdir=work"],
        cwd=stack.work.parent,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["safe"] == 2


def test_shim_passes_through_and_stops_destroy_and_state_rm(stack: Stack, tmp_path: Path):
    shims = tmp_path / "shims"
    done = stack.tfguard("shim", "install", shims)
    assert done.returncode == 0, done.stderr
    (stack.work / ".tfguard.hcl").write_text(f'rules {{\n  dirs = ["{stack.rules}"]\n}}\n')
    env = {**stack.env, "PATH": f"{shims}{os.pathsep}{stack.env['PATH']}"}
    real = stack.terraform
    for args in (
        ("version",),
        ("init", "-input=false", "-no-color"),
        ("plan", "-refresh=false", "-no-color"),
    ):
        direct = stack.tf(*args)
        through = subprocess.run(
            ["terraform", *args], cwd=stack.work, env=env, capture_output=True, text=True,
            timeout=60, check=False,
        )  # fmt: skip
        assert (through.returncode, through.stdout) == (direct.returncode, direct.stdout), args
    before = stack.state

    def shimmed(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["terraform", *args], cwd=stack.work, env=env, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=60, check=False,
        )  # fmt: skip

    destroy = shimmed("destroy", "-auto-approve")
    assert destroy.returncode == 1, destroy.stderr
    assert "BLOCKED" in destroy.stdout
    assert stack.state == before
    state_rm = shimmed("state", "rm", "terraform_data.old")
    assert state_rm.returncode == 1
    assert f"{real} state rm terraform_data.old" in state_rm.stderr
    assert stack.state == before
    assert stack.temporary_dirs() == []


def test_ctrl_c_during_apply_stops_terraform_gracefully_and_cleans_up(stack: Stack) -> None:
    stack.write(START, SLOW)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tfguard", "apply", "--", "-auto-approve", "-no-color"],
        cwd=stack.work,
        env=stack.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (stack.work / "started").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the provisioner never started"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, err
    assert "terraform apply was interrupted" in err
    assert "Interrupt received" in out + err  # terraform saw it, once: a graceful stop
    assert stack.temporary_dirs() == []
    json.loads(stack.state)  # the state file is whole


# --------------------------------------------------------------------------- around the shim


def shim_env(stack: Stack, tmp_path: Path, **extra: str) -> dict[str, str]:
    """PATH with the shims first, and `.tfguard.hcl` naming the test rules (the shim passes no
    --rules)."""
    shims = tmp_path / "shims"
    if not shims.exists():
        done = stack.tfguard("shim", "install", shims)
        assert done.returncode == 0, done.stderr
    (stack.work / ".tfguard.hcl").write_text(f'rules {{\n  dirs = ["{stack.rules}"]\n}}\n')
    return {**stack.env, "PATH": f"{shims}{os.pathsep}{stack.env['PATH']}", **extra}


def shimmed(stack: Stack, env: dict[str, str], *args: str, cwd: Path | None = None):
    return subprocess.run(
        ["terraform", *args], cwd=cwd or stack.work, env=env, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=120, check=False,
    )  # fmt: skip


# Each way a reviewer found (or this review found) to make the real terraform destroy
# terraform_data.old behind the shim's back; the plan files named `-h` and `apply` are saved
# plans that destroy it.
AROUND_THE_SHIM = {
    "help flag after --": ({}, ["apply", "--", "-h"]),
    "TF_CLI_ARGS with no command": ({"TF_CLI_ARGS": "destroy -auto-approve"}, []),
    "TF_CLI_ARGS_ with no command": ({"TF_CLI_ARGS_": "destroy -auto-approve"}, []),
    "TF_CLI_ARGS_apply": ({"TF_CLI_ARGS_apply": "-auto-approve"}, ["apply"]),
    "TF_CLI_ARGS_apply saved plan": ({"TF_CLI_ARGS_apply": "-- -h"}, ["apply"]),
    "first word extending a command": ({}, ["applyx", "apply"]),
    "-chdir from the parent": ({}, ["-chdir=work", "destroy", "-auto-approve"]),
    "double-dash help after -var": ({}, ["destroy", "-auto-approve", "--", "-help"]),
}


@pytest.mark.parametrize("case", sorted(AROUND_THE_SHIM))
def test_the_shim_gates_whatever_terraform_would_apply(stack, tmp_path, case) -> None:
    extra, args = AROUND_THE_SHIM[case]
    stack.write(WITHOUT_OLD)
    for name in ("-h", "apply"):
        made = stack.tf("plan", f"-out={name}")
        assert made.returncode == 0, made.stderr
    before = stack.state
    cwd = stack.work.parent if case.startswith("-chdir") else stack.work
    done = shimmed(stack, shim_env(stack, tmp_path, **extra), *args, cwd=cwd)
    assert done.returncode in (1, 2), done.stdout + done.stderr
    assert stack.state == before
    assert "BLOCKED" in done.stdout or "refused" in done.stderr or "error" in done.stderr


AROUND_THE_REFUSAL = {
    "TF_CLI_ARGS with state": ({"TF_CLI_ARGS": "rm terraform_data.old"}, ["state"]),
    "TF_CLI_ARGS_state": ({"TF_CLI_ARGS_state": "rm terraform_data.old"}, ["state"]),
    "dry-run after the address": ({}, ["state", "rm", "terraform_data.old", "-dry-run"]),
    "dry-run=false": ({}, ["state", "rm", "-dry-run=false", "terraform_data.old"]),
    "env delete": ({}, ["env", "delete", "-force", "default"]),
    "TF_CLI_ARGS terraform cannot split like us": ({"TF_CLI_ARGS": "-no-color;x"}, ["apply"]),
}


@pytest.mark.parametrize("case", sorted(AROUND_THE_REFUSAL))
def test_the_shim_refuses_state_surgery_however_it_is_spelt(stack, tmp_path, case) -> None:
    extra, args = AROUND_THE_REFUSAL[case]
    before = stack.state
    done = shimmed(stack, shim_env(stack, tmp_path, **extra), *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "tfguard shim: refused" in done.stderr
    assert stack.state == before
    assert stack.addresses() == {"terraform_data.keep", "terraform_data.old"}


@pytest.mark.parametrize(
    ("extra", "args", "expected"),
    [
        ({}, ["apply", "-h"], "Usage: terraform [global options] apply"),
        ({}, ["-help"], "Usage: terraform [global options] <subcommand>"),
        ({"TF_CLI_ARGS_apply": "-help"}, ["apply"], "Usage: terraform [global options] apply"),
        ({}, ["apply", "-v"], "Terraform v"),
        ({}, ["state", "rm", "-dry-run", "terraform_data.old"], "Would remove"),
        ({"TF_CLI_ARGS": "list"}, ["state"], "terraform_data.old"),
    ],
)
def test_what_terraform_only_shows_passes_through(stack, tmp_path, extra, args, expected) -> None:
    before = stack.state
    done = shimmed(stack, shim_env(stack, tmp_path, **extra), *args)
    assert expected in done.stdout, done.stdout + done.stderr
    assert stack.state == before


# --------------------------------------------------------------------------- around the wrapper


def test_the_wrapper_runs_what_tf_cli_args_say_and_nothing_behind_its_back(stack) -> None:
    """TF_CLI_ARGS_apply counts as typed (here: -auto-approve, so no prompt); tfguard's own
    terraform calls never see TF_CLI_ARGS* (TF_CLI_ARGS_show would break `show -json`)."""
    stack.write(START, LATE)
    env = {**stack.env, "TF_CLI_ARGS_apply": "-auto-approve", "TF_CLI_ARGS_show": "bogus"}
    done = subprocess.run(
        [sys.executable, "-m", "tfguard", "apply"], cwd=stack.work, env=env,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "terraform_data.late" in stack.addresses()
    bad = {**stack.env, "TF_CLI_ARGS": "-no-color; destroy"}
    refused = subprocess.run(
        [sys.executable, "-m", "tfguard", "plan"], cwd=stack.work, env=bad,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "TF_CLI_ARGS holds ';'" in refused.stderr


def test_a_day_of_blocked_attempts_keeps_one_plan_and_no_json(stack, tmp_path) -> None:
    stack.write(WITHOUT_OLD)
    legacy = stack.work / ".terraform" / "tfguard"
    legacy.mkdir(parents=True)
    (legacy / "plan-20260101T000000Z.json").write_text('{"password": "hunter2"}')
    for _ in range(3):
        assert stack.tfguard("apply", "--rules", stack.rules, "--", "-auto-approve").returncode == 1
    env = shim_env(stack, tmp_path)
    assert shimmed(stack, env, "destroy", "-auto-approve").returncode == 1
    kept = kept_plan(stack)
    assert sorted(p.name for p in kept.parent.iterdir()) == ["blocked.tfplan"]
    assert [p for p in stack.work.rglob("*.json") if "tfguard" in str(p)] == []
    assert stack.temporary_dirs() == []
    stack.write(START)  # nothing to destroy any more: the next plan passes and supersedes it
    done = stack.tfguard("plan")  # .tfguard.hcl names the rules now
    assert done.returncode == 0, done.stderr
    assert not kept.exists()
    assert f"removed the superseded blocked plan {kept.relative_to(stack.work)}" in done.stderr


# --------------------------------------------------------------------------- the terminal

EVIL = """
resource "terraform_data" "evil" {
  for_each = toset(["\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u202e"])
  input    = each.key
}
"""


def test_control_characters_terraform_puts_in_an_address_are_shown_escaped(stack) -> None:
    """OSC 52 (clipboard), CSI (clear screen) and a bidi override in a for_each key: terraform
    writes such a key escaped in the plan's address; the report keeps it so, and its values
    through `terminal.escape` (tests/test_terminal.py feeds them raw)."""
    stack.write(START, EVIL)
    assert stack.tf("apply", "-auto-approve").returncode == 0
    stack.write(START)
    assert stack.tf("plan", "-out=p.tfplan").returncode == 0
    done = stack.tfguard("check", "p.tfplan", "--rules", stack.rules)
    assert done.returncode == 1, done.stderr
    assert "\\u001b]52;c;" in done.stdout  # shown, not obeyed
    assert not {"\x1b", "\x07", "\u202e"} & set(done.stdout + done.stderr)
