"""The run task service's settings: environment variables only (one container image, many
deployments), plus the repository map file they may name. Read once at start; a bad value is a
ConfigError (exit 2), never a service that starts half configured."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tfguard.errors import ConfigError
from tfguard.model import Level
from tfguard.record import record

HMAC_KEY = "TFGUARD_RUNTASK_HMAC_KEY"
PREVIOUS_HMAC_KEY = "TFGUARD_RUNTASK_HMAC_KEY_PREVIOUS"
ALLOWED_HOSTS = "TFGUARD_RUNTASK_ALLOWED_HOSTS"
DEFAULT_ALLOWED_HOSTS = "app.terraform.io,archivist.terraform.io"
"""HCP Terraform's API, and the host its plan JSON downloads redirect to."""

TOKEN_LIFETIME = 600.0
"""HCP Terraform's run task access token lives 10 minutes: the deadline stays well inside."""


@record
class Host:
    """One allowed host: `name` or `name:port` (https only), or `http://name:port` (plain
    HTTP allowed to that host: a Terraform Enterprise inside a private network, or tests)."""

    scheme: str
    name: str
    port: int | None

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme != self.scheme or (parts.hostname or "") != self.name:
            return False
        return self.port is None or parts.port == self.port


@record
class Repository:
    """How to clone the repository of a VCS-backed workspace."""

    match: str
    """The workspace's `vcs_repo_url`, or a prefix of it ending in `/`."""
    clone_url: str
    """Where to clone from; `{vcs_repo_url}` is replaced by the payload's URL."""
    token_env: str | None = None
    """Environment variable holding a read token (sent as HTTP basic auth, never in a URL)."""
    username: str = "x-access-token"
    reviews: str | None = None
    """`github`: at provenance `reviewed`, the pull request's reviews are read from GitHub's
    API (`api_url`, with the same token)."""
    api_url: str = "https://api.github.com"

    def matches(self, vcs_repo_url: str) -> bool:
        wanted = _normal(vcs_repo_url)
        if self.match.endswith("/"):
            return wanted.startswith(_normal(self.match[:-1]) + "/")
        return wanted == _normal(self.match)


def _normal(url: str) -> str:
    url = url.strip().rstrip("/")
    return url[:-4] if url.endswith(".git") else url


@record
class ServiceConfig:
    hmac_keys: tuple[bytes, ...]
    """The current key first; during a rotation the previous one is accepted too."""
    allowed_hosts: tuple[Host, ...]
    deadline: float = 480.0
    """Seconds from the request to the final callback."""
    concurrency: int = 4
    """Run task requests judged at once; more get 503 (HCP Terraform retries)."""
    poll_interval: float = 2.0
    """Seconds between plan downloads while HCP Terraform answers 204 (not ready)."""
    max_plan_bytes: int = 512 * 1024 * 1024
    level: Level = Level.AUTHORED
    """The least git provenance an approval needs; a repository's .tfguard.hcl may raise it."""
    repositories: tuple[Repository, ...] = ()
    clone_cache: Path = field(default_factory=lambda: Path("/tmp/tfguard-clones"))
    audit_log: Path | None = None
    rule_dirs: tuple[Path, ...] = ()
    rule_cache: Path | None = None
    """Where parsed rule packs are cached (the CLI's cache; None: parse every time)."""
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)
    """For the repositories' token variables (read when cloning, never logged)."""

    def host_allowed(self, url: str) -> bool:
        return any(host.allows(url) for host in self.allowed_hosts)

    def repository_for(self, vcs_repo_url: str) -> Repository | None:
        return next((r for r in self.repositories if r.matches(vcs_repo_url)), None)


