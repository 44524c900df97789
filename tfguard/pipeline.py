"""The pipeline behind `check`, `approve` and the wrapper: config -> rules -> plans ->
approvals -> verdict. One module per step; this file only puts them in order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tfguard import clock, ledger
from tfguard.errors import ApprovalError, ConfigError
from tfguard.git import refs
from tfguard.judge import approvals, emptystate, verdict
from tfguard.model import ApprovalSet, EntryProvenance, Level, Plan, PolicyReport, Verdict
from tfguard.platform import reviewed
from tfguard.read import config, plan, rulebook, tflocations
from tfguard.record import record

if TYPE_CHECKING:
    from tfguard.git import prevent_destroy as lifecycle

# git history (provenance), the .tf comparison (prevent_destroy) and the hosting platform are
# imported by the step that needs them: a check without an approval file or base ref never does


@record
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
    protected_ref: str | None = None
    """`--protected-ref` / TFGUARD_PROTECTED_REF: the policy is the stricter of this ref's
    .tfguard.hcl and the working tree's (default: protected_ref from the working tree's)."""
    locate: bool = False
    """Find each flagged change's block in the `.tf` sources (`config_dir`, else beside each
    plan) for the formats that point at code; off, no `.tf` file is read for locations."""
    ledger: Path | None = None
    """`--ledger` / TFGUARD_LEDGER: approvals an apply already used (single use, ledger.py)."""

    @property
    def judged_at(self) -> datetime:
        """Expiry is judged at the real clock, or later: a clock override (`--now`) can make
        an approval expire sooner, never revive one."""
        return max(clock.now(), self.now)


def judge(request: Request) -> tuple[Verdict, config.Config]:
    cfg, policy = effective_config(request)
    with protected_rule_dirs(request, cfg) as dirs:
        book = rulebook.load([*dirs, *request.rule_dirs], request.cache_dir)
    book = config.apply_overrides(book, cfg)
    plans = [load_plan(p, request) for p in request.plans]
    approval_set = load_approvals(request, cfg)
    unguarded = removed_guards(request, cfg, plans)
    outcome = verdict.decide(plans, book, approval_set, cfg.policy, request.judged_at, unguarded)
    warned = emptystate.warnings(plans, request.facts)
    outcome = replace(outcome, warnings=warned, policy=policy)
    if request.locate:
        outcome = tflocations.locate(outcome, request.config_dir)
    return outcome, cfg


def effective_config(request: Request) -> tuple[config.Config, PolicyReport]:
    """The policy in force: the working tree's committed `.tfguard.hcl` (at the repository
    root), made stricter setting by setting by the protected ref's when one is known."""
    notes: list[str] = []
    path = config.find(request.config_file, request.cwd)
    # git is asked only when its answer matters (a found config, a protected ref): opening a
    # repository costs GitPython's import, a large share of a small plan's check
    asked = path is not None and request.config_file is None
    repo = refs.repository(request.cwd) if asked else None
    if repo is not None and not refs.tracked(repo, path):  # type: ignore[arg-type]
        notes.append(f"{path} is not committed: ignored (an untracked config never counts)")
        path = None
    working = config.checked(path) if path is not None else config.defaults(request.cwd)
    ref = request.protected_ref or working.protected_ref
    if ref is not None and not asked:
        repo = refs.repository(request.cwd)
    if ref is None or repo is None:
        cfg = working
        source = (
            f"{working.source} (no protected ref: the change under review can change it)"
            if working.source
            else "built-in defaults (no .tfguard.hcl, no protected ref)"
        )
    else:
        if request.protected_ref is None:
            notes.append(
                f"the protected ref {ref} is named by the working tree's config, which the "
                "change under review can edit: pass --protected-ref in CI (until then its "
                "allowed_signers are not trusted)"
            )
        found = refs.show(repo, ref, config.FILE_NAME)
        top = refs.top(repo)
        protected = (
            config.parse_text(found.decode("utf-8", "replace"), f"{ref}:{config.FILE_NAME}", top)
            if found is not None
            else config.defaults(top, f"built-in defaults ({ref} has no {config.FILE_NAME})")
        )
        cfg, weakened = config.strictest(protected, working)
        cfg = replace(cfg, protected_ref=ref)
        notes += weakened
        source = f"the stricter of {protected.source} and {working.source or 'the defaults'}"
    level = config.level_for(cfg, request.level)
    allowed = cfg.policy.allowed_approvers
    return cfg, PolicyReport(
        level=level,
        source=source,
        required=cfg.policy.required,
        required_when_lost=cfg.policy.required_lost,
        max_lifetime=approvals.duration(cfg.policy.max_lifetime),
        allowed_approvers=tuple(sorted(allowed)) if allowed is not None else None,
        protected_ref=cfg.protected_ref,
        notes=tuple(notes),
    )


