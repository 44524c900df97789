"""A small JSON-over-HTTPS client on the standard library (urllib).

Why not requests/httpx: tfguard needs GET/POST/PATCH/PUT of small JSON documents with a bearer
token, a timeout and a `next` link. urllib does all of it, honours HTTPS_PROXY/NO_PROXY and
SSL_CERT_FILE, and keeps the gate free of an extra to install (a missing extra would be one
more way for CI to fail). Every failure is a PlatformError whose one line says what to fix.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime, timezone
from typing import Any

from tfguard.errors import NotFound, PlatformError
from tfguard.record import record

TIMEOUT = 20.0
"""Seconds for one request: a stalled API fails the run instead of hanging CI."""
MAX_PAGES = 100
PER_PAGE = 100

_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@record
class Api:
    """One platform's REST API: where it is, how to authenticate, and what to tell the user."""

    name: str
    """"GitHub" or "GitLab", for messages."""
    base: str
    """The API root, e.g. https://api.github.com (no trailing slash)."""
    headers: Mapping[str, str] = field(default_factory=dict)
    token_hint: str = "set a token"
    """What to do when the token is missing, invalid or lacks a permission."""
    timeout: float = TIMEOUT

    def url(self, path: str, params: Mapping[str, str | int] | None = None) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"{self.base}/{path.lstrip('/')}{query}"

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        return self._send("GET", self.url(path, params), None)[0]

    def send(self, method: str, path: str, body: Mapping[str, Any]) -> Any:
        return self._send(method, self.url(path), body)[0]

    def file(self, path: str, params: Mapping[str, str | int]) -> str | None:
        """A repository file's text from a contents API ({"content": base64}); None if absent."""
        import base64
        import binascii

        try:
            found = self.get(path, params)
        except NotFound:
            return None
        if not isinstance(found, dict) or not isinstance(found.get("content"), str):
            raise PlatformError(f"{self.name} API: GET {path} did not answer a file")
        try:
            return base64.b64decode(found["content"]).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise PlatformError(f"{self.name} API: GET {path} is not UTF-8 text") from None

    def get_all(self, path: str, params: Mapping[str, str | int] | None = None) -> list[Any]:
        """Every page of a list: `Link: <…>; rel="next"` (GitHub, GitLab) or X-Next-Page."""
        url: str | None = self.url(path, {**(params or {}), "per_page": PER_PAGE})
        items: list[Any] = []
        for _ in range(MAX_PAGES):
            if url is None:
                return items
            page, headers = self._send("GET", url, None)
            if not isinstance(page, list):
                raise PlatformError(f"{self.name} API: GET {_path(url)} did not answer a list")
            items.extend(page)
            url = self._next(url, headers)
        raise PlatformError(
            f"{self.name} API: GET {path} has more than {MAX_PAGES} pages; "
            "not judging from a partial list"
        )

    def _next(self, url: str, headers: Mapping[str, str]) -> str | None:
        link = _NEXT.search(headers.get("link", ""))
        if link:
            target: str = urllib.parse.urljoin(url, link.group(1))
            if _origin(target) != _origin(self.base):
                raise PlatformError(
                    f"{self.name} API: the next page points to another host ({_origin(target)}); "
                    "refusing to send the token there"
                )
            return target
        page = headers.get("x-next-page", "").strip()
        if page:
            parts = urllib.parse.urlsplit(url)
            query = dict(urllib.parse.parse_qsl(parts.query))
            query["page"] = page
            return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
        return None

    def _send(
        self, method: str, url: str, body: Mapping[str, Any] | None
    ) -> tuple[Any, dict[str, str]]:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise PlatformError(f"{self.name} API: {self.base!r} is not an http(s) URL")
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json", "User-Agent": "tfguard", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        from urllib.request import Request, urlopen  # http.client, email: only when sending

        request = Request(url, data=data, headers=headers, method=method)
        where = f"{method} {_path(url)}"
        try:
            with urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                answer_headers = {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as exc:
            with exc:  # closes the error response's socket
                kind = NotFound if exc.code == 404 else PlatformError
                raise kind(self._refusal(where, exc)) from None
        except TimeoutError:
            raise PlatformError(
                f"{self.name} API: {where} timed out after {self.timeout:g} s; retry the job"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PlatformError(
                f"{self.name} API: cannot reach {_origin(self.base)} ({reason}); check the API URL "
                "and the network"
            ) from None
        try:
            return (json.loads(raw) if raw.strip() else None), answer_headers
        except ValueError:
            raise PlatformError(f"{self.name} API: {where} did not answer JSON") from None

    def _refusal(self, where: str, exc: urllib.error.HTTPError) -> str:
        headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
        head = f"{self.name} API: {where} failed with HTTP {exc.code}"
        limited = exc.code == 429 or (
            exc.code == 403 and headers.get("x-ratelimit-remaining") == "0"
        )
        if limited:
            return f"{head}: rate limited{_reset(headers)}; rerun the job later"
        if exc.code == 401:
            return f"{head}: the token is missing or invalid; {self.token_hint}"
        if exc.code == 403:
            return f"{head}: the token may not do this; {self.token_hint}"
        if exc.code == 404:
            return f"{head}: not found; check the repository, the number and the token's access"
        if exc.code >= 500:
            return f"{head}: the server failed; rerun the job later"
        return head


def _reset(headers: Mapping[str, str]) -> str:
    stamp = headers.get("x-ratelimit-reset", "")
    if stamp.isdigit():
        moment = datetime.fromtimestamp(int(stamp), timezone.utc)
        return f" until {moment.strftime('%H:%M:%S')} UTC"
    retry = headers.get("retry-after", "")
    return f" for {retry} s" if retry.isdigit() else ""


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path
