"""Terraform's command-line grammar, as far as tfguard needs it: which flags take a value,
which go to `plan` and which to `apply PLANFILE`. Shared by the wrapper and the shim."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence

from tfguard.errors import UsageError
from tfguard.record import record

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


@record
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
    return token.split("=", 1)[1] in ("1", "t", "T", "true", "TRUE", "True")


def saved_plan_args(args: TerraformArgs, plan_file: str) -> None:
    """`--plan-file`: the plan is made; options that would change it are an error."""
    if args.plan_only:
        raise UsageError(
            f"{' '.join(args.plan_only)}: cannot change a saved plan ({plan_file}); "
            "plan again without --plan-file"
        )
    if args.out:
        raise UsageError("-out: --plan-file applies a saved plan, it makes none")


def go_flags(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Go's flag grammar, as every terraform command parses its arguments: options up to the
    first word that is not one (or `--`, dropped), then arguments, whatever they look like
    (`apply -- -h` applies a plan file named `-h`)."""
    options: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return options, list(words[index + 1 :])
        name = flag_name(word)
        if name is None:
            return options, list(words[index:])
        options.append(word)
        index += 1
        if name in VALUE_FLAGS and "=" not in word and index < len(words):
            options.append(words[index])
            index += 1
    return options, []


def go_bool(options: Sequence[str], name: str) -> bool:
    """The value of boolean flag `name` among `options` (the last one wins, as in Go)."""
    value = False
    for option in options:
        if flag_name(option) == name:
            value = _bool(option)
    return value


# --------------------------------------------------------------------------- terraform's main()

_TOP = (
    "apply console destroy env fmt force-unlock get graph import init login logout metadata "
    "modules output plan providers push refresh show state taint test untaint validate version "
    "workspace"
)
COMMANDS = frozenset(
    {
        *_TOP.split(),
        *(f"state {c}" for c in ("list", "mv", "pull", "push", "replace-provider", "rm", "show")),
        *(f"workspace {c}" for c in ("delete", "list", "new", "select", "show")),
        *(f"env {c}" for c in ("delete", "list", "new", "select")),
        *(f"providers {c}" for c in ("lock", "mirror", "schema")),
        "metadata functions",
    }
)
"""Terraform 1.11's commands (`terraform -help`, `terraform state -help` …, and the hidden
`env` family and `push`)."""
HELP_FLAGS = frozenset({"-h", "-help", "--help"})
VERSION_FLAGS = frozenset({"-v", "-version", "--version"})
ENV_ARGS = "TF_CLI_ARGS"
_SHELL_SPECIAL = re.compile(r"[;&|<>`$()\\]")
"""Characters Terraform's shell-word parser (go-shellwords) reads differently from Python's
shlex, or stops at: a value holding one is refused rather than guessed."""


@record
class CommandLine:
    """A terraform command line as terraform 1.11 reads it (main.go and its CLI library)."""

    command: str
    """`apply`, `state rm` …; empty when there is none (terraform prints its help)."""
    chdir: str | None = None
    """The `-chdir=DIR` terraform takes out (the last one among the leading options)."""
    before: tuple[str, ...] = ()
    """Options left before the command: terraform refuses them ("Invalid flags before the
    subcommand")."""
    rest: tuple[str, ...] = ()
    """The command's own arguments."""
    help: bool = False
    """-h, -help or --help anywhere before a `--`: terraform prints help and runs nothing."""
    env: tuple[str, ...] = ()
    """The TF_CLI_ARGS variables terraform merges in."""


def read_command_line(argv: Sequence[str], environ: Mapping[str, str]) -> CommandLine:
    """What terraform 1.11 runs for `terraform ARGV` in `environ`: `-chdir` taken out,
    TF_CLI_ARGS and TF_CLI_ARGS_<command> merged in where terraform puts them, `version` in
    front of any -v/-version/--version, and the command found as its CLI library finds it
    (a first word that starts a longer command name, or holds a space, included).

    UsageError when a TF_CLI_ARGS variable cannot be split exactly as terraform splits it."""
    chdir, args = _extract_chdir(list(argv))
    first = _find_command(args)[0]
    suffix = first.replace("-", "_").replace(" ", "_")
    used: list[str] = []
    for name in (ENV_ARGS, f"{ENV_ARGS}_{suffix}"):  # `TF_CLI_ARGS_` with no command: as terraform
        extra = env_words(name, environ)
        if extra:
            used.append(name)
            search = first.rsplit(" ", 1)[-1]
            at = next((i + 1 for i, a in enumerate(args) if a == search), 0)
            args = args[:at] + extra + args[at:]
    if any(a in VERSION_FLAGS for a in args):
        args = ["version", *args]
    command, start, end = _find_command(args)
    stop = args.index("--") if "--" in args else len(args)
    return CommandLine(
        command=command,
        chdir=chdir,
        before=tuple(a for a in args[:start] if a.startswith("-")),
        rest=tuple(args[end:]),
        help=any(a in HELP_FLAGS for a in args[:stop]),
        env=tuple(used),
    )


def env_words(name: str, environ: Mapping[str, str]) -> list[str]:
    """The words of one TF_CLI_ARGS variable, split as terraform splits them."""
    value = environ.get(name, "")
    if not value:
        return []
    special = _SHELL_SPECIAL.search(value)
    try:
        words = shlex.split(value) if special is None else None
    except ValueError:
        words = None
    if words is None:
        why = f"holds {special.group()!r}" if special else "has unbalanced quotes"
        raise UsageError(
            f"{name} {why}: tfguard cannot be sure how terraform splits it; unset it and "
            "give these arguments on the command line"
        )
    return words


def without_env_args(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` without TF_CLI_ARGS*: for a terraform whose arguments tfguard already merged."""
    return {k: v for k, v in environ.items() if not k.startswith(ENV_ARGS)}


def _extract_chdir(args: list[str]) -> tuple[str | None, list[str]]:
    """terraform's extractChdirOption: the last `-chdir=DIR` among the leading options."""
    position, value = -1, ""
    for index, arg in enumerate(args):
        if not arg.startswith("-"):
            break
        if arg in ("-chdir", "-chdir="):
            return None, args  # terraform stops: "must include an equals sign"
        if arg.startswith("-chdir="):
            position, value = index, arg[len("-chdir=") :]
    if not value:
        return None, args
    return value, args[:position] + args[position + 1 :]


def _find_command(args: Sequence[str]) -> tuple[str, int, int]:
    """The command as terraform's CLI library finds it, where it starts, and where its own
    arguments start. The first word that is not an option (before any `--`) starts it; the
    longest command name the rest of the line starts with wins when that name is followed by a
    space or the end *anywhere* in the line (so `terraform applyx apply` runs apply); a first
    word holding a space is no command."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if not arg or arg.startswith("-"):
            continue
        if " " in arg:
            return "", index, len(args)
        line = " ".join(args[index:])
        name = max((c for c in COMMANDS if line.startswith(c)), key=len, default="")
        if name and re.search(re.escape(name) + r"(?: |\Z)", line):
            return name, index, index + 1 + name.count(" ")
        return arg, index, index + 1
    return "", len(args), len(args)


def with_env_args(command: str, args: Sequence[str], environ: Mapping[str, str]) -> tuple[str, ...]:
    """The arguments of `terraform COMMAND ARGS` once terraform has merged TF_CLI_ARGS_<COMMAND>
    and TF_CLI_ARGS in front of them (the wrapper runs what terraform would)."""
    return (*env_words(f"{ENV_ARGS}_{command}", environ), *env_words(ENV_ARGS, environ), *args)
