"""What the shim does with one terraform command line: pass it on, gate it, or refuse it (pure).

It decides on what terraform itself will run (`args.read_command_line`: `-chdir`, TF_CLI_ARGS
and TF_CLI_ARGS_<command> merged, help and version flags and the command found as terraform
finds them), never on the words as typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tfguard.errors import UsageError
from tfguard.model import Vocabulary
from tfguard.record import record
from tfguard.terraform.args import go_bool, go_flags, read_command_line

REFUSED = {
    "state rm": "it removes objects from the state: the real infrastructure keeps running "
    "but nothing manages it any more (orphaned), and the next apply may build a duplicate",
    "state push": "it overwrites the stored state with a local file: whatever that file "
    "lacks is dropped from management, and a stale file rolls the state back",
    "workspace delete": "it deletes a workspace and its state: every object that state "
    "tracks is orphaned",
    "force-unlock": "it breaks another run's state lock: two runs writing one state can "
    "corrupt it and lose track of infrastructure",
}
REFUSED["env delete"] = REFUSED["workspace delete"]  # the old name terraform still accepts
GATED = frozenset({"apply", "destroy"})


class RouteKind(Vocabulary):
    PASS = "pass"
    """exec the real terraform with the arguments unchanged."""
    GATE = "gate"
    """run the command through `tfguard apply|destroy`, which judges the plan first."""
    REFUSE = "refuse"
    """print why and how to run it deliberately; exit 1."""


@record
class Route:
    """What the shim does with one command line."""

    kind: RouteKind
    tfguard_args: tuple[str, ...] = ()
    """For gate: the `tfguard` command line (without `--terraform-bin`)."""
    reason: str = ""
    """For refuse: why."""


def route(args: Sequence[str], environ: Mapping[str, str]) -> Route:
    """Decide from the command line terraform will really run (pure)."""
    try:
        line = read_command_line(args, environ)
    except UsageError as exc:
        return Route(RouteKind.REFUSE, reason=str(exc))
    if line.help or line.command not in GATED | set(REFUSED):
        return Route(RouteKind.PASS)
    if line.before:
        return Route(
            RouteKind.REFUSE,
            reason=f"terraform takes only -chdir=DIR before `{line.command}`, not "
            f"{' '.join(line.before)}",
        )
    if line.command in REFUSED:
        if line.command == "state rm" and go_bool(go_flags(line.rest)[0], "dry-run"):
            return Route(RouteKind.PASS)  # it only lists what it would remove
        return Route(RouteKind.REFUSE, reason=REFUSED[line.command])
    chdir = (f"-chdir={line.chdir}",) if line.chdir else ()
    options, positional = go_flags(line.rest)
    if line.command == "destroy":
        return Route(RouteKind.GATE, ("destroy", "--", *chdir, *options, *_positional(positional)))
    if len(positional) > 1:
        return Route(
            RouteKind.REFUSE, reason=f"terraform applies one saved plan, not {len(positional)}"
        )
    saved = (f"--plan-file={positional[0]}",) if positional else ()
    return Route(RouteKind.GATE, ("apply", *saved, "--", *chdir, *options))


def _positional(words: Sequence[str]) -> tuple[str, ...]:
    """Arguments the wrapper must see as arguments (it refuses them), never as options."""
    return ("--", *words) if words else ()
