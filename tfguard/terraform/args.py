"""Terraform's command-line grammar, as far as tfguard needs it: which flags take a value,
which go to `plan` and which to `apply PLANFILE`. Shared by the wrapper and the shim."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tfguard.errors import TfguardError

PLAN_VALUE_FLAGS = frozenset(
    {"var", "var-file", "target", "replace", "exclude", "generate-config-out"}
)
"""Flags of `plan` that take a value and mean nothing to `apply PLANFILE`."""
PLAN_BOOL_FLAGS = frozenset({"destroy", "refresh-only", "refresh"})
SHARED_VALUE_FLAGS = frozenset({"lock-timeout", "parallelism", "state"})
"""Flags both `plan` and `apply PLANFILE` take."""
SHARED_BOOL_FLAGS = frozenset(
    {"lock", "input", "no-color", "compact-warnings", "json", "concise", "show-sensitive"}
)
APPLY_VALUE_FLAGS = frozenset({"state-out", "backup"})
REFUSED_FLAGS = {
    "detailed-exitcode": "tfguard's exit codes replace it (0 pass, 1 blocked, 2 error)",
}
VALUE_FLAGS = PLAN_VALUE_FLAGS | SHARED_VALUE_FLAGS | APPLY_VALUE_FLAGS | {"out", "chdir"}
"""Every flag that takes a value: `-var x=1` as well as `-var=x=1`."""


class UsageError(TfguardError):
    """Terraform arguments tfguard cannot pass on (exit 2)."""


@dataclass(frozen=True, slots=True)
class TerraformArgs:
    """The terraform arguments given after `--`, sorted for `plan` and for `apply PLANFILE`."""

    chdir: str | None = None
    plan: tuple[str, ...] = ()
    apply: tuple[str, ...] = ()
    auto_approve: bool = False
    out: str | None = None
    """`-out FILE`: keep the checked plan there (tfguard plans into its own temporary file)."""
    positional: tuple[str, ...] = ()
    plan_only: tuple[str, ...] = ()
    """The options in `plan` that `apply PLANFILE` does not take (they shape a plan)."""


def flag_name(token: str) -> str | None:
    """`-var=x` / `--var` -> `var`; None when `token` is not a flag (Go flag syntax)."""
    if len(token) < 2 or not token.startswith("-") or token in ("--",):
        return None
    return token.lstrip("-").split("=", 1)[0]


def split_args(args: Sequence[str]) -> TerraformArgs:
    """Sort terraform's options: which go to `plan`, which to `apply PLANFILE`, which are ours.

    `-chdir=DIR` (a global option: terraform wants it before the subcommand) and `-out` are
    taken out; `-auto-approve` is noted (`apply PLANFILE` never prompts). Options tfguard does
    not know go to `plan` only, where terraform itself rejects a misspelt one.
    """
    chdir: str | None = None
    out: str | None = None
    auto_approve = False
    plan: list[str] = []
    apply: list[str] = []
    plan_only: list[str] = []
    positional: list[str] = []
    tokens = list(args)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        name = flag_name(token)
        if token == "--":
            positional += tokens[index:]
            break
        if name is None:
            positional.append(token)
            continue
        if name in REFUSED_FLAGS:
            raise UsageError(f"terraform option {token} is not supported: {REFUSED_FLAGS[name]}")
        group = [token]
        if name in VALUE_FLAGS and "=" not in token:
            if index >= len(tokens):
                raise UsageError(f"terraform option {token} needs a value")
            group.append(tokens[index])
            index += 1
        value = group[1] if len(group) > 1 else token.split("=", 1)[-1]
        if name == "chdir":
            chdir = value
        elif name == "out":
            out = value
        elif name == "auto-approve":
            auto_approve = _bool(token)
        elif name in SHARED_VALUE_FLAGS or name in SHARED_BOOL_FLAGS:
            plan += group
            apply += group
        elif name in APPLY_VALUE_FLAGS:
            apply += group
        else:
            plan += group
            plan_only += group
    return TerraformArgs(
        chdir,
        tuple(plan),
        tuple(apply),
        auto_approve,
        out,
        tuple(positional),
        tuple(plan_only),
    )


def _bool(token: str) -> bool:
    if "=" not in token:
        return True
    return token.split("=", 1)[1].lower() in ("1", "t", "true")


def saved_plan_args(args: TerraformArgs, plan_file: str) -> None:
    """`--plan-file`: the plan is made; options that would change it are an error."""
    if args.plan_only:
        raise UsageError(
            f"{' '.join(args.plan_only)}: cannot change a saved plan ({plan_file}); "
            "plan again without --plan-file"
        )
    if args.out:
        raise UsageError("-out: --plan-file applies a saved plan, it makes none")


def saved_plan(rest: Sequence[str]) -> tuple[list[str], str | None]:
    """`apply [options] [PLANFILE]`: the options, and the plan file if one is given."""
    options: list[str] = []
    saved: str | None = None
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        name = flag_name(token)
        if name is None and saved is None and token != "--":
            saved = token
            continue
        options.append(token)
        if name in VALUE_FLAGS and "=" not in token and index < len(rest):
            options.append(rest[index])
            index += 1
    return options, saved