def from_environ(environ: Mapping[str, str]) -> ServiceConfig:
    key = environ.get(HMAC_KEY, "")
    if not key:
        raise ConfigError(
            f"{HMAC_KEY} is not set: the run task's HMAC key is required (set the same key in "
            "HCP Terraform's run task settings); unsigned requests are never judged"
        )
    keys = [key.encode()]
    if environ.get(PREVIOUS_HMAC_KEY):
        keys.append(environ[PREVIOUS_HMAC_KEY].encode())
    deadline = _number(environ, "TFGUARD_RUNTASK_DEADLINE", 480.0)
    if deadline >= TOKEN_LIFETIME:
        raise ConfigError(
            f"TFGUARD_RUNTASK_DEADLINE={deadline:g}: must stay below the run task token's "
            f"{TOKEN_LIFETIME:g} s lifetime, or the final result could not be sent"
        )
    repos_file = environ.get("TFGUARD_RUNTASK_REPOS")
    audit = environ.get("TFGUARD_RUNTASK_AUDIT_LOG")
    cache = environ.get("TFGUARD_RUNTASK_CLONE_CACHE")
    return ServiceConfig(
        hmac_keys=tuple(keys),
        allowed_hosts=parse_hosts(environ.get(ALLOWED_HOSTS) or DEFAULT_ALLOWED_HOSTS),
        deadline=deadline,
        concurrency=int(_number(environ, "TFGUARD_RUNTASK_CONCURRENCY", 4, integer=True)),
        poll_interval=_number(environ, "TFGUARD_RUNTASK_POLL_INTERVAL", 2.0),
        max_plan_bytes=int(
            _number(environ, "TFGUARD_RUNTASK_MAX_PLAN_BYTES", 512 * 1024 * 1024, integer=True)
        ),
        level=_level(environ.get("TFGUARD_RUNTASK_PROVENANCE")),
        repositories=load_repositories(Path(repos_file)) if repos_file else (),
        clone_cache=Path(cache) if cache else _default_cache(environ),
        audit_log=Path(audit) if audit else None,
        rule_dirs=tuple(
            Path(p) for p in environ.get("TFGUARD_RUNTASK_RULES", "").split(os.pathsep) if p
        ),
        environ=dict(environ),
    )


def _default_cache(environ: Mapping[str, str]) -> Path:
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tfguard" / "clones"


def parse_hosts(text: str) -> tuple[Host, ...]:
    hosts: list[Host] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        parts = urlsplit(item if "://" in item else f"https://{item}")
        try:
            port = parts.port
        except ValueError:
            port, parts = None, parts._replace(scheme="")
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            raise ConfigError(
                f"{ALLOWED_HOSTS}: {item!r} is not a host, host:port or http://host:port"
            )
        hosts.append(Host(parts.scheme, parts.hostname, port))
    if not hosts:
        raise ConfigError(f"{ALLOWED_HOSTS} names no host")
    return tuple(hosts)


def _number(environ: Mapping[str, str], name: str, default: float, integer: bool = False) -> float:
    text = environ.get(name)
    if not text:
        return default
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        value = 0
    if value <= 0:
        kind = "a positive whole number" if integer else "a positive number of seconds"
        raise ConfigError(f"{name}={text!r}: expected {kind}")
    return value


def _level(text: str | None) -> Level:
    if not text:
        return Level.AUTHORED
    try:
        return Level[text.upper()]
    except KeyError:
        names = ", ".join(level.label for level in Level)
        raise ConfigError(f"TFGUARD_RUNTASK_PROVENANCE={text!r}: expected one of {names}") from None


def load_repositories(path: Path) -> tuple[Repository, ...]:
    """The repository map: `{"repositories": [{"match", "clone_url", "token_env"?,
    "username"?, "reviews"?, "api_url"?}, ...]}`."""
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the repository map: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: not JSON: {exc}") from None
    entries = document.get("repositories") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f'{path}: expected {{"repositories": [ ... ]}}')
    found: list[Repository] = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: repositories[{number}]"
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("match", "clone_url")
        ):
            raise ConfigError(f"{where}: needs the strings match and clone_url")
        unknown = set(entry) - {"match", "clone_url", "token_env", "username", "reviews", "api_url"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if entry.get("reviews") not in (None, "github"):
            raise ConfigError(f'{where}: reviews must be "github" (the only platform wired here)')
        found.append(
            Repository(
                entry["match"],
                entry["clone_url"],
                entry.get("token_env") or None,
                entry.get("username") or "x-access-token",
                entry.get("reviews"),
                entry.get("api_url") or "https://api.github.com",
            )
        )
    return tuple(found)