@contextmanager
def protected_rule_dirs(request: Request, cfg: config.Config) -> Iterator[list[Path]]:
    """The config's rule directories; with a protected ref, as that ref holds them (the
    change under review cannot edit the packs that judge it)."""
    repo = refs.repository(request.cwd) if cfg.protected_ref else None
    if repo is None or not cfg.rule_dirs:
        yield list(cfg.rule_dirs)
        return
    top = refs.top(repo)
    import tempfile  # only with a protected ref

    with tempfile.TemporaryDirectory(prefix="tfguard-rules-") as scratch:
        dirs: list[Path] = []
        for directory in cfg.rule_dirs:
            relative = directory.resolve().relative_to(top).as_posix()
            exported = refs.export(repo, str(cfg.protected_ref), relative, Path(scratch))
            if exported is None:
                raise ConfigError(f"rule dir {relative} is not on {cfg.protected_ref}")
            dirs.append(exported)
        yield dirs


def removed_guards(
    request: Request, cfg: config.Config, plans: Sequence[Plan]
) -> dict[str, tuple[lifecycle.Unguarded, ...]]:
    """Per plan: resources whose prevent_destroy the change under review removed."""
    base = request.base_ref or cfg.protected_ref
    if base is None:
        return {}
    from tfguard.git import prevent_destroy as lifecycle

    found: dict[str, tuple[lifecycle.Unguarded, ...]] = {}
    for judged in plans:
        directory = request.config_dir or tflocations.sources_beside(judged.source)
        if directory is None:
            if request.base_ref is not None:
                raise ConfigError(
                    f"--base-ref {base}: no .tf sources beside {judged.source}; "
                    "name them with --config-dir"
                )
            continue
        found[judged.source] = lifecycle.removed_guards(directory, base)
    return found


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
        return ApprovalSet(None, level=level, looked_for=str(path))
    from tfguard.git import provenance

    if level is Level.REVIEWED:
        found = provenance.load(path, Level.COMMITTED, cfg.protected_ref, request.allow_unversioned)
        return spent(request, cfg, reviewed.approvers(found, request.platform))
    # The allowed-signers file is the trust anchor of `signed`: read from the protected ref
    # only when the pipeline named that ref, never when the checkout's own config did.
    signers = cfg.allowed_signers if request.protected_ref else None
    found = provenance.load(path, level, cfg.protected_ref, request.allow_unversioned, signers)
    return spent(request, cfg, found)


def ledger_path(request: Request, cfg: config.Config) -> Path | None:
    """The ledger in force: the policy's (`approvals { ledger = … }`, the protected ref's when
    it names one), which `--ledger`/TFGUARD_LEDGER may repeat but never replace; else the
    flag's."""
    if cfg.ledger is None:
        return request.ledger
    if request.ledger is not None and request.ledger.resolve() != cfg.ledger.resolve():
        raise ConfigError(
            f"--ledger {request.ledger}: the policy ({cfg.source}) names the ledger "
            f"{cfg.ledger}; a run cannot use another"
        )
    return cfg.ledger


def spent(request: Request, cfg: config.Config, found: ApprovalSet) -> ApprovalSet:
    """Single use: an entry the ledger says an apply already used covers nothing more."""
    path = ledger_path(request, cfg)
    if path is None or not found.provenance:
        return found
    used = ledger.spent(path, work_tree(request))
    proofs = []
    for entry, proof in zip(found.entries, found.provenance, strict=True):
        when = used.get(ledger.key(entry))
        if when:
            why = (
                f"already used by an apply at {when} (ledger {path}): an approval "
                "covers one apply; remove this entry and request a new one"
            )
            proof = EntryProvenance((), (why,), proof.added_at, proof.requester)
        proofs.append(proof)
    return replace(found, provenance=tuple(proofs))


def work_tree(request: Request) -> Path | None:
    repo = refs.repository(request.cwd)
    return refs.top(repo) if repo is not None else None
