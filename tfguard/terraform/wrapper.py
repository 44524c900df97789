"""`tfguard plan | apply | destroy`: run terraform, gate the saved plan, apply exactly that file.

    terraform [-chdir=DIR] plan -out TMP/plan.tfplan ARGS   (output streamed as it runs)
    terraform [-chdir=DIR] show -json TMP/plan.tfplan        (captured)
    gate.judge(those bytes)                                  (the same pipeline as `check`)
    terraform [-chdir=DIR] apply TMP/plan.tfplan             (only when the verdict is pass)

What is applied is the very file that was judged: it never leaves tfguard's private temporary
directory between `show` and `apply` (a `--plan-file` is copied in first), and terraform itself
refuses a saved plan whose state changed since it was made ("Saved plan is stale"). A blocked
run keeps the plan (binary and JSON) and says how to approve it; the temporary directory is
removed whatever happens, Ctrl-C included.

This module orchestrates; `terraform.py` starts the processes and `cli.py` prints, through the
`Ui` it passes in.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from tfguard import pipeline as gate
from tfguard.errors import TerraformError, TfguardError
from tfguard.judge import emptystate
from tfguard.model import Verdict
from tfguard.terraform import run as terraform

# --------------------------------------------------------------------------- terraform arguments

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


# --------------------------------------------------------------------------- facts for the guard


def data_dir(workdir: Path, environ: Mapping[str, str]) -> Path:
    """Terraform's data directory: TF_DATA_DIR (relative to the working directory) or .terraform."""
    configured = Path(environ.get("TF_DATA_DIR") or ".terraform")
    return configured if configured.is_absolute() else workdir / configured


def read_facts(workdir: Path, environ: Mapping[str, str]) -> emptystate.Facts:
    """Backend type and workspace as terraform would pick them in `workdir`."""
    directory = data_dir(workdir, environ)
    backend = "local"
    try:
        recorded = json.loads((directory / "terraform.tfstate").read_text(encoding="utf-8"))
        kind = recorded.get("backend", {}).get("type") if isinstance(recorded, dict) else None
        if isinstance(kind, str) and kind:
            backend = kind
    except (OSError, ValueError, AttributeError):
        pass
    workspace = environ.get("TF_WORKSPACE", "")
    if not workspace:
        try:
            workspace = (directory / "environment").read_text(encoding="utf-8").strip()
        except OSError:
            workspace = ""
    return emptystate.Facts(backend, workspace or "default", str(workdir))


# --------------------------------------------------------------------------- the run


