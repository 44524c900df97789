"""The agent shim: `terraform` and `tofu` executables that put tfguard's gate in front of the
real binary.

`tfguard shim install DIR` writes DIR/terraform and DIR/tofu. With DIR first on PATH, whoever
types `terraform` (an AI coding agent, a script, a tired human) gets:

* `apply` and `destroy`, with or without `-auto-approve`, a saved plan or `-chdir=`: through
  `tfguard apply` / `tfguard destroy` / `tfguard apply --plan-file`, reaching terraform only
  when the gate passes;
* state surgery that can orphan or drop real infrastructure (`state rm`, `state push`,
  `workspace delete`, `force-unlock`): refused, with the full path of the real binary for a
  human who means it;
* everything else: exec'd on the real binary with the same arguments, so stdin, stdout,
  stderr and the exit code are terraform's own.

The real binary is the next `terraform` (`tofu`) on PATH that is neither in DIR nor another
tfguard shim (no recursion). A shim is a guardrail against accidents, not a security boundary:
calling the real binary by its full path walks around it.

Run as `python -I -m tfguard.shim NAME DIR [--audit-log FILE] -- ARGS...` by the shim script; this
module imports little, so a pass-through costs one interpreter start.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MARKER = "tfguard-shim: written by `tfguard shim install`"
"""In every file the installer writes; uninstall removes only files that carry it, and the
PATH search skips them."""
NAMES = ("terraform", "tofu")
HELP_FLAGS = frozenset({"-h", "-help", "--help"})
VERSION_FLAGS = frozenset({"-v", "-version", "--version"})
REFUSED = {
    ("state", "rm"): "it removes objects from the state: the real infrastructure keeps running "
    "but nothing manages it any more (orphaned), and the next apply may build a duplicate",
    ("state", "push"): "it overwrites the stored state with a local file: whatever that file "
    "lacks is dropped from management, and a stale file rolls the state back",
    ("workspace", "delete"): "it deletes a workspace and its state: every object that state "
    "tracks is orphaned",
    ("force-unlock",): "it breaks another run's state lock: two runs writing one state can "
    "corrupt it and lose track of infrastructure",
}


@dataclass(frozen=True, slots=True)
class Route:
    """What the shim does with one command line."""

    kind: str
    """pass, gate or refuse."""
    tfguard_args: tuple[str, ...] = ()
    """For gate: the `tfguard` command line (without `--terraform-bin`)."""
    reason: str = ""
    """For refuse: why."""


def route(args: Sequence[str]) -> Route:
    """Decide from terraform's command line alone (pure)."""
    globals_: list[str] = []
    index = 0
    while index < len(args) and args[index].startswith("-"):
        globals_.append(args[index])
        index += 1
    if index == len(args) or any(g in HELP_FLAGS | VERSION_FLAGS for g in globals_):
        return Route("pass")
    command, rest = args[index], list(args[index + 1 :])
    if any(a in HELP_FLAGS for a in rest):
        return Route("pass")
    chdir = [g for g in globals_ if g.startswith(("-chdir=", "--chdir="))]
    if command == "apply":
        options, saved = _saved_plan(rest)
        gate = ("apply", "--plan-file", saved) if saved else ("apply",)
        return Route("gate", (*gate, "--", *chdir, *options))
    if command == "destroy":
        return Route("gate", ("destroy", "--", *chdir, *rest))
    sub = next((a for a in rest if not a.startswith("-")), None)
    key = (command, sub) if sub is not None and (command, sub) in REFUSED else (command,)
    if key in REFUSED:
        if key == ("state", "rm") and any(a.lstrip("-") == "dry-run" for a in rest):
            return Route("pass")
        return Route("refuse", reason=REFUSED[key])
    return Route("pass")


def _saved_plan(rest: Sequence[str]) -> tuple[list[str], str | None]:
    """`apply [options] [PLANFILE]`: the options, and the plan file if one is given."""
    from tfguard.terraform.wrapper import VALUE_FLAGS, flag_name

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


# --------------------------------------------------------------------------- the real binary


