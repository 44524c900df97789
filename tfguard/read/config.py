"""`.tfguard.hcl`: one file at the repository root, no per-user config, so a laptop and CI
give the same verdict. Paths in it are relative to the file's directory."""

from __future__ import annotations

from dataclasses import field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from tfguard import schemas
from tfguard.errors import ApprovalError, ConfigError
from tfguard.judge.approvals import DEFAULT_FILE, Policy, parse_duration
from tfguard.model import DEFAULT_LEVEL, Classification, Level, Rulebook
from tfguard.read import hcl
from tfguard.record import record

FILE_NAME = ".tfguard.hcl"
MAX_FILE_BYTES = 1_000_000


@record
class Config:
    source: str | None = None
    """The file read, or None when the defaults apply."""
    approvals_file: Path = Path(DEFAULT_FILE)
    level: Level = DEFAULT_LEVEL
    protected_ref: str | None = None
    allowed_signers: str | None = None
    """An ssh allowed-signers file in the repository: read from the protected ref only."""
    ledger: Path | None = None
    """Single use (`tfguard/ledger.py`): the ledger every run of this repository must use, a
    file outside the work tree. Set on the protected ref, a run cannot drop or swap it."""
    policy: Policy = field(default_factory=Policy)
    rule_dirs: tuple[Path, ...] = ()
    overrides: tuple[tuple[str, Classification], ...] = ()
    """(rule id, class) pairs; a rule's class may only be raised."""
    stateless_types: tuple[str, ...] = ()
    """Types no pack knows that hold no data (`stateless_types = [...]`): never taken for data
    holders by their name or attributes. A type a pack knows cannot be listed."""


def resolve(explicit: Path | None, start: Path) -> Config:
    """The working tree's config (see `find`), or the defaults."""
    path = find(explicit, start)
    return checked(path) if path is not None else defaults(start)


def find(explicit: Path | None, start: Path) -> Path | None:
    """`--config PATH`, else `.tfguard.hcl` at the top of the git work tree (in `start` outside
    git): one place, so the directory tfguard runs in never changes the policy."""
    if explicit is not None:
        return explicit
    path = (git_top(start) or start.absolute()) / FILE_NAME
    return path if path.is_file() else None


def defaults(start: Path, source: str | None = None) -> Config:
    return Config(source=source, approvals_file=(git_top(start) or start) / DEFAULT_FILE)


def checked(path: Path) -> Config:
    config = load(_contained(path))
    for directory in config.rule_dirs:
        _contained(directory)
    return config


def _contained(path: Path) -> Path:
    """A file in a git work tree must resolve inside that tree: a symbolic link to a file
    outside would put unreviewed content in charge of the gate."""
    top = git_top(path.parent if path.parent.exists() else Path.cwd())
    if top is not None and not path.resolve().is_relative_to(top):
        raise ConfigError(f"{path}: resolves outside the git work tree {top}")
    return path


def git_top(start: Path) -> Path | None:
    """The work tree holding `start` (a directory with `.git`), found without running git."""
    start = start.absolute()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def level_for(config: Config, requested: Level | None) -> Level:
    """A flag may raise the committed provenance level, never lower it."""
    if requested is None:
        return config.level
    if not requested.includes(config.level):
        where = config.source or "the default"
        raise ConfigError(
            f"--provenance {requested.label} would lower the level {config.level.label} set by "
            f"{where}; a flag can only raise it"
        )
    return requested


def load(path: Path) -> Config:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    document = hcl.load(path, error=ConfigError)
    _validate(str(path), document)
    return _build(str(path), path.parent, document)


def parse_text(text: str, source: str, base: Path) -> Config:
    """A config read from git (`source` says where, e.g. `origin/main:.tfguard.hcl`); its
    paths are relative to `base`."""
    document = hcl.loads(text, source, error=ConfigError)
    _validate(source, document)
    return _build(source, base, document)


def allowed_on_protected_ref(text: str | None, source: str) -> frozenset[str]:
    """`allowed_approvers` of the config the platform holds on the protected branch: at
    `reviewed` only that list counts (a pull request's own config cannot widen it)."""
    if text is None:
        raise ConfigError(
            f"{source}: not found; provenance `reviewed` needs allowed_approvers (platform "
            "logins) in .tfguard.hcl on the protected branch"
        )
    allowed = parse_text(text, source, Path(source).parent).policy.allowed_approvers
    if not allowed:
        raise ConfigError(
            f"{source}: provenance `reviewed` needs allowed_approvers (platform logins) here"
        )
    return allowed


def _validate(path: str, document: dict[str, Any]) -> None:
    error = schemas.earliest_error("config", document)
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
        raise ConfigError(f"{path}: {where + ': ' if where else ''}{error.message}")


def _build(path: str, base: Path, document: dict[str, Any]) -> Config:
    approvals = (document.get("approvals") or [{}])[0]
    rules = (document.get("rules") or [{}])[0]
    try:
        lifetime = parse_duration(approvals.get("max_lifetime", "7d"), f"{path}: max_lifetime")
    except ApprovalError as exc:
        raise ConfigError(str(exc)) from None
    allowed = approvals.get("allowed_approvers")
    policy = Policy(
        required=approvals.get("required", 1),
        required_lost=approvals.get("required_when_lost", 2),
        allowed_approvers=frozenset(a.lower() for a in allowed) if allowed is not None else None,
        max_lifetime=lifetime if lifetime > timedelta(0) else timedelta(days=7),
    )
    return Config(
        source=path,
        approvals_file=base / approvals.get("file", DEFAULT_FILE),
        level=Level[approvals.get("provenance", DEFAULT_LEVEL.label).upper()],
        protected_ref=approvals.get("protected_ref"),
        allowed_signers=approvals.get("allowed_signers"),
        ledger=base / Path(approvals["ledger"]).expanduser() if "ledger" in approvals else None,
        policy=policy,
        rule_dirs=tuple(base / d for d in rules.get("dirs", ())),
        overrides=tuple(
            (block[hcl.LABELS][0], Classification.parse(block["class"]))
            for block in document.get("rule", [])
        ),
        stateless_types=tuple(document.get("stateless_types", ())),
    )


