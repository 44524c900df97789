"""Audit records: one JSON line per decision, appended whole even with concurrent writers."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tfguard import __version__, clock
from tfguard.errors import OutputError
from tfguard.model import CoverageStatus, Verdict

CI_MARKERS = {
    "GITHUB_ACTIONS": "github-actions",
    "GITLAB_CI": "gitlab-ci",
    "CIRCLECI": "circleci",
    "BUILDKITE": "buildkite",
    "JENKINS_URL": "jenkins",
    "TF_BUILD": "azure-pipelines",
    "BITBUCKET_BUILD_NUMBER": "bitbucket-pipelines",
    "ATLANTIS_TERRAFORM_VERSION": "atlantis",
    "TFC_RUN_ID": "hcp-terraform",
}
AGENT_MARKERS = {
    "CLAUDECODE": "claude-code",
    "CURSOR_AGENT": "cursor",
    "AIDER_MODEL": "aider",
    "CODEX_SANDBOX": "codex",
    "GEMINI_CLI": "gemini-cli",
    "COPILOT_AGENT": "copilot",
}


def actor(environ: Mapping[str, str], tty: bool, account: str | None = None) -> dict[str, Any]:
    """Who or what ran tfguard: informational only, never a way to relax a check.

    `user` is the login name from the environment, else `account` (the operating system's name
    for the process's user, `os_account()`): containers and CI runners often leave $USER unset.
    """
    return {
        "ci": next((name for var, name in CI_MARKERS.items() if environ.get(var)), None),
        "agent": next((name for var, name in AGENT_MARKERS.items() if environ.get(var)), None),
        "tty": tty,
        "user": environ.get("USER") or environ.get("LOGNAME") or environ.get("USERNAME") or account,
    }


def os_account() -> str | None:
    """The process's user name from the account database, or its uid when it has no entry."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        getuid = getattr(os, "getuid", None)
        return f"uid {getuid()}" if getuid else None


def record(verdict: Verdict, now: datetime, who: Mapping[str, Any]) -> dict[str, Any]:
    """`time` is the real clock; `now` (the time asked for with --now) is recorded as
    `clock_override` when it differs, never in its place."""
    destructive = [a for a in verdict.assessments if a.fingerprint]
    real = clock.now()
    override = now.isoformat() if abs((now - real).total_seconds()) > 5 else None
    return {
        "time": real.isoformat(),
        "clock_override": override,
        "tfguard_version": __version__,
        "verdict": "pass" if verdict.passed else "block",
        "plans": [{"source": p.source, "sha256": p.sha256} for p in verdict.plans],
        "changes": [
            {
                "address": a.change.key,
                "plan": a.change.plan,
                "actions": list(a.change.actions),
                "fingerprint": a.fingerprint,
                "approval": str(a.coverage.status if a.coverage else CoverageStatus.MISSING),
                "approvers": list(a.coverage.approvers) if a.coverage else [],
                "approval_entry": a.coverage.approval.index + 1
                if a.coverage and a.coverage.approval
                else None,
            }
            for a in destructive
        ],
        "approval_file": verdict.approvals.source if verdict.approvals else None,
        "authoritative": verdict.approvals.authoritative if verdict.approvals else True,
        "actor": dict(who),
    }


def append(path: Path, entry: Mapping[str, Any], what: str = "the audit log") -> None:
    """One write() of one line under an exclusive lock, with O_APPEND: records never interleave."""
    line = (json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n").encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write {what}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
    finally:
        os.close(fd)
