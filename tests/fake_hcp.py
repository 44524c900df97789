"""A fake HCP Terraform for the run task tests, over real HTTP on 127.0.0.1.

`api` serves the plan JSON endpoint (`/api/v2/plans/<id>/json-output`: 204 while not ready,
then a 307 to `archive`, a second server on another port standing for the pre-signed download
host) and the task result callback (`/api/v2/task-results/<id>/callback`, recording every
PATCH). Tokens in `expired` get 401 everywhere, tokens in `no_plan_access` get 403 from the
plan endpoint only. `archive` records whether an Authorization header ever reached it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.helpers import REPO

TOKEN = "hcp-run-task-token-3f9a"  # a token value that must never show up in a log or result
KEY = "runtask-hmac-key-for-tests"
INCIDENT = (REPO / "examples" / "incident-replay" / "plan.json").read_bytes()
SAFE = (REPO / "examples" / "safe-tags" / "plan.json").read_bytes()
PASSWORD = "Tr0ub4dor-and-3-horses"  # sensitive in the incident replay plan
INCIDENT_DESTRUCTIVE = {
    "aws_db_instance.orders",
    "aws_db_snapshot.orders_pre_migration",
    "aws_s3_bucket.backups",
    "aws_backup_vault.orders",
    "aws_s3_bucket_versioning.backups",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class PlanSpec:
    document: bytes
    not_ready: int = 0
    """Answers 204 this many times first; -1: forever (a plan that never becomes ready)."""
    redirect: bool = True


@dataclass
class Hit:
    method: str
    path: str
    authorization: str | None
    content_type: str | None
    body: Any = None


@dataclass
class Recorder:
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)


class _Server(ThreadingHTTPServer):
    daemon_threads = True


def _start(handler: type[BaseHTTPRequestHandler]) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class FakeHcp:
    def __init__(self) -> None:
        self.plans: dict[str, PlanSpec] = {}
        self.expired: set[str] = set()
        self.no_plan_access: set[str] = set()
        self.api_hits = Recorder()
        self.archive_hits = Recorder()
        self.stray_hits = Recorder()
        self._servers: list[_Server] = []
        self.api = self._serve(self._api_handler())
        self.archive = self._serve(self._archive_handler())
        self.stray = self._serve(self._recording_handler(self.stray_hits))
        """A host the service is never allowed to reach: it records any request."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> str:
        server, url = _start(handler)
        self._servers.append(server)
        return url

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    # -- what tests read ------------------------------------------------------------------

    def plan_url(self, plan_id: str, base: str | None = None) -> str:
        return f"{base or self.api}/api/v2/plans/{plan_id}/json-output"

    def callback_url(self, result_id: str, base: str | None = None) -> str:
        return f"{base or self.api}/api/v2/task-results/{result_id}/callback"

    def callbacks(self, result_id: str) -> list[Hit]:
        path = f"/api/v2/task-results/{result_id}/callback"
        with self.api_hits.lock:
            return [h for h in self.api_hits.hits if h.method == "PATCH" and h.path == path]

    def statuses(self, result_id: str) -> list[str]:
        return [h.body["data"]["attributes"]["status"] for h in self.callbacks(result_id)]

    def final(self, result_id: str, timeout: float = 30.0) -> dict[str, Any]:
        """The first passed/failed result PATCHed for `result_id` (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for hit in self.callbacks(result_id):
                if hit.body["data"]["attributes"]["status"] in ("passed", "failed"):
                    data: dict[str, Any] = hit.body["data"]
                    return data
            time.sleep(0.05)
        raise AssertionError(f"no final result for {result_id}: {self.statuses(result_id)}")

    def plan_gets(self, plan_id: str) -> list[Hit]:
        path = f"/api/v2/plans/{plan_id}/json-output"
        with self.api_hits.lock:
            return [h for h in self.api_hits.hits if h.path == path]

    # -- handlers -------------------------------------------------------------------------

    def _api_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Api(_Quiet):
            def do_GET(self) -> None:
                fake.api_hits.add(self.hit())
                token = self.token()
                parts = self.path.strip("/").split("/")
                if parts[:3] != ["api", "v2", "plans"] or len(parts) != 5:
                    return self.reply(404)
                if token in fake.expired or not token:
                    return self.reply(401, {"errors": [{"status": "401"}]})
                if token in fake.no_plan_access:
                    return self.reply(403, {"errors": [{"status": "403"}]})
                spec = fake.plans.get(parts[3])
                if spec is None:
                    return self.reply(404)
                if spec.not_ready:
                    spec.not_ready -= 1 if spec.not_ready > 0 else 0
                    return self.reply(204)
                if spec.redirect:
                    self.send_response(307)
                    self.send_header("Location", f"{fake.archive}/blob/{parts[3]}?signature=x")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return self.reply(200, raw=spec.document)

            def do_PATCH(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                fake.api_hits.add(self.hit(body))
                if self.token() in fake.expired or not self.token():
                    return self.reply(401, {"errors": [{"status": "401"}]})
                return self.reply(200, {"data": body["data"]})

        return Api

    def _archive_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Archive(_Quiet):
            def do_GET(self) -> None:
                fake.archive_hits.add(self.hit())
                plan_id = self.path.split("?")[0].rsplit("/", 1)[-1]
                spec = fake.plans.get(plan_id)
                if spec is None:
                    return self.reply(404)
                return self.reply(200, raw=spec.document)

        return Archive

    @staticmethod
    def _recording_handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
        class Stray(_Quiet):
            def do_GET(self) -> None:
                recorder.add(self.hit())
                self.reply(200, {})

            def do_PATCH(self) -> None:
                recorder.add(self.hit())
                self.reply(200, {})

        return Stray


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def hit(self, body: Any = None) -> Hit:
        return Hit(
            self.command,
            self.path.split("?")[0],
            self.headers.get("Authorization"),
            self.headers.get("Content-Type"),
            body,
        )

    def token(self) -> str:
        auth = self.headers.get("Authorization") or ""
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""

    def reply(self, code: int, document: Any = None, raw: bytes | None = None) -> None:
        data = (
            raw if raw is not None else (b"" if document is None else json.dumps(document).encode())
        )
        self.send_response(code)
        if code != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if code != 204:
            self.wfile.write(data)


def fake_hcp() -> Iterator[FakeHcp]:
    fake = FakeHcp()
    try:
        yield fake
    finally:
        fake.close()


def payload(hcp: FakeHcp, result_id: str, plan_id: str, **extra: Any) -> dict[str, Any]:
    """A run task request as HCP Terraform sends it (payload_version 1)."""
    document: dict[str, Any] = {
        "payload_version": 1,
        "stage": "post_plan",
        "access_token": TOKEN,
        "capabilities": {"outcomes": True},
        "configuration_version_download_url": f"{hcp.api}/api/v2/configuration-versions/cv-1/"
        "download",
        "configuration_version_id": "cv-1",
        "is_speculative": False,
        "organization_name": "acme",
        "plan_json_api_url": hcp.plan_url(plan_id),
        "run_app_url": "https://app.terraform.io/app/acme/orders-prod/runs/run-1",
        "run_created_at": "2026-11-30T05:00:00.000Z",
        "run_created_by": "agent",
        "run_id": f"run-{result_id}",
        "run_message": "Triggered via UI",
        "task_result_callback_url": hcp.callback_url(result_id),
        "task_result_enforcement_level": "mandatory",
        "task_result_id": result_id,
        "vcs_branch": None,
        "vcs_commit_url": None,
        "vcs_pull_request_url": None,
        "vcs_repo_url": None,
        "workspace_app_url": "https://app.terraform.io/app/acme/orders-prod",
        "workspace_id": "ws-1",
        "workspace_name": "orders-prod",
        "workspace_working_directory": "",
    }
    document.update(extra)
    return document


def outcomes_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (
        result.get("relationships", {}).get("outcomes", {}).get("data", [])
    )
    return found


def flagged(result: dict[str, Any], severity: str) -> dict[str, dict[str, Any]]:
    """Outcome attributes by address, for one severity label."""
    return {
        o["attributes"]["outcome-id"]: o["attributes"]
        for o in outcomes_of(result)
        if o["attributes"]["tags"]["Severity"][0]["label"] == severity
    }