def apply_overrides(book: Rulebook, config: Config) -> Rulebook:
    """Raise the class of the rules the config names; lowering any rule is refused."""

    by_id = {rule.id: rule for rule in book.rules}
    wanted = dict(config.overrides)
    for rule_id, classification in wanted.items():
        rule = by_id.get(rule_id)
        if rule is None:
            raise ConfigError(f'{config.source}: rule "{rule_id}": no such rule')
        lowered = classification < rule.classification
        if lowered and rule.classification is Classification.DESTRUCTIVE:
            raise ConfigError(
                f'{config.source}: rule "{rule_id}": a destructive rule may not be lowered '
                f"(to {classification.label}); approve the change instead"
            )
    rules = tuple(
        replace(r, classification=wanted[r.id]) if r.id in wanted else r for r in book.rules
    )
    for name in config.stateless_types:
        kind = book.kinds.get(name)
        if kind is not None:
            raise ConfigError(
                f'{config.source}: stateless_types: "{name}" is known to the {kind.pack} pack '
                f"({kind.category.replace('_', ' ')}); only types no pack knows can be declared"
            )
    return replace(book, rules=rules, stateless=frozenset(config.stateless_types))


def strictest(protected: Config, working: Config) -> tuple[Config, list[str]]:
    """Setting by setting, the stricter of the protected ref's config and the working tree's,
    and one sentence for each setting the working tree tries to weaken (it is ignored)."""
    notes: list[str] = []
    theirs = working.source or "the working tree (no .tfguard.hcl)"

    def weakened(what: str) -> None:
        notes.append(f"{theirs} {what}: ignored, {protected.source} is stricter")

    if working.level.includes(protected.level):
        level = working.level
    elif protected.level.includes(working.level):
        level = protected.level
        weakened(f"lowers provenance from {protected.level.label} to {working.level.label}")
    else:
        raise ConfigError(
            f"{theirs} asks for provenance {working.level.label}, {protected.source} for "
            f"{protected.level.label}, and neither includes the other: change the protected ref"
        )
    mine, ours = working.policy, protected.policy
    if mine.required < ours.required:
        weakened(f"lowers required from {ours.required} to {mine.required}")
    if mine.required_lost < ours.required_lost:
        weakened(f"lowers required_when_lost from {ours.required_lost} to {mine.required_lost}")
    if mine.max_lifetime > ours.max_lifetime:
        weakened("lengthens max_lifetime")
    allowed = ours.allowed_approvers
    if allowed is None:
        allowed = mine.allowed_approvers
    elif mine.allowed_approvers is None:
        weakened("drops allowed_approvers")
    else:
        if mine.allowed_approvers - allowed:
            added = ", ".join(sorted(mine.allowed_approvers - allowed))
            weakened(f"adds {added} to allowed_approvers")
        allowed = allowed & mine.allowed_approvers
    policy = Policy(
        required=max(mine.required, ours.required),
        required_lost=max(mine.required_lost, ours.required_lost),
        allowed_approvers=allowed,
        max_lifetime=min(mine.max_lifetime, ours.max_lifetime),
    )
    overrides = dict(protected.overrides)
    for rule_id, classification in working.overrides:
        if rule_id in overrides and classification < overrides[rule_id]:
            weakened(f"lowers rule {rule_id} to {classification.label}")
        overrides[rule_id] = max(classification, overrides.get(rule_id, classification))
    dropped = sorted(set(dict(protected.overrides)) - set(dict(working.overrides)))
    if dropped and working.source:
        weakened(f"drops the rule override(s) {', '.join(dropped)}")
    for name in ("approvals_file", "protected_ref", "allowed_signers", "ledger"):
        mine_value, ours_value = getattr(working, name), getattr(protected, name)
        if working.source and mine_value != ours_value and ours_value is not None:
            weakened(f"changes {name} to {mine_value}")
    added_stateless = sorted(set(working.stateless_types) - set(protected.stateless_types))
    if added_stateless:
        weakened(f"declares {', '.join(added_stateless)} stateless")
    stateless = tuple(t for t in protected.stateless_types if t in set(working.stateless_types))
    if not working.source:
        stateless = protected.stateless_types
    extra = [d for d in working.rule_dirs if d not in protected.rule_dirs]
    if extra:
        notes.append(
            f"{theirs} adds rule dirs {', '.join(map(str, extra))}: they count once merged "
            f"(rule packs are read from {protected.protected_ref or 'the protected ref'})"
        )
    effective = Config(
        source=protected.source,
        approvals_file=protected.approvals_file
        if protected.source and protected.approvals_file
        else working.approvals_file,
        level=level,
        protected_ref=protected.protected_ref or working.protected_ref,
        allowed_signers=protected.allowed_signers,
        ledger=protected.ledger or working.ledger,
        policy=policy,
        rule_dirs=protected.rule_dirs,
        overrides=tuple(overrides.items()),
        stateless_types=stateless,
    )
    return effective, notes