def is_shim(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return MARKER.encode() in head


def find_real(name: str, search_path: str, shim_dir: Path) -> Path | None:
    """The first `name` on `search_path` that is not in `shim_dir` and not a tfguard shim."""
    skip = _resolved(shim_dir)
    for entry in search_path.split(os.pathsep):
        if not entry:  # an empty entry means the current directory: never trust it
            continue
        directory = Path(entry)
        if _resolved(directory) == skip:
            continue
        candidate = directory / name
        if (
            candidate.is_file()
            and os.access(candidate, os.X_OK)
            and _resolved(candidate).parent != skip
            and not is_shim(candidate)
        ):
            return candidate
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


# --------------------------------------------------------------------------- install


def script(name: str, shim_dir: Path, python: str, audit_log: Path | None) -> str:
    audit = f" --audit-log {shlex.quote(str(audit_log))}" if audit_log else ""
    return (
        "#!/bin/sh\n"
        f"# {MARKER}; `tfguard shim uninstall DIR` removes it.\n"
        f"# `{name} apply`/`destroy` go through tfguard's gate; state surgery is refused;\n"
        f"# everything else runs the real {name} found further down PATH.\n"
        f"exec {shlex.quote(python)} -I -m tfguard.shim {name} "
        f'{shlex.quote(str(shim_dir))}{audit} -- "$@"\n'
    )


def install(shim_dir: Path, python: str, audit_log: Path | None) -> list[Path]:
    """Write the shims (replacing earlier ones); never overwrite a file tfguard did not write."""
    from tfguard.errors import TfguardError

    shim_dir = shim_dir.absolute()
    try:
        shim_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TfguardError(f"{shim_dir}: cannot create: {exc.strerror}") from None
    targets = [shim_dir / name for name in NAMES]
    for target in targets:
        if (target.exists() or target.is_symlink()) and not is_shim(target):
            raise TfguardError(f"{target}: exists and is not a tfguard shim; not replacing it")
    absolute_log = audit_log.absolute() if audit_log else None
    for target in targets:
        tmp = target.with_name(f".{target.name}.tfguard-tmp")
        try:
            tmp.write_text(script(target.name, shim_dir, python, absolute_log))
            tmp.chmod(0o755)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise TfguardError(f"{target}: cannot write: {exc.strerror}") from None
    return targets


def uninstall(shim_dir: Path) -> tuple[list[Path], list[Path]]:
    """Remove the shims tfguard wrote in `shim_dir`: (removed, left alone)."""
    removed: list[Path] = []
    kept: list[Path] = []
    for name in NAMES:
        target = shim_dir / name
        if not (target.exists() or target.is_symlink()):
            continue
        if is_shim(target) and not target.is_symlink():
            target.unlink()
            removed.append(target)
        else:
            kept.append(target)
    return removed, kept


# --------------------------------------------------------------------------- at run time


def refusal(name: str, args: Sequence[str], real: Path, reason: str) -> str:
    typed = shlex.join([name, *args])
    return (
        f"tfguard shim: refused `{typed}`: {reason}.\n"
        "This terraform is a tfguard shim, a guardrail against accidental state surgery by "
        "agents and scripts.\n"
        "If a human means it, run the real binary deliberately, by its full path:\n"
        f"  {shlex.join([str(real), *args])}\n"
    )


def record(
    audit_log: Path, name: str, args: Sequence[str], real: Path, environ: Mapping[str, str]
) -> None:
    from datetime import datetime, timezone

    from tfguard import __version__, audit

    audit.append(
        audit_log,
        {
            "time": datetime.now(timezone.utc).isoformat(),
            "tfguard_version": __version__,
            "event": "shim-refused",
            "command": [name, *args],
            "binary": str(real),
            "actor": audit.actor(environ, sys.stdin.isatty()),
        },
    )


def main(argv: Sequence[str]) -> int:
    """`NAME DIR [--audit-log FILE] -- ARGS...`, as the shim script calls it."""
    name, shim_dir, audit_log, args = _parse(argv)
    real = find_real(name, os.environ.get("PATH", ""), shim_dir)
    if real is None:
        sys.stderr.write(
            f"tfguard shim: no real {name} on PATH besides the tfguard shim in {shim_dir}\n"
        )
        return 127
    decision = route(args)
    if decision.kind == "pass":
        from tfguard.terraform import run as terraform

        terraform.exec_binary(str(real), name, args)
    if decision.kind == "refuse":
        sys.stderr.write(refusal(name, args, real, decision.reason))
        if audit_log is not None:
            from tfguard.errors import TfguardError

            try:
                record(audit_log, name, args, real, os.environ)
            except TfguardError as exc:
                sys.stderr.write(f"tfguard shim: {exc}\n")
        return 1
    os.environ["TFGUARD_SHIM"] = name
    from tfguard import cli

    command, *rest = decision.tfguard_args
    audit = ["--audit-log", str(audit_log)] if audit_log else []
    return cli.run([command, "--terraform-bin", str(real), *audit, *rest])


def _parse(argv: Sequence[str]) -> tuple[str, Path, Path | None, list[str]]:
    items = list(argv)
    if len(items) < 3 or items[0] not in NAMES or "--" not in items:
        sys.stderr.write("usage: python -m tfguard.shim NAME DIR [--audit-log FILE] -- ARGS...\n")
        raise SystemExit(2)
    split = items.index("--")
    head, args = items[:split], items[split + 1 :]
    audit_log = Path(head[3]) if len(head) >= 4 and head[2] == "--audit-log" else None
    return head[0], Path(head[1]), audit_log, args
