"""Fake GitHub and GitLab REST APIs for tests: real HTTP on 127.0.0.1 (stdlib http.server in a
thread), paginated lists (GitHub `Link` headers, GitLab `X-Next-Page`), stateful comments, and
injectable failures (any status, rate limits, slow answers)."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE = 2
"""Items per page, whatever the client asks: every list of more than two items is paginated."""

Answer = tuple[int, dict[str, str], Any]


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeApi:
    """Routes `(METHOD, path)` to handlers; records every request (method, path, headers, body)."""

    style = "link"

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[dict[str, str], Any], Answer]] = {}
        self.failures: dict[str, Failure] = {}
        self.requests: list[tuple[str, str, dict[str, str], Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, path: str, status: int, delay: float = 0.0, **headers: str) -> None:
        """Answer `status` (after `delay` seconds) to any request for `path`."""
        self.failures[path] = Failure(
            status, {k.replace("_", "-"): v for k, v in headers.items()}, delay
        )

    def route(
        self, method: str, path: str, handler: Callable[[dict[str, str], Any], Answer]
    ) -> None:
        self.routes[(method, path)] = handler

    def json(self, path: str, value: Any) -> None:
        self.route("GET", path, lambda query, body: (200, {}, value))

    def listing(self, path: str, items: Callable[[], list[Any]]) -> None:
        def answer(query: dict[str, str], body: Any) -> Answer:
            everything = items()
            page = int(query.get("page", "1"))
            chunk = everything[(page - 1) * PAGE : page * PAGE]
            headers: dict[str, str] = {}
            if page * PAGE < len(everything):
                if self.style == "link":
                    nxt = dict(query, page=str(page + 1))
                    headers["Link"] = (
                        f'<{self.url}{path}?{urllib.parse.urlencode(nxt)}>; rel="next"'
                    )
                else:
                    headers["X-Next-Page"] = str(page + 1)
            return 200, headers, chunk

        self.route("GET", path, answer)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                fake.requests.append((self.command, parts.path, dict(self.headers), body))
                failure = fake.failures.get(parts.path)
                handler = fake.routes.get((self.command, parts.path))
                if failure is not None:
                    time.sleep(failure.delay)
                    status, headers, value = failure.status, failure.headers, {"message": "fake"}
                elif handler is None:
                    status, headers, value = 404, {}, {"message": "Not Found"}
                else:
                    status, headers, value = handler(query, body)
                raw: Any = value
                data = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
                try:
                    self.send_response(status)
                    for key, header in headers.items():
                        self.send_header(key, header)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away

            do_GET = do_POST = do_PATCH = do_PUT = _serve

        return Handler


class FakeGitHub(FakeApi):
    """GitHub for one repository: pull requests, reviews, commit → pull lookups, comments."""

    def __init__(self, repo: str = "acme/infra") -> None:
        super().__init__()
        self.repo = repo
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self._next_comment = 1000

    def pull(
        self,
        number: int,
        author: str,
        head: str,
        reviews: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
        merged_as: str | None = None,
    ) -> None:
        """A pull request and its reviews, oldest first: (login, state, commit)."""
        base = f"/repos/{self.repo}/pulls/{number}"
        self.json(
            base,
            {
                "number": number,
                "html_url": f"https://github.example/{self.repo}/pull/{number}",
                "user": {"login": author, "type": "User"},
                "head": {"sha": head},
                "base": {"ref": "main"},
                "merged_at": "2026-11-30T00:00:00Z" if merged_as else None,
                "merge_commit_sha": merged_as,
            },
        )
        listed = [
            {"id": i + 1, "user": {"login": login}, "state": state, "commit_id": commit}
            for i, (login, state, commit) in enumerate(reviews)
        ]
        self.listing(f"{base}/reviews", lambda: listed)
        if merged_as:
            found = {
                "number": number,
                "merged_at": "2026-11-30T00:00:00Z",
                "merge_commit_sha": merged_as,
            }
            self.listing(f"/repos/{self.repo}/commits/{merged_as}/pulls", lambda: [found])
        self._comments_routes(number)

    def _comments_routes(self, number: int) -> None:
        stored = self.comments.setdefault(number, [])
        path = f"/repos/{self.repo}/issues/{number}/comments"
        self.listing(path, lambda: stored)

        def post(query: dict[str, str], body: Any) -> Answer:
            return 201, {}, self.add_comment(number, "github-actions[bot]", body["body"], bot=True)

        self.route("POST", path, post)

    def protected_config(self, text: str | None) -> None:
        """`.tfguard.hcl` on main (None: the file does not exist there)."""
        path = f"/repos/{self.repo}/contents/.tfguard.hcl"
        if text is None:
            self.routes.pop(("GET", path), None)
            return
        content = base64.b64encode(text.encode()).decode()
        self.route("GET", path, lambda q, b: (200, {}, {"content": content, "ref": q.get("ref")}))

    def add_comment(self, number: int, login: str, body: str, bot: bool = False) -> dict[str, Any]:
        self._next_comment += 1
        user = {"login": login, "type": "Bot" if bot else "User"}
        comment = {"id": self._next_comment, "body": body, "user": user}
        self.comments[number].append(comment)
        self.route("PATCH", f"/repos/{self.repo}/issues/comments/{comment['id']}", _edit(comment))
        return comment


class FakeGitLab(FakeApi):
    """GitLab for one project: merge requests, approvals, approval settings, notes."""

    style = "x-next-page"

    def __init__(self, project: int = 42, me: str = "project_42_bot") -> None:
        super().__init__()
        self.project = project
        self.me = me
        self.notes: dict[int, list[dict[str, Any]]] = {}
        self._next_note = 500
        self.json("/api/v4/user", {"username": me})
        self.settings(reset_on_push=True)

    @property
    def api(self) -> str:
        return f"{self.url}/api/v4"

    def settings(self, reset_on_push: bool) -> None:
        self.json(
            f"/api/v4/projects/{self.project}/approvals", {"reset_approvals_on_push": reset_on_push}
        )

    def merge_request(
        self, iid: int, author: str, head: str, approvers: list[str], merged_as: str | None = None
    ) -> None:
        base = f"/api/v4/projects/{self.project}/merge_requests/{iid}"
        self.json(
            base,
            {
                "iid": iid,
                "sha": head,
                "author": {"username": author},
                "target_branch": "main",
                "web_url": f"https://gitlab.example/mr/{iid}",
            },
        )
        self.json(
            f"{base}/approvals", {"approved_by": [{"user": {"username": a}} for a in approvers]}
        )
        if merged_as:
            found = {
                "iid": iid,
                "state": "merged",
                "merge_commit_sha": None,
                "squash_commit_sha": merged_as,
            }
            path = f"/api/v4/projects/{self.project}/repository/commits/{merged_as}/merge_requests"
            self.listing(path, lambda: [found])
        stored = self.notes.setdefault(iid, [])
        self.listing(f"{base}/notes", lambda: stored)

        def post(query: dict[str, str], body: Any) -> Answer:
            return 201, {}, self.add_note(iid, self.me, body["body"])

        self.route("POST", f"{base}/notes", post)

    def protected_config(self, text: str) -> None:
        content = base64.b64encode(text.encode()).decode()
        path = f"/api/v4/projects/{self.project}/repository/files/.tfguard.hcl"
        self.route("GET", path, lambda q, b: (200, {}, {"content": content}))

    def add_note(self, iid: int, username: str, body: str) -> dict[str, Any]:
        self._next_note += 1
        note = {"id": self._next_note, "body": body, "author": {"username": username}}
        self.notes[iid].append(note)
        base = f"/api/v4/projects/{self.project}/merge_requests/{iid}"
        self.route("PUT", f"{base}/notes/{note['id']}", _edit(note))
        return note


def _edit(stored: dict[str, Any]) -> Callable[[dict[str, str], Any], Answer]:
    def answer(query: dict[str, str], body: Any) -> Answer:
        stored["body"] = body["body"]
        return 200, {}, stored

    return answer


def serve(fake: FakeApi) -> Iterator[FakeApi]:
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