class Ui(Protocol):
    """What the wrapper shows; `cli.py` implements it (the only module that prints)."""

    def status(self, message: str) -> AbstractContextManager[object]: ...

    def note(self, message: str) -> None: ...

    def report(self, verdict: Verdict) -> None: ...

    def confirm(self, question: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Job:
    command: str
    """plan, apply or destroy."""
    terraform_bin: str
    args: TerraformArgs
    plan_file: Path | None = None
    """`--plan-file`: gate and apply this saved plan instead of planning."""
    out: Path | None = None
    """`--out` (or terraform's `-out`): keep the checked plan here."""
    terraform_stdout_to_stderr: bool = False
    """Keep stdout for the report (`--format json` and others)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    exit_code: int
    verdict: Verdict | None = None
    kept: Path | None = None
    applied: bool = False


PLAN_NAME = "plan.tfplan"


def run(job: Job, request: gate.Request, ui: Ui, environ: Mapping[str, str]) -> Outcome:
    """Plan (or take `--plan-file`), judge, and apply only on pass. Exit code as `check`."""
    if job.args.positional:
        what = job.args.positional[0]
        hint = f"; to apply a saved plan use --plan-file {what}" if job.command == "apply" else ""
        raise UsageError(f"unexpected terraform argument {what!r}{hint}")
    if job.plan_file is not None:
        saved_plan_args(job.args, str(job.plan_file))
    workdir = (request.cwd / job.args.chdir) if job.args.chdir else request.cwd
    if not workdir.is_dir():
        raise UsageError(f"-chdir={job.args.chdir}: no such directory")
    scratch = Path(tempfile.mkdtemp(prefix="tfguard-"))
    try:
        with terraform.Session(
            job.terraform_bin, job.args.chdir, job.terraform_stdout_to_stderr
        ) as tf:
            return _run(job, request, ui, environ, tf, workdir, scratch / PLAN_NAME)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(
    job: Job,
    request: gate.Request,
    ui: Ui,
    environ: Mapping[str, str],
    tf: terraform.Session,
    workdir: Path,
    plan_file: Path,
) -> Outcome:
    tool = Path(job.terraform_bin).name
    if job.plan_file is not None:
        _copy_in(job.plan_file, plan_file)
        label = str(job.plan_file)
    else:
        destroy = ["-destroy"] if job.command == "destroy" else []
        ui.note(f"tfguard: running {tool} plan; nothing is applied before the gate passes")
        done = tf.stream("plan", f"-out={plan_file}", *destroy, *job.args.plan, automation=True)
        _check(done, f"{tool} plan", "")
        label = f"{tool} plan" + (" -destroy" if destroy else "")
    with ui.status(f"Reading the plan ({tool} show -json)…"):
        done, shown, errors = tf.capture("show", "-no-color", "-json", str(plan_file))
    if done.interrupted:
        raise TerraformError(f"interrupted during `{tool} show -json`; nothing was applied")
    if done.code != 0:
        raise TerraformError(
            f"`{tool} show -json` failed with exit code {done.code}: "
            f"{terraform.last_line(errors)}; nothing was applied"
        )
    judged = replace(
        request,
        plans=[label],
        documents={label: shown},
        cwd=workdir,
        terraform_bin=job.terraform_bin,
        facts=read_facts(workdir, environ),
    )
    with ui.status("Judging the plan…"):
        verdict, _ = gate.judge(judged)
    ui.report(verdict)
    if not verdict.passed:
        dest = job.out or default_keep(workdir, environ, datetime.now(timezone.utc))
        blocked = keep(plan_file, shown, dest)
        ui.note(blocked_help(job, request, blocked, verdict))
        return Outcome(1, verdict, blocked)
    kept = keep(plan_file, shown, job.out) if job.out else None
    if kept is not None:
        ui.note(f"tfguard: the checked plan is kept at {display(kept)} (and its JSON)")
    if job.command == "plan":
        if kept is None:
            ui.note("tfguard: nothing applied; the plan was not kept (--out FILE keeps it)")
        return Outcome(0, verdict, kept)
    if (
        job.plan_file is None
        and not job.args.auto_approve
        and not ui.confirm(
            f"tfguard: the gate passed. Apply exactly this plan with {tool}? "
            "Only 'yes' will be accepted"
        )
    ):
        ui.note("tfguard: apply cancelled; nothing was applied")
        return Outcome(1, verdict, kept)
    done = tf.stream("apply", *job.args.apply, str(plan_file))
    _check(done, f"{tool} apply", "; its output above says what was applied")
    return Outcome(0, verdict, kept, applied=True)


def _check(done: terraform.Finished, step: str, consequence: str) -> None:
    if done.interrupted:
        raise TerraformError(
            f"{step} was interrupted (exit code {done.code})"
            + (consequence or "; nothing was applied")
        )
    if done.code != 0:
        raise TerraformError(f"{step} failed with exit code {done.code}{consequence}")


def _copy_in(source: Path, dest: Path) -> None:
    """The saved plan, copied once into the private directory: judged and applied as one file."""
    try:
        shutil.copyfile(source, dest)
    except FileNotFoundError:
        raise UsageError(f"--plan-file {source}: no such file") from None
    except OSError as exc:
        raise UsageError(f"--plan-file {source}: cannot read: {exc.strerror}") from None


# --------------------------------------------------------------------------- a kept plan


def default_keep(workdir: Path, environ: Mapping[str, str], now: datetime) -> Path:
    """Under terraform's data directory (.terraform: git-ignored almost everywhere, and a plan
    holds secrets), one file per run."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    directory = data_dir(workdir, environ) / "tfguard"
    path = directory / f"plan-{stamp}.tfplan"
    serial = 1
    while path.exists():
        serial += 1
        path = directory / f"plan-{stamp}-{serial}.tfplan"
    return path


def json_path(binary: Path) -> Path:
    return binary.with_name(binary.stem + ".json") if binary.suffix else Path(f"{binary}.json")


def keep(plan_file: Path, shown: bytes, dest: Path) -> Path:
    """Copy the checked plan to `dest` and its `show -json` beside it, readable by the owner
    only (both hold every value of the plan, sensitive ones included)."""
    if dest.suffix == ".json":
        raise UsageError(f"{dest}: name the binary plan file (its JSON goes beside it)")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _write_private(dest, plan_file.read_bytes())
        _write_private(json_path(dest), shown)
    except OSError as exc:
        raise TerraformError(f"{dest}: cannot keep the plan: {exc.strerror}") from None
    return dest


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def blocked_help(job: Job, request: gate.Request, kept: Path, verdict: Verdict) -> str:
    """What happened, where the plan is, and the exact commands to approve and apply it."""
    flags: list[str] = []
    if request.approvals_file is not None:
        flags += ["--approvals", str(request.approvals_file)]
    if request.config_file is not None:
        flags += ["--config", str(request.config_file)]
    if request.allow_unversioned:
        flags.append("--allow-unversioned-approvals")
    rules = [x for d in request.rule_dirs for x in ("--rules", str(d))]
    approve = ["tfguard", "approve", display(json_path(kept)), *rules, *flags]
    apply = ["tfguard", "apply", "--plan-file", display(kept), *rules, *flags]
    if job.terraform_bin != "terraform":
        apply += ["--terraform-bin", job.terraform_bin]
    if job.args.chdir:
        apply += ["--", f"-chdir={job.args.chdir}"]
    applied = "nothing was applied" if job.command != "plan" else "nothing is applied by plan"
    count = len(verdict.blocking)
    return "\n".join(
        [
            f"tfguard: BLOCKED: {count} destructive change(s) not approved; {applied}, "
            "state untouched.",
            f"tfguard: the checked plan is kept at {display(kept)} "
            f"(JSON: {display(json_path(kept))}; both hold secrets, mode 0600).",
            "To approve it, request approval entries and get them reviewed:",
            f"  {shlex.join(approve)} --reason '…why…'",
            "  then commit tfguard-approvals.hcl; each approver adds their name in their own "
            "commit.",
            "Once approved, apply exactly this plan (terraform refuses it if the state has "
            "changed since):",
            f"  {shlex.join(apply)}",
        ]
    )
