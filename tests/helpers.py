"""Builders the tests share: real plan-JSON dicts, the built-in rulebook, a fake terraform.

Test modules import from here, never from tests/conftest.py (fixtures only) or from each other.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tfguard.judge import approvals
from tfguard.judge.classify import classify
from tfguard.model import ApprovalSet, Assessment, EntryProvenance, Rulebook
from tfguard.read import plan, rulebook

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def resource_change(
    address: str,
    actions: list[str],
    before: Any = None,
    after: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One `resource_changes` entry as `terraform show -json` writes it."""
    parts = address.split(".")
    while parts[0] == "module":
        parts = parts[2:]
    mode = "data" if parts[0] == "data" else "managed"
    resource_type, name = parts[-2], parts[-1].split("[")[0]
    change: dict[str, Any] = {
        "actions": actions,
        "before": before,
        "after": after,
        "after_unknown": extra.pop("after_unknown", {}),
        "before_sensitive": extra.pop("before_sensitive", False if before is None else {}),
        "after_sensitive": extra.pop("after_sensitive", False if after is None else {}),
    }
    for key in ("replace_paths", "importing"):
        if key in extra:
            change[key] = extra.pop(key)
    entry: dict[str, Any] = {
        "address": address,
        "mode": mode,
        "type": resource_type,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/" + resource_type.split("_")[0],
        "change": change,
    }
    if address.startswith("module."):
        entry["module_address"] = ".".join(address.split(".")[:-2])
    entry.update(extra)
    return entry


def plan_document(*changes: dict[str, Any], **top: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": list(changes),
        "configuration": {"root_module": {}},
        "complete": True,
        "errored": False,
    }
    document.update(top)
    return document


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@functools.cache
def book() -> Rulebook:
    """The built-in rulebook, loaded once per test session."""
    return rulebook.load()


def assess(
    address: str, actions: list[str], before: Any = None, after: Any = None, **extra: Any
) -> Assessment:
    """Classify one change against the built-in rulebook (actions `["invoke"]`: an action
    block, Terraform 1.14+ `action_invocations`, configured with `after`)."""
    if actions == ["invoke"]:
        document = plan_document(action_invocations=[invocation(address, after)])
    else:
        document = plan_document(resource_change(address, actions, before, after, **extra))
    parsed = plan.parse(json.dumps(document).encode(), "p.json")
    return classify(parsed.changes, book())[0]


def invocation(address: str, config: Any) -> dict[str, Any]:
    """One `action_invocations` entry, invoked with `-invoke`."""
    kind, name = address.split(".")[-2:]
    return {
        "address": address,
        "type": kind,
        "name": name,
        "config_values": config,
        "config_sensitive": {},
        "config_unknown": {},
        "provider_name": "registry.terraform.io/hashicorp/" + kind.split("_")[0],
        "invoke_action_trigger": {},
    }


def fired(assessment: Assessment) -> set[str]:
    """The ids of the rules that fired on `assessment`."""
    return {f.rule for f in assessment.findings}


FAKE_TERRAFORM = """\
import json, os, signal, sys, time

args = sys.argv[1:]
if os.environ.get("FAKE_LOG"):
    with open(os.environ["FAKE_LOG"], "a") as log:
        log.write(json.dumps(args) + "\\n")
if args and args[0].startswith("-chdir="):
    args.pop(0)
command = args[0] if args else ""


def code(name):
    return int(os.environ.get(name) or 0)


if command == "plan":
    out = next(a.split("=", 1)[1] for a in args if a.startswith("-out="))
    if os.environ.get("FAKE_PLAN_SLEEP"):
        def interrupted(signum, frame):
            with open(os.environ["FAKE_SIGNALS"], "a") as handle:
                handle.write(f"{signum}\\n")
            sys.exit(130)
        signal.signal(signal.SIGINT, interrupted)
        with open(out, "wb") as handle:  # a half-written plan in tfguard's temporary directory
            handle.write(b"partial")
        open(os.environ["FAKE_READY"], "w").close()
        time.sleep(float(os.environ["FAKE_PLAN_SLEEP"]))
    print("fake terraform: planning")
    with open(out, "wb") as handle:
        handle.write(os.environ.get("FAKE_PLAN_BYTES", "PK\\x03\\x04 fake plan").encode())
    sys.exit(code("FAKE_PLAN_EXIT"))
if command == "show":
    if code("FAKE_SHOW_EXIT"):
        sys.stderr.write("Error: Failed to read the given file as a state or plan file\\n")
        sys.exit(code("FAKE_SHOW_EXIT"))
    with open(os.environ["FAKE_SHOW"], "rb") as handle:
        sys.stdout.buffer.write(handle.read())
    sys.exit(0)
if command == "apply":
    with open(args[-1], "rb") as src, open(os.environ["FAKE_APPLIED"], "wb") as dst:
        dst.write(src.read())
    print("fake terraform: applying")
    sys.exit(code("FAKE_APPLY_EXIT"))
print("fake terraform:", " ".join(args))
sys.exit(code("FAKE_OTHER_EXIT"))
"""


def write_fake_terraform(path: Path) -> Path:
    path.write_text(f"#!{sys.executable}\n{FAKE_TERRAFORM}")
    path.chmod(0o755)
    return path


# --- real git repositories with fixed identities and dates ---------------------------------

ENV = {
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.com",
    "GIT_AUTHOR_DATE": "2026-11-27T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-27T10:00:00Z",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}

GUARDED = """\
resource "aws_db_instance" "main" {
  engine = var.engine
  lifecycle {
    prevent_destroy = true
  }
}
"""

UNGUARDED = """\
resource "aws_db_instance" "main" {
  engine = var.engine
}
"""
Files = dict[str, str]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def write(root: Path, files: Files) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def make_repo(tmp_path: Path, base: Files, work: Files) -> Path:
    """A repo whose `base` branch holds `base` under infra/, with `work` in the working tree."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "base")
    write(root / "infra", base)
    (root / "README").write_text("x\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    for path in base:
        (root / "infra" / path).unlink()
    write(root / "infra", work)
    return root / "infra"


# --- approvals -----------------------------------------------------------------------------

NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)


def entry_text(**fields: Any) -> str:
    values = {
        "address": "aws_db_instance.orders",
        "actions": ["delete"],
        "fingerprint": "sha256:" + "0" * 64,
        "reason": "decommission",
        "expires": "2026-12-01T00:00:00Z",
        "approved_by": ["alice@example.com"],
    }
    values.update(fields)
    body = "\n".join(f"  {k} = {json.dumps(v)}" for k, v in values.items() if v is not None)
    return "approval {\n" + body + "\n}\n"


def approval_set(assessment: Assessment, **fields: Any) -> ApprovalSet:
    text = entry_text(fingerprint=assessment.fingerprint, **fields)
    entries = approvals.parse({"approval": [parsed_entry(text)]}, "a.hcl")
    proofs = tuple(EntryProvenance(e.approved_by, (), NOW - timedelta(hours=1)) for e in entries)
    return ApprovalSet("a.hcl", entries, proofs)


def parsed_entry(text: str) -> dict[str, Any]:
    from tfguard.read import hcl

    return hcl.loads(text, "a.hcl")["approval"][0]


def covered(assessment: Assessment, policy: approvals.Policy | None = None, **fields: Any):
    return approvals.cover(
        assessment, approval_set(assessment, **fields), policy or approvals.Policy(), NOW
    )
