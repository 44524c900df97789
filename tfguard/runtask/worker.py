"""One run task request, from the verified payload to the final callback.

`running` first, then the plan, the approvals and the gate, then `passed` or `failed`. Whatever
happens (HCP Terraform refusing, git failing, a bad plan, the deadline, a bug) the last PATCH
is `failed` with the reason: the service never leaves a run waiting in silence.
"""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx

from tfguard import audit
from tfguard import pipeline as gate
from tfguard.errors import HcpError, TfguardError
from tfguard.model import Level, Verdict
from tfguard.platform import reviewed
from tfguard.read import config as gate_config
from tfguard.record import record
from tfguard.runtask import hcp, outcomes, repos
from tfguard.runtask.config import ServiceConfig

log = logging.getLogger("tfguard.runtask")

JUDGED_STAGES = ("post_plan", "pre_apply")
CALLBACK_RESERVE = 15.0
"""Seconds of the token's life kept for the final PATCH after the deadline."""


@record
class Payload:
    """The fields of HashiCorp's run task request (payload_version 1) that tfguard uses."""

    stage: str
    access_token: str
    task_result_id: str
    callback_url: str
    plan_url: str
    run_id: str
    organization: str
    workspace: str
    workspace_dir: str
    vcs_repo_url: str
    vcs_commit_url: str
    vcs_pull_request_url: str
    vcs_branch: str
    run_created_by: str
    is_speculative: bool

    @classmethod
    def parse(cls, document: Any) -> Payload:
        """Raises ValueError with the reason when the request is not one tfguard can act on."""
        if not isinstance(document, dict):
            raise ValueError("the body is not a JSON object")
        if document.get("payload_version") != 1:
            raise ValueError(f"payload_version {document.get('payload_version')!r} (expected 1)")

        def text(key: str) -> str:
            value = document.get(key)
            return value if isinstance(value, str) else ""

        for key in ("access_token", "task_result_callback_url", "stage"):
            if not text(key):
                raise ValueError(f"{key} is missing")
        return cls(
            stage=text("stage"),
            access_token=text("access_token"),
            task_result_id=text("task_result_id"),
            callback_url=text("task_result_callback_url"),
            plan_url=text("plan_json_api_url"),
            run_id=text("run_id"),
            organization=text("organization_name"),
            workspace=text("workspace_name"),
            workspace_dir=text("workspace_working_directory"),
            vcs_repo_url=text("vcs_repo_url"),
            vcs_commit_url=text("vcs_commit_url"),
            vcs_pull_request_url=text("vcs_pull_request_url"),
            vcs_branch=text("vcs_branch"),
            run_created_by=text("run_created_by"),
            is_speculative=document.get("is_speculative") is True,
        )

    @property
    def is_test(self) -> bool:
        """HCP Terraform's verification request when a run task is created or edited."""
        return self.access_token == "test-token" or self.stage == "test"

    def fields(self) -> dict[str, Any]:
        """What log lines may say about this request (no token, no URL with a signature)."""
        return {
            "task_result_id": self.task_result_id,
            "run_id": self.run_id,
            "organization": self.organization,
            "workspace": self.workspace,
            "stage": self.stage,
        }


