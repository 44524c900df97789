"""Audit records name the actor even where $USER is unset (containers, CI runners)."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

from tests.helpers import REPO
from tfguard import audit


def test_actor_falls_back_to_the_account_name() -> None:
    assert audit.actor({}, False, "runner")["user"] == "runner"
    assert audit.actor({"LOGNAME": "ann"}, False, "runner")["user"] == "ann"
    assert audit.actor({"USER": "bob", "LOGNAME": "ann"}, False, "runner")["user"] == "bob"


def test_os_account_is_the_process_user() -> None:
    assert audit.os_account() == pwd.getpwuid(os.getuid()).pw_name


def test_check_records_the_account_when_user_is_unset(run, monkeypatch, tmp_path: Path) -> None:
    for name in ("USER", "LOGNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    log = tmp_path / "audit.jsonl"
    plan = REPO / "examples" / "safe-tags" / "plan.json"
    assert run("check", plan, "--audit-log", log).exit_code == 0
    entry = json.loads(log.read_text().splitlines()[-1])
    assert entry["actor"]["user"] == pwd.getpwuid(os.getuid()).pw_name
