"""Real git repositories with several identities for the approval tests (provenance,
attacks, signatures, policy)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import resource_change
from tfguard import clock

NOW = "2026-11-27T12:00:00Z"
CLOCK = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
"""The real clock as the tests see it (a --now earlier than the clock never counts)."""
AUTHORED = 'approvals {\n  provenance = "authored"\n}\n'
REQUESTER, ALICE, BOB, MALLORY = (
    "agent@example.com",
    "alice@example.com",
    "bob@example.com",
    "mallory@example.com",
)
DB = {
    "identifier": "orders",
    "arn": "arn:aws:rds:us-east-1:1:db:orders",
    "skip_final_snapshot": False,
    "final_snapshot_identifier": "orders-final",
    "delete_automated_backups": False,
}


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = REQUESTER, date: str = "2026-11-27T10:00:00Z") -> str:
        name = author.split("@")[0]
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": author,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": author,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def commit(self, message: str, author: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, author=author)

    @property
    def approvals(self) -> Path:
        return self.path / "tfguard-approvals.hcl"

    def add_approver(self, name: str, author: str | None = None, entry: int = 0) -> None:
        """Add `name` on its own line to the approved_by list of entry #entry, as `author`."""
        text = self.approvals.read_text()
        spans = [m.end() for m in re.finditer(r"approved_by = \[\n", text)]
        at = spans[entry]
        self.approvals.write_text(text[:at] + f'    "{name}",\n' + text[at:])
        self.commit(f"approve as {name}", author or name)


LOST_DB = {**DB, "skip_final_snapshot": True, "delete_automated_backups": True}
"""An RDS instance whose delete keeps no backup: recovery `lost`, two approvers needed."""


def write_plan(path: Path, before: dict) -> Path:
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": [resource_change("aws_db_instance.orders", ["delete"], before, None)],
        "configuration": {"root_module": {}},
    }
    path.write_text(json.dumps(plan))
    return path


def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository holding the plan of an RDS instance's deletion (plan.json is ignored)."""
    repo = Repo(tmp_path / "infra")
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("TFGUARD_NOW", NOW)
    monkeypatch.setattr(clock, "now", lambda: CLOCK)
    (repo.path / ".tfguard.hcl").write_text(AUTHORED)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    write_plan(repo.path / "plan.json", DB)
    (repo.path / ".gitignore").write_text("plan.json\n")
    repo.commit("infra", REQUESTER)
    return repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The fixture: `make_repo` in the test's own temporary directory."""
    return make_repo(tmp_path, monkeypatch)


def requested(run, repo: Repo, *args: str) -> None:
    result = run("approve", "plan.json", "--reason", "decommission orders", *args)
    assert result.exit_code == 0, result.stderr
    repo.commit("request approval", REQUESTER)


def approval_of(result) -> dict:
    [change] = [c for c in result.json()["changes"] if c["classification"] == "destructive"]
    return change["approval"]


def check(run, *args: str):
    return run("check", "plan.json", "--format", "json", *args)


def make_keys(directory: Path, *who: str) -> dict[str, Path]:
    """An ssh signing key (no passphrase) per identity, made with ssh-keygen."""
    directory.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in who:
        key = directory / name.split("@")[0]
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
            check=True,
        )
        made[name] = key
    return made


def signers(keys: dict[str, Path], *who: str) -> str:
    """Allowed-signers lines: each identity as the principal of its own key."""
    return "".join(f"{w} {keys[w].with_suffix('.pub').read_text()}" for w in who)


def signed_commit(repo: Repo, message: str, author: str, key: Path | None) -> None:
    """Commit everything as `author`, signed with `key` (unsigned when None)."""
    repo.git("add", "-A")
    sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
    repo.git(*sign, "commit", "-q", *(["-S"] if key else []), "-m", message, author=author)