class Job:
    def __init__(self, payload: Payload, cfg: ServiceConfig, client: httpx.AsyncClient) -> None:
        self.payload = payload
        self.cfg = cfg
        self.client = client
        self.phase = "starting"
        self.started = time.monotonic()

    async def run(self) -> str:
        """Judge and report; returns the status sent (or `unsent` when the callback failed)."""
        try:
            body = await asyncio.wait_for(self._judge(), self.cfg.deadline)
        except asyncio.TimeoutError:
            body = outcomes.result(
                "failed",
                f"tfguard: deadline of {self.cfg.deadline:g} s reached while {self.phase}; "
                "the run is not judged (raise TFGUARD_RUNTASK_DEADLINE, below 600 s, or "
                "TFGUARD_RUNTASK_CONCURRENCY if runs queue)",
            )
        except HcpError as exc:
            body = outcomes.result("failed", f"tfguard: {exc}")
        except TfguardError as exc:
            body = outcomes.result("failed", f"tfguard: error: {exc}")
        except Exception as exc:  # fail closed, and say so: never silence
            log.exception("internal error", extra={"fields": self.payload.fields()})
            body = outcomes.result(
                "failed",
                f"tfguard: internal error ({type(exc).__name__}) while {self.phase}; "
                "see the service log",
            )
        status: str = body["data"]["attributes"]["status"]
        return status if await self._send(body) else "unsent"

    async def _send(self, body: dict[str, Any]) -> bool:
        try:
            await asyncio.wait_for(
                hcp.send_result(
                    self.client, self.payload.callback_url, self.payload.access_token, body
                ),
                CALLBACK_RESERVE,
            )
        except (HcpError, asyncio.TimeoutError) as exc:
            reason = str(exc) or "timed out"
            log.error(
                "result not delivered: %s",
                reason,
                extra={"fields": {**self.payload.fields(), "status": _status(body)}},
            )
            return False
        return True

    async def _judge(self) -> dict[str, Any]:
        p = self.payload
        if p.stage not in JUDGED_STAGES:
            return outcomes.result(
                "failed",
                f"tfguard judges plans at the post_plan or pre_apply stage; this request came "
                f"at {p.stage}: attach the run task to the workspace at post_plan (or "
                "pre_apply) with the mandatory enforcement level",
            )
        if not p.plan_url:
            return outcomes.result("failed", "tfguard: the request has no plan_json_api_url")
        if not self.cfg.host_allowed(p.plan_url):
            return outcomes.result(
                "failed",
                f"tfguard: plan_json_api_url host {hcp.host_of(p.plan_url)} is not an allowed "
                "host (TFGUARD_RUNTASK_ALLOWED_HOSTS); nothing was downloaded",
            )
        self.phase = "reporting that the check is running"
        await hcp.send_result(
            self.client,
            p.callback_url,
            p.access_token,
            outcomes.result("running", "tfguard is judging the plan"),
        )
        self.phase = "downloading the plan"
        document = await hcp.fetch_plan(
            self.client,
            p.plan_url,
            p.access_token,
            self.cfg.host_allowed,
            self.cfg.poll_interval,
            self.cfg.max_plan_bytes,
        )
        self.phase = "checking out the approvals and judging the plan"
        verdict, notes, now = await asyncio.to_thread(self._gate, document)
        self._audit(verdict, now)
        return outcomes.judged(verdict, notes)

    def _remaining(self) -> float:
        return self.cfg.deadline - (time.monotonic() - self.started)

    def _gate(self, document: bytes) -> tuple[Verdict, list[str], datetime]:
        """Runs in a worker thread: git and the gate are blocking."""
        p = self.payload
        now = datetime.now(timezone.utc)
        with tempfile.TemporaryDirectory(prefix="tfguard-runtask-") as tmp:
            work, notes, where = self._workspace(Path(tmp))
            label = f"{p.run_id or 'run'}.json"
            cfg = gate_config.resolve(None, work)
            level = max(self.cfg.level, cfg.level)
            if level is Level.REVIEWED and where is None:
                raise TfguardError(
                    "provenance `reviewed` needs the pull request's reviews: give this "
                    'repository "reviews": "github" (and its "api_url") in TFGUARD_RUNTASK_REPOS'
                )
            request = gate.Request(
                plans=[label],
                now=now,
                stdin=io.BytesIO(),
                cwd=work,
                rule_dirs=self.cfg.rule_dirs,
                cache_dir=self.cfg.rule_cache,
                level=level,
                documents={label: document},
                config_dir=work if any(work.glob("*.tf")) else None,
                platform=where or reviewed.Where({}),
            )
            verdict, _ = gate.judge(request)
        return verdict, notes, now

    def _audit(self, verdict: Verdict, now: datetime) -> None:
        """The CLI's audit record, plus the run; written only for a result that is sent (a job
        past its deadline never records the verdict it reached too late)."""
        if self.cfg.audit_log is None:
            return
        p = self.payload
        user = p.run_created_by or None
        who = {"ci": "hcp-terraform-run-task", "agent": None, "tty": False, "user": user}
        entry = audit.record(verdict, now, who)
        entry.update(run_id=p.run_id, workspace=p.workspace, stage=p.stage)
        audit.append(self.cfg.audit_log, entry)

    def _workspace(self, tmp: Path) -> tuple[Path, list[str], reviewed.Where | None]:
        """The directory the gate runs in: the workspace's repository at the run's commit, or
        an empty directory (no approvals) for a workspace without VCS; and where its pull
        request's reviews are, when the repository map says."""
        p = self.payload
        empty = tmp / "no-repository"
        empty.mkdir()
        if not p.vcs_repo_url:
            return (
                empty,
                [
                    "This workspace has no VCS connection: approvals come only from git, so "
                    "none were counted."
                ],
                None,
            )
        repository = self.cfg.repository_for(p.vcs_repo_url)
        if repository is None:
            raise TfguardError(
                f"workspace repository {p.vcs_repo_url} is not in the service's repository map "
                "(TFGUARD_RUNTASK_REPOS): its approvals cannot be read"
            )
        commit = repos.commit_of(p.vcs_commit_url)
        if commit is None:
            raise TfguardError("the request names no commit (vcs_commit_url) to read approvals at")
        clone = repos.checkout(
            repository,
            p.vcs_repo_url,
            commit,
            self.cfg.clone_cache,
            tmp / "repository",
            self.cfg.environ,
            self._remaining(),
        )
        work = (clone / p.workspace_dir).resolve() if p.workspace_dir else clone
        if not work.is_relative_to(clone.resolve()) or not work.is_dir():
            raise TfguardError(
                f"workspace working directory {p.workspace_dir!r} is not a directory of the "
                f"repository at {commit[:12]}"
            )
        where = repos.reviews_at(
            repository,
            p.vcs_repo_url,
            p.vcs_pull_request_url,
            p.vcs_branch,
            commit,
            self.cfg.environ,
        )
        return work, [], where


def _status(body: dict[str, Any]) -> str:
    status: str = body["data"]["attributes"]["status"]
    return status
