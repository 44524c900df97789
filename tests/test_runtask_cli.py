"""`tfguard runtask` started as the README says, as a real process on 127.0.0.1, against the
fake HCP Terraform: a signed post-plan request for the incident replay fails with one outcome
per destructive change, the safe plan passes, an unsigned request is refused. Also the
refusals at start (no extra, no key) and the container image's command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fake_hcp import (
    INCIDENT,
    INCIDENT_DESTRUCTIVE,
    KEY,
    PASSWORD,
    SAFE,
    TOKEN,
    FakeHcp,
    PlanSpec,
    fake_hcp,
    flagged,
    free_port,
    payload,
)
from tests.helpers import REPO

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tfguard.runtask import app  # noqa: E402

TFGUARD = Path(sys.executable).parent / "tfguard"


@pytest.fixture
def hcp() -> Iterator[FakeHcp]:
    yield from fake_hcp()


@pytest.fixture
def service(hcp: FakeHcp, tmp_path: Path, rule_cache: Path) -> Iterator[dict[str, Any]]:
    port = free_port()
    env = {
        **os.environ,
        "TFGUARD_RUNTASK_HMAC_KEY": KEY,
        "TFGUARD_RUNTASK_ALLOWED_HOSTS": f"{hcp.api},{hcp.archive}",
        "TFGUARD_RUNTASK_POLL_INTERVAL": "0.05",
        "TFGUARD_RUNTASK_CLONE_CACHE": str(tmp_path / "clones"),
        "TFGUARD_CACHE_DIR": str(rule_cache),
    }
    log = (tmp_path / "service.log").open("w")
    process = subprocess.Popen(
        [str(TFGUARD), "runtask", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "service.log").read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "tfguard runtask did not start"
            time.sleep(0.1)
        yield {"url": url, "log": tmp_path / "service.log"}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def post(url: str, document: dict[str, Any], signed: bool = True) -> Any:
    body = json.dumps(document).encode()
    headers = {"X-TFC-Task-Signature": app.signature(KEY.encode(), body)} if signed else {}
    return httpx.post(f"{url}/runtask", content=body, headers=headers, timeout=10)


def test_the_service_judges_signed_requests_and_refuses_unsigned_ones(
    service: dict[str, Any], hcp: FakeHcp
) -> None:
    hcp.plans["incident"] = PlanSpec(INCIDENT, not_ready=1)
    hcp.plans["safe"] = PlanSpec(SAFE)

    refused = post(service["url"], payload(hcp, "taskrs-u", "incident"), signed=False)
    assert refused.status_code == 401
    assert post(service["url"], payload(hcp, "taskrs-b", "incident")).status_code == 200
    assert post(service["url"], payload(hcp, "taskrs-p", "safe")).status_code == 200

    blocked = hcp.final("taskrs-b", timeout=180)  # a cold rule cache on a busy machine
    assert blocked["attributes"]["status"] == "failed"
    assert set(flagged(blocked, "Destructive")) == INCIDENT_DESTRUCTIVE
    assert hcp.final("taskrs-p", timeout=180)["attributes"]["status"] == "passed"
    assert hcp.callbacks("taskrs-u") == []

    # structured logs: one JSON object per line, never the token or a plan value
    time.sleep(0.3)
    text = service["log"].read_text()
    events = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert {"listening", "judging", "done"} <= {e["event"] for e in events}
    done = [e for e in events if e["event"] == "done"]
    assert {e["task_result_id"]: e["status"] for e in done} == {
        "taskrs-b": "failed",
        "taskrs-p": "passed",
    }
    assert TOKEN not in text and PASSWORD not in text


def test_without_the_extra_the_command_says_how_to_install_it(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tfguard.runtask

    monkeypatch.setattr(tfguard.runtask, "missing_modules", lambda: ["starlette"])
    result = run("runtask", "--port", "8080")
    assert result.exit_code == 2
    assert "pip install 'tfguard[runtask]'" in result.stderr


def test_without_the_hmac_key_the_service_does_not_start(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TFGUARD_RUNTASK_HMAC_KEY", raising=False)
    result = run("runtask", "--port", "8080")
    assert result.exit_code == 2
    assert "TFGUARD_RUNTASK_HMAC_KEY is not set" in result.stderr


def test_container_image_runs_the_service_unprivileged() -> None:
    text = (REPO / "Dockerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    assert "pip install --no-cache-dir '/src[runtask]'" in text
    assert any(line.startswith("USER ") and line != "USER root" for line in lines)
    entrypoint = json.loads(next(line for line in lines if line.startswith("ENTRYPOINT "))[11:])
    [command_line] = [line for line in lines if line.startswith("CMD [")]  # not HEALTHCHECK's
    command = json.loads(command_line[4:])
    assert entrypoint + command == ["tfguard", "runtask", "--host", "0.0.0.0", "--port", "8080"]
    assert "EXPOSE 8080" in lines
