"""What the shim does with one terraform command line: pass it on, gate it, or refuse it (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tfguard.terraform.args import saved_plan

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
        options, saved = saved_plan(rest)
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
