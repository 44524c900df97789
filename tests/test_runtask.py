"""`tfguard runtask` against a fake HCP Terraform, everything over real HTTP on 127.0.0.1.

The service runs under uvicorn in a thread of the test process (a subprocess for the tests
of the command itself, in test_runtask_cli.py); requests are signed as HCP Terraform signs
them. Each test reads what reached the fake API: the callbacks' bodies, the plan downloads and
their Authorization headers.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.fake_hcp import (  # noqa: E402
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
    outcomes_of,
    payload,
)
from tfguard.errors import ConfigError  # noqa: E402
from tfguard.runtask import app, config  # noqa: E402


class Service:
    """The app under uvicorn in a thread, on 127.0.0.1."""

    def __init__(self, cfg: config.ServiceConfig) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        server_config = uvicorn.Config(
            app.create_app(cfg),
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            access_log=False,
            lifespan="on",
        )
        self.server = uvicorn.Server(server_config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def post(self, payload: dict[str, Any], key: str | None = KEY, sign: str | None = None) -> Any:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if sign is not None:
            headers["X-TFC-Task-Signature"] = sign
        elif key is not None:
            headers["X-TFC-Task-Signature"] = app.signature(key.encode(), body)
        return httpx.post(f"{self.url}/runtask", content=body, headers=headers, timeout=10)


@pytest.fixture
def hcp() -> Iterator[FakeHcp]:
    yield from fake_hcp()


@pytest.fixture
def start(hcp: FakeHcp, tmp_path: Path, rule_cache: Path) -> Iterator[Callable[..., Service]]:
    started: list[Service] = []

    def starter(**env: str) -> Service:
        environ = {
            "TFGUARD_RUNTASK_HMAC_KEY": KEY,
            "TFGUARD_RUNTASK_ALLOWED_HOSTS": f"{hcp.api},{hcp.archive}",
            "TFGUARD_RUNTASK_POLL_INTERVAL": "0.05",
            "TFGUARD_RUNTASK_CLONE_CACHE": str(tmp_path / "clones"),
            "TFGUARD_RUNTASK_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
            "PATH": os.environ["PATH"],
            **env,
        }
        cfg = dataclasses.replace(config.from_environ(environ), rule_cache=rule_cache)
        service = Service(cfg)
        started.append(service)
        return service

    yield starter
    for service in started:
        service.stop()


# --- signature, verification, health ------------------------------------------------------


def test_unsigned_and_wrongly_signed_requests_get_401_and_nothing_happens(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-1"] = PlanSpec(INCIDENT)
    service = start()
    unsigned = service.post(payload(hcp, "taskrs-1", "plan-1"), key=None)
    wrong_key = service.post(payload(hcp, "taskrs-1", "plan-1"), key="not-the-key")
    garbage = service.post(payload(hcp, "taskrs-1", "plan-1"), sign="00" * 64)
    assert [r.status_code for r in (unsigned, wrong_key, garbage)] == [401, 401, 401]
    assert "X-TFC-Task-Signature" in unsigned.json()["error"]
    time.sleep(0.3)
    assert hcp.api_hits.hits == [] and hcp.archive_hits.hits == []


def test_a_body_changed_after_signing_is_refused(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    service = start()
    body = json.dumps(payload(hcp, "taskrs-1", "plan-1")).encode()
    signed = app.signature(KEY.encode(), body)
    tampered = body.replace(b"post_plan", b"pre_apply")
    response = httpx.post(
        f"{service.url}/runtask", content=tampered, headers={"X-TFC-Task-Signature": signed}
    )
    assert response.status_code == 401


def test_verification_request_gets_200_and_no_callback(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    service = start()
    test = payload(hcp, "taskrs-test", "plan-x", access_token="test-token", stage="test")
    response = service.post(test)
    assert response.status_code == 200
    time.sleep(0.3)
    assert hcp.api_hits.hits == []


def test_previous_key_is_accepted_during_a_rotation(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    service = start(TFGUARD_RUNTASK_HMAC_KEY="new-key", TFGUARD_RUNTASK_HMAC_KEY_PREVIOUS=KEY)
    test = payload(hcp, "taskrs-test", "plan-x", access_token="test-token")
    assert service.post(test, key="new-key").status_code == 200
    assert service.post(test, key=KEY).status_code == 200
    assert service.post(test, key="older-key").status_code == 401


def test_healthz(start: Callable[..., Service]) -> None:
    service = start(TFGUARD_RUNTASK_CONCURRENCY="3")
    answer = httpx.get(f"{service.url}/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["limit"] == 3


# --- judging ------------------------------------------------------------------------------


def test_blocked_plan_fails_with_one_outcome_per_destructive_change(
    start: Callable[..., Service], hcp: FakeHcp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tfguard.runtask")
    hcp.plans["plan-1"] = PlanSpec(INCIDENT, not_ready=2)
    service = start()
    response = service.post(payload(hcp, "taskrs-1", "plan-1"))
    assert response.status_code == 200
    result = hcp.final("taskrs-1")

    attributes = result["attributes"]
    assert attributes["status"] == "failed"
    assert attributes["message"].startswith("BLOCKED: 5 destructive change(s) not approved")
    assert "no VCS connection" in attributes["message"]
    destructive = flagged(result, "Destructive")
    assert set(destructive) == INCIDENT_DESTRUCTIVE
    db = destructive["aws_db_instance.orders"]
    assert db["tags"]["Status"] == [{"label": "Not approved", "level": "error"}]
    assert db["tags"]["Recovery"][0]["label"] == "data lost"
    assert "**Reasons**" in db["body"] and "aws\\_db\\_instance" not in db["description"]
    assert db["url"].startswith("https://") and "#" in db["url"]
    assert flagged(result, "Risky")  # the risky deletes are listed too
    assert all(o["type"] == "task-result-outcomes" for o in outcomes_of(result))

    # running first, then the result; the JSON:API content type and the bearer token
    assert hcp.statuses("taskrs-1") == ["running", "failed"]
    for hit in hcp.callbacks("taskrs-1"):
        assert hit.content_type == "application/vnd.api+json"
        assert hit.authorization == f"Bearer {TOKEN}"
        assert hit.body["data"]["type"] == "task-results"
    # 204 twice, then the redirect: the token went to the API, never to the download host
    gets = hcp.plan_gets("plan-1")
    assert len(gets) == 3 and all(g.authorization == f"Bearer {TOKEN}" for g in gets)
    assert len(hcp.archive_hits.hits) == 1
    assert hcp.archive_hits.hits[0].authorization is None

    everything = json.dumps([h.body for h in hcp.callbacks("taskrs-1")]) + caplog.text
    everything += json.dumps([getattr(r, "fields", {}) for r in caplog.records])
    assert PASSWORD not in everything
    assert TOKEN not in caplog.text + json.dumps([getattr(r, "fields", {}) for r in caplog.records])

    [entry] = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert entry["verdict"] == "block" and entry["run_id"] == "run-taskrs-1"
    assert entry["actor"]["ci"] == "hcp-terraform-run-task"
    assert {c["address"] for c in entry["changes"]} == INCIDENT_DESTRUCTIVE


def test_safe_plan_passes_at_pre_apply(start: Callable[..., Service], hcp: FakeHcp) -> None:
    hcp.plans["plan-2"] = PlanSpec(SAFE, redirect=False)
    service = start()
    assert service.post(payload(hcp, "taskrs-2", "plan-2", stage="pre_apply")).status_code == 200
    result = hcp.final("taskrs-2")
    assert result["attributes"]["status"] == "passed"
    assert result["attributes"]["message"].startswith("PASS: 0 destructive")
    assert flagged(result, "Destructive") == {}


@pytest.mark.parametrize("stage", ["pre_plan", "post_apply"])
def test_other_stages_fail_saying_where_to_attach(
    start: Callable[..., Service], hcp: FakeHcp, stage: str
) -> None:
    hcp.plans["plan-3"] = PlanSpec(SAFE)
    service = start()
    assert service.post(payload(hcp, "taskrs-3", "plan-3", stage=stage)).status_code == 200
    message = hcp.final("taskrs-3")["attributes"]["message"]
    assert hcp.statuses("taskrs-3") == ["failed"]
    assert f"at {stage}" in message and "post_plan" in message and "mandatory" in message
    assert hcp.plan_gets("plan-3") == []


def test_a_plan_tfguard_cannot_read_fails_closed(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-4"] = PlanSpec(b'{"format_version": "9.0", "resource_changes": 12}')
    service = start()
    service.post(payload(hcp, "taskrs-4", "plan-4"))
    result = hcp.final("taskrs-4")
    assert result["attributes"]["status"] == "failed"
    assert result["attributes"]["message"].startswith("tfguard: error: ")


def test_duplicate_delivery_is_judged_once(start: Callable[..., Service], hcp: FakeHcp) -> None:
    hcp.plans["plan-5"] = PlanSpec(SAFE)
    service = start()
    first = service.post(payload(hcp, "taskrs-5", "plan-5"))
    again = service.post(payload(hcp, "taskrs-5", "plan-5"))
    assert first.status_code == again.status_code == 200
    assert again.json()["message"] == "already accepted"
    hcp.final("taskrs-5")
    time.sleep(0.3)
    assert hcp.statuses("taskrs-5") == ["running", "passed"]
    assert len(hcp.archive_hits.hits) == 1


# --- hosts, tokens, deadline, limits --------------------------------------------------------


def test_plan_url_outside_the_allowed_hosts_is_never_fetched(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-6"] = PlanSpec(INCIDENT)
    service = start()
    request = payload(
        hcp, "taskrs-6", "plan-6", plan_json_api_url=hcp.plan_url("plan-6", hcp.stray)
    )
    assert service.post(request).status_code == 200
    message = hcp.final("taskrs-6")["attributes"]["message"]
    assert "not an allowed host" in message and "TFGUARD_RUNTASK_ALLOWED_HOSTS" in message
    assert hcp.stray_hits.hits == []


def test_callback_url_outside_the_allowed_hosts_is_refused(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-7"] = PlanSpec(INCIDENT)
    service = start()
    request = payload(
        hcp, "taskrs-7", "plan-7", task_result_callback_url=hcp.callback_url("taskrs-7", hcp.stray)
    )
    response = service.post(request)
    assert response.status_code == 400
    assert "task_result_callback_url" in response.json()["error"]
    time.sleep(0.3)
    assert hcp.stray_hits.hits == [] and hcp.api_hits.hits == []


def test_redirect_to_a_host_not_allowed_is_not_followed(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-8"] = PlanSpec(INCIDENT)
    service = start(TFGUARD_RUNTASK_ALLOWED_HOSTS=hcp.api)
    service.post(payload(hcp, "taskrs-8", "plan-8"))
    message = hcp.final("taskrs-8")["attributes"]["message"]
    assert "redirected to 127.0.0.1:" in message and "not an allowed host" in message
    assert hcp.archive_hits.hits == []


def test_plan_that_never_gets_ready_hits_the_deadline(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-9"] = PlanSpec(INCIDENT, not_ready=-1)
    service = start(TFGUARD_RUNTASK_DEADLINE="1.5")
    began = time.monotonic()
    service.post(payload(hcp, "taskrs-9", "plan-9"))
    result = hcp.final("taskrs-9")
    assert time.monotonic() - began < 10
    message = result["attributes"]["message"]
    assert result["attributes"]["status"] == "failed"
    assert "deadline of 1.5 s reached while downloading the plan" in message
    assert len(hcp.plan_gets("plan-9")) > 3


def test_token_without_plan_access_fails_with_the_reason(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-10"] = PlanSpec(INCIDENT)
    hcp.no_plan_access.add(TOKEN)
    service = start()
    service.post(payload(hcp, "taskrs-10", "plan-10"))
    message = hcp.final("taskrs-10")["attributes"]["message"]
    assert "plan download: HCP Terraform answered 403" in message
    assert "access token was refused" in message


def test_expired_token_is_logged_when_no_result_can_be_sent(
    start: Callable[..., Service], hcp: FakeHcp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tfguard.runtask")
    hcp.plans["plan-11"] = PlanSpec(INCIDENT)
    hcp.expired.add(TOKEN)
    service = start()
    service.post(payload(hcp, "taskrs-11", "plan-11"))
    deadline = time.monotonic() + 20
    while not any(r.getMessage().startswith("result not delivered") for r in caplog.records):
        assert time.monotonic() < deadline, caplog.text
        time.sleep(0.05)
    [record] = [r for r in caplog.records if r.getMessage().startswith("result not delivered")]
    assert "answered 401" in record.getMessage()
    assert record.fields["task_result_id"] == "taskrs-11"  # type: ignore[attr-defined]
    assert TOKEN not in caplog.text


def test_concurrency_limit_answers_503(start: Callable[..., Service], hcp: FakeHcp) -> None:
    hcp.plans["slow"] = PlanSpec(INCIDENT, not_ready=-1)
    hcp.plans["plan-12"] = PlanSpec(SAFE)
    service = start(TFGUARD_RUNTASK_CONCURRENCY="1", TFGUARD_RUNTASK_DEADLINE="3")
    assert service.post(payload(hcp, "taskrs-slow", "slow")).status_code == 200
    busy = service.post(payload(hcp, "taskrs-12", "plan-12"))
    assert busy.status_code == 503
    assert "TFGUARD_RUNTASK_CONCURRENCY" in busy.json()["error"]
    assert hcp.callbacks("taskrs-12") == []
    hcp.final("taskrs-slow")  # the deadline frees the slot; HCP Terraform's retry is accepted
    time.sleep(0.2)
    assert service.post(payload(hcp, "taskrs-12", "plan-12")).status_code == 200
    assert hcp.final("taskrs-12")["attributes"]["status"] == "passed"


# --- approvals from git -------------------------------------------------------------------

REQUESTER, ALICE, BOB = "agent@example.com", "alice@example.com", "bob@example.com"


def git(repo: Path, *args: str, author: str = REQUESTER) -> str:
    name = author.split("@")[0]
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": author,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": author,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def approved_repo(
    tmp_path: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """A repository whose first commit has the infra and approval stubs, and whose head has
    every destructive change of the incident replay approved by alice and bob."""
    repo = tmp_path / "infra"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "plan.json").write_bytes(INCIDENT)
    # unsigned approvals by author email: `authored`, chosen explicitly (the default is signed)
    (repo / ".tfguard.hcl").write_text('approvals {\n  provenance = "authored"\n}\n')
    monkeypatch.chdir(repo)
    result = run("approve", "plan.json", "--reason", "decommission orders")
    assert result.exit_code == 0, result.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "request approval")
    stubs = git(repo, "rev-parse", "HEAD")
    for approver in (ALICE, BOB):
        text = (repo / "tfguard-approvals.hcl").read_text()
        text = text.replace("approved_by = [\n", f'approved_by = [\n    "{approver}",\n')
        (repo / "tfguard-approvals.hcl").write_text(text)
        git(repo, "commit", "-q", "-am", f"approve as {approver}", author=approver)
    return {"path": str(repo), "stubs": stubs, "approved": git(repo, "rev-parse", "HEAD")}


def test_approvals_come_from_the_repository_at_the_runs_commit(
    start: Callable[..., Service],
    hcp: FakeHcp,
    tmp_path: Path,
    approved_repo: dict[str, str],
) -> None:
    repo_map = tmp_path / "repos.json"
    repo_map.write_text(
        json.dumps(
            {
                "repositories": [
                    {"match": "https://github.com/acme/", "clone_url": approved_repo["path"]}
                ]
            }
        )
    )
    hcp.plans["plan-13"] = PlanSpec(INCIDENT)
    service = start(TFGUARD_RUNTASK_REPOS=str(repo_map))

    def judged_at(result_id: str, commit: str) -> dict[str, Any]:
        request = payload(
            hcp,
            result_id,
            "plan-13",
            vcs_repo_url="https://github.com/acme/infra",
            vcs_commit_url=f"https://github.com/acme/infra/commit/{commit}",
            vcs_branch="main",
        )
        assert service.post(request).status_code == 200
        return hcp.final(result_id)

    approved = judged_at("taskrs-13a", approved_repo["approved"])
    assert approved["attributes"]["status"] == "passed", approved["attributes"]["message"]
    assert approved["attributes"]["message"].startswith("PASS: 5 destructive")
    statuses = {a["tags"]["Status"][0]["label"] for a in flagged(approved, "Destructive").values()}
    assert statuses == {"Approved"}
    # the same plan at the earlier commit (stubs, nobody approved yet) is blocked
    earlier = judged_at("taskrs-13b", approved_repo["stubs"])
    assert earlier["attributes"]["status"] == "failed"
    assert earlier["attributes"]["message"].startswith("BLOCKED: 5 destructive")


def test_vcs_workspace_not_in_the_repository_map_fails_closed(
    start: Callable[..., Service], hcp: FakeHcp
) -> None:
    hcp.plans["plan-14"] = PlanSpec(SAFE)
    service = start()
    request = payload(
        hcp,
        "taskrs-14",
        "plan-14",
        vcs_repo_url="https://github.com/acme/elsewhere",
        vcs_commit_url="https://github.com/acme/elsewhere/commit/" + "a" * 40,
    )
    service.post(request)
    result = hcp.final("taskrs-14")
    assert result["attributes"]["status"] == "failed"
    assert "not in the service's repository map" in result["attributes"]["message"]


# --- configuration ------------------------------------------------------------------------


def test_the_hmac_key_is_required() -> None:
    with pytest.raises(ConfigError, match="TFGUARD_RUNTASK_HMAC_KEY is not set"):
        config.from_environ({})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TFGUARD_RUNTASK_DEADLINE", "600", "below the run task token's 600 s lifetime"),
        ("TFGUARD_RUNTASK_CONCURRENCY", "0", "expected a positive whole number"),
        ("TFGUARD_RUNTASK_ALLOWED_HOSTS", "ftp://x", "is not a host"),
        ("TFGUARD_RUNTASK_PROVENANCE", "trusted", "expected one of committed, authored"),
    ],
)
def test_bad_settings_are_refused_at_start(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config.from_environ({"TFGUARD_RUNTASK_HMAC_KEY": KEY, name: value})


def test_allowed_hosts() -> None:
    hosts = config.parse_hosts("app.terraform.io, http://127.0.0.1:8080")
    cfg = config.ServiceConfig(hmac_keys=(b"k",), allowed_hosts=hosts)
    assert cfg.host_allowed("https://app.terraform.io/api/v2/plans/p/json-output")
    assert not cfg.host_allowed("http://app.terraform.io/api/v2/plans/p/json-output")
    assert not cfg.host_allowed("https://app.terraform.io.evil.example/x")
    assert cfg.host_allowed("http://127.0.0.1:8080/x")
    assert not cfg.host_allowed("http://127.0.0.1:8081/x")
    assert not cfg.host_allowed("https://user@evil.example/@app.terraform.io/")


REVIEWED = 'approvals {\n  provenance = "reviewed"\n  allowed_approvers = ["alice", "bob"]\n}\n'


def test_reviewed_level_counts_the_pull_requests_reviews(
    start: Callable[..., Service],
    hcp: FakeHcp,
    tmp_path: Path,
    run: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.platform_fakes import FakeGitHub, serve

    repo = tmp_path / "infra"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "plan.json").write_bytes(INCIDENT)
    (repo / ".tfguard.hcl").write_text(REVIEWED)
    monkeypatch.chdir(repo)
    assert run("approve", "plan.json", "--reason", "decommission orders").exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "request approval")
    head = git(repo, "rev-parse", "HEAD")
    hcp.plans["plan-15"] = PlanSpec(INCIDENT)
    for fake in serve(FakeGitHub()):
        assert isinstance(fake, FakeGitHub)
        fake.protected_config(REVIEWED)
        fake.pull(5, "agent", head, [("alice", "APPROVED", head), ("bob", "APPROVED", head)])
        fake.pull(6, "agent", head, [("alice", "APPROVED", head)])
        entry = {
            "match": "https://github.com/acme/",
            "clone_url": str(repo),
            "token_env": "RUNTASK_TEST_GITHUB_TOKEN",
            "reviews": "github",
            "api_url": fake.url,
        }
        repo_map = tmp_path / "repos.json"
        repo_map.write_text(json.dumps({"repositories": [entry]}))
        service = start(TFGUARD_RUNTASK_REPOS=str(repo_map), RUNTASK_TEST_GITHUB_TOKEN="ghs_t")

        def judged(result_id: str, pull: int, service: Service = service) -> dict[str, Any]:
            request = payload(
                hcp,
                result_id,
                "plan-15",
                vcs_repo_url="https://github.com/acme/infra",
                vcs_commit_url=f"https://github.com/acme/infra/commit/{head}",
                vcs_pull_request_url=f"https://github.com/acme/infra/pull/{pull}",
                vcs_branch="feature",
            )
            assert service.post(request).status_code == 200
            return hcp.final(result_id)["attributes"]

        two = judged("taskrs-15a", 5)
        assert two["status"] == "passed", two["message"]
        one = judged("taskrs-15b", 6)  # one reviewer is not enough for data that is lost
        assert one["status"] == "failed" and one["message"].startswith("BLOCKED")
        assert any(r[1].startswith("/repos/acme/infra/pulls/5") for r in fake.requests)
