"""The pipeline behind `check`, `approve` and the wrapper: config -> rules -> plans ->
approvals -> verdict. One module per step; this file only puts them in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from tfguard.errors import ApprovalError, ConfigError
from tfguard.git import prevent_destroy as lifecycle
from tfguard.git import provenance
from tfguard.judge import emptystate, verdict
from tfguard.model import ApprovalSet, Level, Plan, Verdict
from tfguard.platform import reviewed
from tfguard.read import config, plan, rulebook


@dataclass(frozen=True, slots=True)
class Request:
    plans: Sequence[str]
    now: datetime
    stdin: BinaryIO
    cwd: Path = field(default_factory=Path.cwd)
    terraform_bin: str = "terraform"
    rule_dirs: Sequence[Path] = ()
    config_file: Path | None = None
    approvals_file: Path | None = None
    """`--approvals`: must exist. Without it the configured (default) file is used if present."""
    approvals_may_be_missing: bool = False
    """`approve` creates the `--approvals` file when it does not exist yet."""
    level: Level | None = None
    allow_unversioned: bool = False
    cache_dir: Path | None = None
    documents: Mapping[str, bytes] = field(default_factory=dict)
    """Plans already read (`terraform show -json` output the wrapper captured), by label: a
    label in `plans` found here is parsed from these bytes instead of being read as a path."""
    facts: emptystate.Facts | None = None
    """Backend and workspace in use, read by the caller, for the empty-state warning."""
    config_dir: Path | None = None
    """The .tf sources (default: each plan file's directory when it holds *.tf files)."""
    base_ref: str | None = None
    """Compare the .tf sources with this ref for removed prevent_destroy (default: the
    config's protected_ref; neither: no comparison)."""
    platform: reviewed.Where = field(default_factory=lambda: reviewed.Where({}))
    """At `provenance = "reviewed"`: the CI environment and flags that find the pull request."""


def judge(request: Request) -> tuple[Verdict, config.Config]:
    cfg = config.resolve(request.config_file, request.cwd)
    book = rulebook.load([*cfg.rule_dirs, *request.rule_dirs], request.cache_dir)
    book = config.apply_overrides(book, cfg)
    plans = [load_plan(p, request) for p in request.plans]
    approval_set = load_approvals(request, cfg)
    unguarded = removed_guards(request, cfg, plans)
    outcome = verdict.decide(plans, book, approval_set, cfg.policy, request.now, unguarded)
    warned = emptystate.warnings(plans, request.facts)
    return (replace(outcome, warnings=warned) if warned else outcome), cfg


def removed_guards(
    request: Request, cfg: config.Config, plans: Sequence[Plan]
) -> dict[str, tuple[lifecycle.Unguarded, ...]]:
    """Per plan: resources whose prevent_destroy the change under review removed."""
    base = request.base_ref or cfg.protected_ref
    if base is None:
        return {}
    found: dict[str, tuple[lifecycle.Unguarded, ...]] = {}
    for judged in plans:
        directory = request.config_dir or _sources_beside(judged.source)
        if directory is None:
            if request.base_ref is not None:
                raise ConfigError(
                    f"--base-ref {base}: no .tf sources beside {judged.source}; "
                    "name them with --config-dir"
                )
            continue
        found[judged.source] = lifecycle.removed_guards(directory, base)
    return found


def _sources_beside(source: str) -> Path | None:
    if source == plan.STDIN:
        return None
    directory = Path(source).parent
    return directory if any(directory.glob("*.tf")) else None


def load_plan(source: str, request: Request) -> Plan:
    data = request.documents.get(source)
    if data is not None:
        return plan.parse(data, source)
    return plan.load(source, request.terraform_bin, request.stdin)


def approvals_path(request: Request, cfg: config.Config) -> Path:
    return request.approvals_file or cfg.approvals_file


def load_approvals(request: Request, cfg: config.Config) -> ApprovalSet:
    path = approvals_path(request, cfg)
    level = config.level_for(cfg, request.level)
    if not path.exists() and not path.is_symlink():
        if request.approvals_file is not None and not request.approvals_may_be_missing:
            raise ApprovalError(f"{path}: no such approval file")
        return ApprovalSet(None, level=level)
    if level is Level.REVIEWED:
        found = provenance.load(path, Level.COMMITTED, cfg.protected_ref, request.allow_unversioned)
        return reviewed.approvers(found, request.platform)
    return provenance.load(path, level, cfg.protected_ref, request.allow_unversioned)
