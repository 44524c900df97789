"""The ASGI app: `POST /runtask` (HashiCorp's run task integration API) and `GET /healthz`.

Order of checks on a request, none of which does anything outward before the signature holds:
size → signature (401, nothing else happens) → payload → verification request (200) →
callback host (400: no result could be sent) → duplicate task_result_id (200, no second job)
→ concurrency limit (503, HCP Terraform retries) → 200 and a background job.

Stateless: the only memory is the de-duplication window and the jobs in flight. A duplicate
delivered to another replica is judged again and PATCHes the same result.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from hashlib import sha512
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tfguard import __version__
from tfguard.runtask import hcp
from tfguard.runtask.config import ServiceConfig
from tfguard.runtask.worker import Job, Payload

log = logging.getLogger("tfguard.runtask")

SIGNATURE_HEADER = "X-TFC-Task-Signature"
MAX_REQUEST_BYTES = 1024 * 1024
DEDUPE_SECONDS = 3600.0
DEDUPE_ENTRIES = 10_000


def signature(key: bytes, body: bytes) -> str:
    """HMAC-SHA512 of the raw body, hex: what HCP Terraform sends in X-TFC-Task-Signature."""
    return hmac.new(key, body, sha512).hexdigest()


class Service:
    def __init__(self, cfg: ServiceConfig) -> None:
        self.cfg = cfg
        self.client: httpx.AsyncClient | None = None
        self.jobs: set[asyncio.Task[None]] = set()
        self.seen: OrderedDict[str, float] = OrderedDict()

    def signed(self, body: bytes, header: str | None) -> bool:
        if not header:
            return False
        given = header.strip().lower()
        return any(hmac.compare_digest(signature(key, body), given) for key in self.cfg.hmac_keys)

    def duplicate(self, task_result_id: str) -> bool:
        """True when this task result was accepted within the de-duplication window."""
        now = time.monotonic()
        while self.seen and next(iter(self.seen.values())) < now - DEDUPE_SECONDS:
            self.seen.popitem(last=False)
        return task_result_id in self.seen

    def remember(self, task_result_id: str) -> None:
        self.seen[task_result_id] = time.monotonic()
        if len(self.seen) > DEDUPE_ENTRIES:
            self.seen.popitem(last=False)

    def start(self, payload: Payload) -> None:
        assert self.client is not None
        job = Job(payload, self.cfg, self.client)
        task = asyncio.create_task(self._run(job))
        self.jobs.add(task)
        task.add_done_callback(self.jobs.discard)

    async def _run(self, job: Job) -> None:
        fields = job.payload.fields()
        log.info("judging", extra={"fields": fields})
        status = await job.run()
        seconds = round(time.monotonic() - job.started, 3)
        log.info("done", extra={"fields": {**fields, "status": status, "seconds": seconds}})


def create_app(cfg: ServiceConfig) -> Starlette:
    service = Service(cfg)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        timeout = httpx.Timeout(30.0, connect=10.0)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            service.client = client
            yield
            for task in list(service.jobs):
                task.cancel()

    async def runtask(request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _answer(413, f"request larger than {MAX_REQUEST_BYTES} bytes")
        if not service.signed(body, request.headers.get(SIGNATURE_HEADER)):
            log.warning("refused: bad or missing signature", extra={"fields": _peer(request)})
            return _answer(401, f"missing or invalid {SIGNATURE_HEADER}")
        try:
            payload = Payload.parse(json.loads(body))
        except ValueError as exc:
            return _answer(400, f"not a run task request: {exc}")
        if payload.is_test:
            log.info("verification request answered", extra={"fields": payload.fields()})
            return _answer(200, "tfguard run task ready")
        if not cfg.host_allowed(payload.callback_url):
            log.error(
                "refused: callback host not allowed",
                extra={"fields": {**payload.fields(), "host": hcp.host_of(payload.callback_url)}},
            )
            return _answer(
                400,
                f"task_result_callback_url host {hcp.host_of(payload.callback_url)} is not "
                "allowed (TFGUARD_RUNTASK_ALLOWED_HOSTS)",
            )
        if payload.task_result_id and service.duplicate(payload.task_result_id):
            log.info("duplicate delivery ignored", extra={"fields": payload.fields()})
            return _answer(200, "already accepted")
        if len(service.jobs) >= cfg.concurrency:
            log.warning("refused: busy", extra={"fields": payload.fields()})
            return _answer(
                503,
                f"tfguard is judging {len(service.jobs)} runs, its limit "
                "(TFGUARD_RUNTASK_CONCURRENCY); HCP Terraform retries the request",
                {"Retry-After": "5"},
            )
        if payload.task_result_id:
            service.remember(payload.task_result_id)
        service.start(payload)
        return _answer(200, "accepted")

    async def healthz(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "running": len(service.jobs),
                "limit": cfg.concurrency,
            }
        )

    return Starlette(
        routes=[
            Route("/runtask", runtask, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


async def _body(request: Request) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(code: int, message: str, headers: dict[str, str] | None = None) -> Response:
    key = "message" if code < 400 else "error"
    return JSONResponse({key: message}, status_code=code, headers=headers)


def _peer(request: Request) -> dict[str, Any]:
    return {"peer": request.client.host if request.client else None}


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, event and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)


def serve(cfg: ServiceConfig, host: str, port: int) -> None:
    """Run the service until interrupted (uvicorn, one process, one event loop)."""
    import uvicorn

    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    log.info(
        "listening",
        extra={"fields": {"host": host, "port": port, "concurrency": cfg.concurrency}},
    )
    uvicorn.run(create_app(cfg), host=host, port=port, log_config=None, access_log=False)
