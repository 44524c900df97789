"""`tfguard plan | apply | destroy`: run terraform, gate the saved plan, apply exactly that file.

    terraform [-chdir=DIR] plan -out TMP/plan.tfplan ARGS   (output streamed as it runs)
    terraform [-chdir=DIR] show -json TMP/plan.tfplan        (captured)
    gate.judge(those bytes)                                  (the same pipeline as `check`)
    terraform [-chdir=DIR] apply TMP/plan.tfplan             (only when the verdict is pass)

What is applied is the very file that was judged: it never leaves tfguard's private temporary
directory between `show` and `apply` (a `--plan-file` is copied in first), and terraform itself
refuses a saved plan whose state changed since it was made ("Saved plan is stale"). A blocked
run keeps the binary plan (one per working directory: the latest blocked one, removed once a
newer plan supersedes it) and says where it is and how to approve it. The JSON rendering lives
in memory only; the temporary directory is removed whatever happens, Ctrl-C included.

This module orchestrates: `args` holds terraform's argument grammar, `workdir` the data
directory and the kept plan, `run` starts the processes, and `cli` prints, through the `Ui` it
passes in.
"""

from __future__ import annotations

import shlex
import shutil
import tempfile
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from tfguard import ledger
from tfguard import pipeline as gate
from tfguard.errors import ExitCode, TerraformError, UsageError
from tfguard.model import Verdict
from tfguard.record import record
from tfguard.terraform import run as terraform
from tfguard.terraform.args import TerraformArgs, saved_plan_args
from tfguard.terraform.workdir import blocked_plan, display, forget_blocked, keep, read_facts

# --------------------------------------------------------------------------- the run


class Ui(Protocol):
    """What the wrapper shows; `cli.wrap` implements it (only the cli prints)."""

    def status(self, message: str) -> AbstractContextManager[object]: ...

    def note(self, message: str) -> None: ...

    def report(self, verdict: Verdict) -> None: ...

    def confirm(self, question: str) -> bool: ...


@record
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


@record
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
        verdict, cfg = gate.judge(judged)
    ui.report(verdict)
    superseded = forget_blocked(workdir, environ)  # this newer plan replaces any kept one
    if not verdict.passed:
        blocked = keep(plan_file, job.out or blocked_plan(workdir, environ))
        ui.note(blocked_help(job, request, blocked, verdict, workdir))
        return Outcome(ExitCode.BLOCKED, verdict, blocked)
    if superseded:
        gone = ", ".join(display(p) for p in superseded)
        ui.note(f"tfguard: removed the superseded blocked plan {gone}")
    kept = keep(plan_file, job.out) if job.out else None
    if kept is not None:
        ui.note(
            f"tfguard: the checked plan is kept at {display(kept)} (mode 0600: it holds secrets)"
        )
    if job.command == "plan":
        if kept is None:
            ui.note("tfguard: nothing applied; the plan was not kept (--out FILE keeps it)")
        return Outcome(ExitCode.PASS, verdict, kept)
    if (
        job.plan_file is None
        and not job.args.auto_approve
        and not ui.confirm(
            f"tfguard: the gate passed. Apply exactly this plan with {tool}? "
            "Only 'yes' will be accepted"
        )
    ):
        ui.note("tfguard: apply cancelled; nothing was applied")
        return Outcome(ExitCode.BLOCKED, verdict, kept)
    book = gate.ledger_path(judged, cfg)
    if book is not None:  # spent before terraform starts: one apply per approval
        used = [
            a.coverage.approval
            for a in verdict.assessments
            if a.coverage and a.coverage.approved and a.coverage.approval
        ]
        ledger.use(book, gate.work_tree(judged), used, label)
        if used:
            ui.note(f"tfguard: {len(used)} approval(s) used by this apply, recorded in {book}")
    done = tf.stream("apply", *job.args.apply, str(plan_file))
    _check(done, f"{tool} apply", "; its output above says what was applied")
    return Outcome(ExitCode.PASS, verdict, kept, applied=True)


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


def blocked_help(
    job: Job, request: gate.Request, kept: Path, verdict: Verdict, workdir: Path
) -> str:
    """What happened, where the plan is, and the exact commands to approve and apply it."""
    elsewhere = job.args.chdir is not None
    flags: list[str] = []
    if request.approvals_file is not None:
        flags += ["--approvals", _path(request.approvals_file, elsewhere)]
    if request.config_file is not None:
        flags += ["--config", _path(request.config_file, elsewhere)]
    if request.allow_unversioned:
        flags.append("--allow-unversioned-approvals")
    flags += [x for d in request.rule_dirs for x in ("--rules", _path(d, elsewhere))]
    binary = ["--terraform-bin", job.terraform_bin] if job.terraform_bin != "terraform" else []
    # `approve` reads the binary plan with `terraform show -json`, which needs the initialised
    # working directory, so it runs there; the gate judged with that directory's config too.
    approve = ["tfguard", "approve", display(kept, workdir if elsewhere else None), *flags, *binary]
    cd = f"cd {shlex.quote(str(job.args.chdir))} && " if elsewhere else ""
    apply = ["tfguard", "apply", "--plan-file", display(kept), *flags, *binary]
    if job.args.chdir:
        apply += ["--", f"-chdir={job.args.chdir}"]
    applied = "nothing was applied" if job.command != "plan" else "nothing is applied by plan"
    count = len(verdict.blocking)
    return "\n".join(
        [
            f"tfguard: BLOCKED: {count} destructive change(s) not approved; {applied}, "
            "state untouched.",
            f"tfguard: the checked plan is kept at {display(kept)} (mode 0600: it holds "
            "secrets; the next plan in this directory replaces it).",
            "To approve it, request approval entries and get them reviewed:",
            f"  {cd}{shlex.join(approve)} --reason '…why…'",
            "  then commit tfguard-approvals.hcl; each approver adds their name in their own "
            "commit.",
            "Once approved, apply exactly this plan (terraform refuses it if the state has "
            "changed since):",
            f"  {shlex.join(apply)}",
        ]
    )


def _path(path: Path, absolute: bool) -> str:
    return str(path.absolute()) if absolute else str(path)
