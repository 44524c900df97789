"""`python -I -m tfguard.shim NAME DIR [--audit-log FILE] -- ARGS...`: what an installed shim
script runs. Nothing imports this module; it imports `tfguard.cli` only to gate, so a
pass-through costs one interpreter start and the routing."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tfguard.model import unreachable
from tfguard.shim.install import NAMES, find_real
from tfguard.shim.route import RouteKind, route


def refusal(name: str, args: Sequence[str], real: Path, reason: str) -> str:
    from tfguard.terminal import escape

    typed = escape(shlex.join([name, *args]))
    return (
        f"tfguard shim: refused `{typed}`: {escape(reason)}.\n"
        "This terraform is a tfguard shim, a guardrail against accidental state surgery by "
        "agents and scripts.\n"
        "If a human means it, run the real binary deliberately, by its full path:\n"
        f"  {escape(shlex.join([str(real), *args]))}\n"
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
            "actor": audit.actor(environ, sys.stdin.isatty(), audit.os_account()),
        },
    )


def main(argv: Sequence[str]) -> int:
    """`NAME DIR [--audit-log FILE] -- ARGS...`, as the shim script calls it."""
    name, shim_dir, audit_log, args = _parse(argv)
    real = find_real(name, os.environ.get("PATH", ""), shim_dir)
    if real is None:
        from tfguard.terminal import escape

        where = escape(str(shim_dir))
        sys.stderr.write(
            f"tfguard shim: no real {name} on PATH besides the tfguard shim in {where}\n"
        )
        return 127
    decision = route(args, os.environ)
    if decision.kind is RouteKind.PASS:
        from tfguard.terraform import run as terraform

        terraform.exec_binary(str(real), name, args)
    elif decision.kind is RouteKind.REFUSE:
        sys.stderr.write(refusal(name, args, real, decision.reason))
        if audit_log is not None:
            from tfguard.errors import TfguardError

            try:
                record(audit_log, name, args, real, os.environ)
            except TfguardError as exc:
                from tfguard.terminal import escape

                sys.stderr.write(f"tfguard shim: {escape(str(exc))}\n")
        return 1
    elif decision.kind is RouteKind.GATE:
        return _gate(name, real, audit_log, decision.tfguard_args)
    else:
        unreachable(decision.kind)


def _gate(name: str, real: Path, audit_log: Path | None, tfguard_args: Sequence[str]) -> int:
    """Run the command through `tfguard apply|destroy` (this process becomes the gate)."""
    from tfguard.terraform.args import without_env_args

    # The gate runs what terraform would have run: TF_CLI_ARGS* are merged into the arguments
    # already, so the wrapper's own terraform calls must not see them again; and nothing in
    # the caller's environment may move tfguard's clock.
    gated = without_env_args(os.environ)
    gated.pop("TFGUARD_NOW", None)
    gated["TFGUARD_SHIM"] = name
    os.environ.clear()
    os.environ.update(gated)
    from tfguard import cli

    command, *rest = tfguard_args
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
