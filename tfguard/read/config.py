"""`.tfguard.hcl`: one file at the repository root, no per-user config, so a laptop and CI
give the same verdict. Paths in it are relative to the file's directory."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from tfguard.errors import ApprovalError, ConfigError
from tfguard.judge.approvals import DEFAULT_FILE, Policy, parse_duration
from tfguard.model import Classification, Level, Rulebook
from tfguard.read import hcl

FILE_NAME = ".tfguard.hcl"
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Config:
    source: str | None = None
    """The file read, or None when the defaults apply."""
    approvals_file: Path = Path(DEFAULT_FILE)
    level: Level = Level.AUTHORED
    protected_ref: str | None = None
    policy: Policy = field(default_factory=Policy)
    rule_dirs: tuple[Path, ...] = ()
    overrides: tuple[tuple[str, Classification], ...] = ()
    """(rule id, class) pairs; a rule's class may only be raised."""


def resolve(explicit: Path | None, start: Path) -> Config:
    """`--config PATH`, else `.tfguard.hcl` in `start`, else at the top of the git work tree;
    without one, the defaults, with the approval file at that top (or in `start`)."""
    top = git_top(start)
    if explicit is not None:
        return _checked(explicit)
    for directory in (start, top):
        if directory is not None and (directory / FILE_NAME).is_file():
            return _checked(directory / FILE_NAME)
    return Config(approvals_file=(top or start) / DEFAULT_FILE)


def _checked(path: Path) -> Config:
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
    if requested < config.level:
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
    _validate(path, document)
    return _build(path, document)


def allowed_on_protected_ref(text: str | None, source: str) -> frozenset[str]:
    """`allowed_approvers` of the config the platform holds on the protected branch: at
    `reviewed` only that list counts (a pull request's own config cannot widen it)."""
    if text is None:
        raise ConfigError(
            f"{source}: not found; provenance `reviewed` needs allowed_approvers (platform "
            "logins) in .tfguard.hcl on the protected branch"
        )
    path = Path(source)
    document = hcl.loads(text, source, error=ConfigError)
    _validate(path, document)
    allowed = _build(path, document).policy.allowed_approvers
    if not allowed:
        raise ConfigError(
            f"{source}: provenance `reviewed` needs allowed_approvers (platform logins) here"
        )
    return allowed


@cache
def _validator() -> Any:
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("tfguard.schemas").joinpath("config.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def _validate(path: Path, document: dict[str, Any]) -> None:
    error = next(iter(sorted(_validator().iter_errors(document), key=lambda e: e.path)), None)
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
        raise ConfigError(f"{path}: {where + ': ' if where else ''}{error.message}")


def _build(path: Path, document: dict[str, Any]) -> Config:
    base = path.parent
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
        source=str(path),
        approvals_file=base / approvals.get("file", DEFAULT_FILE),
        level=Level[approvals.get("provenance", "authored").upper()],
        protected_ref=approvals.get("protected_ref"),
        policy=policy,
        rule_dirs=tuple(base / d for d in rules.get("dirs", ())),
        overrides=tuple(
            (block[hcl.LABELS][0], Classification.parse(block["class"]))
            for block in document.get("rule", [])
        ),
    )


def apply_overrides(book: Rulebook, config: Config) -> Rulebook:
    """Raise the class of the rules the config names; lowering any rule is refused."""
    from dataclasses import replace

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
    return replace(book, rules=rules)
