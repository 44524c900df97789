"""The HCP Terraform side of a run task: download the JSON plan, PATCH the task result.

Every URL comes from the request payload, so every one (and every redirect target) is checked
against the allowed hosts before a connection is made. The access token goes only to the
origin (scheme, host, port) of the plan URL or the callback URL: the plan download redirects
to a pre-signed URL on another host, which gets no Authorization header.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from tfguard.errors import HcpError

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
CALLBACK_TRIES = 3
JSON_API = "application/vnd.api+json"


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, parts.hostname or "", port


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1] or url


def _refused(what: str, response: httpx.Response) -> HcpError:
    code = response.status_code
    if code in (401, 403):
        why = "the run task's access token was refused (it expires 10 minutes after the request)"
    elif code == 404:
        why = "not found (the run or its plan is gone)"
    else:
        why = "unexpected answer"
    return HcpError(f"{what}: HCP Terraform answered {code}: {why}")


async def fetch_plan(
    client: httpx.AsyncClient,
    url: str,
    token: str,
    allowed: Callable[[str], bool],
    poll_interval: float,
    max_bytes: int,
) -> bytes:
    """The JSON plan at `url`; 204 (not ready yet) is retried until the caller's deadline."""
    home = origin(url)
    while True:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not allowed(current):
                raise HcpError(
                    f"plan download redirected to {host_of(current)}, which is not an allowed "
                    "host (TFGUARD_RUNTASK_ALLOWED_HOSTS)"
                )
            headers = {"Authorization": f"Bearer {token}"} if origin(current) == home else {}
            async with client.stream("GET", current, headers=headers) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code == 204:
                    break
                if response.status_code != 200:
                    raise _refused("plan download", response)
                return await _read_capped(response, max_bytes)
        else:
            raise HcpError(f"plan download: more than {MAX_REDIRECTS} redirects")
        await asyncio.sleep(poll_interval)


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise HcpError(
                f"plan download: the JSON plan is larger than {max_bytes} bytes "
                "(TFGUARD_RUNTASK_MAX_PLAN_BYTES)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def send_result(
    client: httpx.AsyncClient, url: str, token: str, body: dict[str, Any], pause: float = 1.0
) -> None:
    """PATCH the task result; a server error or a dropped connection is retried."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": JSON_API}
    for attempt in range(1, CALLBACK_TRIES + 1):
        try:
            response = await client.patch(url, json=body, headers=headers)
        except httpx.TransportError as exc:
            if attempt == CALLBACK_TRIES:
                raise HcpError(f"result callback: {type(exc).__name__}") from None
        else:
            if response.status_code < 300:
                return
            if response.status_code < 500 or attempt == CALLBACK_TRIES:
                raise _refused("result callback", response)
        await asyncio.sleep(pause * attempt)
