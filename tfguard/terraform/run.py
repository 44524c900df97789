"""Running terraform (or tofu). The only module that starts subprocesses."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from tfguard.errors import TerraformError
from tfguard.record import record
from tfguard.terraform.args import without_env_args

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def show_json(plan_file: Path, terraform_bin: str) -> bytes:
    """`terraform show -json PLAN`, run in the current directory (the initialised workspace)."""
    argv = [terraform_bin, "show", "-no-color", "-json", str(plan_file)]
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env=without_env_args(os.environ),  # exactly this command, whatever TF_CLI_ARGS says
        )
    except FileNotFoundError:
        raise TerraformError(
            f"{plan_file}: is a binary plan and `{terraform_bin}` was not found to read it "
            "(choose one with --terraform-bin or TFGUARD_TERRAFORM_BIN)"
        ) from None
    except OSError as exc:
        raise TerraformError(f"{plan_file}: cannot run `{terraform_bin}`: {exc.strerror}") from None
    if done.returncode != 0:
        raise TerraformError(
            f"{plan_file}: `{terraform_bin} show -json` failed with exit code "
            f"{done.returncode}: {last_line(done.stderr)}{_workdir_hint(plan_file, Path.cwd())}"
        )
    return done.stdout


def _workdir_hint(plan_file: Path, cwd: Path) -> str:
    """Why `show` may have failed: a binary plan is read with the providers of the initialised
    working directory it was made in, and tfguard runs terraform in the current directory."""
    if (cwd / ".terraform").is_dir():
        return ""
    made_in = plan_file.resolve().parent
    where = f" (`cd {made_in}`)" if (made_in / ".terraform").is_dir() else ""
    return (
        f"; {cwd} is not an initialised Terraform directory: run tfguard in the directory the "
        f"plan was made in{where}, or check the JSON from `terraform show -json`"
    )


def last_line(stderr: bytes) -> str:
    """The most telling line of terraform's error output, without colour or box drawing."""
    lines = [
        _ANSI.sub("", line).strip(" │╷╵\t")
        for line in stderr.decode("utf-8", "replace").splitlines()
    ]
    errors = [line for line in lines if line.startswith("Error:")]
    meaningful = [line for line in lines if line]
    return (errors or meaningful or ["no error output"])[0]


# --------------------------------------------------------------------------- the wrapper

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Signals passed on to a running terraform. SIGHUP goes on as SIGTERM: terraform stops
gracefully on SIGINT/SIGTERM (state written), but dies on the spot on SIGHUP."""


@record
class Finished:
    """How one terraform command ended."""

    code: int
    interrupted: bool
    """A signal reached tfguard (and was passed on) while the command ran."""


class Session:
    """Runs the terraform commands of one wrapper run, with -chdir, forwarding signals.

    Terraform runs exactly the arguments given: TF_CLI_ARGS and TF_CLI_ARGS_<command> are taken
    out of its environment (the wrapper merged them into its own arguments beforehand, as
    terraform would have), so nothing can add an option or a plan file behind tfguard's back.

    Each child starts in its own session (process group), so a Ctrl-C at the terminal reaches
    tfguard alone, and tfguard passes it on exactly once: terraform's own "second Ctrl-C stops
    at once" behaviour is kept. A signal that arrives while no terraform runs raises
    KeyboardInterrupt, so the caller's `finally` blocks (temporary files) run.
    """

    def __init__(
        self, terraform_bin: str, chdir: str | None, stdout_to_stderr: bool = False
    ) -> None:
        self.terraform_bin = terraform_bin
        self.chdir = chdir
        self.stdout_to_stderr = stdout_to_stderr
        self.received: list[int] = []
        self._child: subprocess.Popen[bytes] | None = None
        self._starting = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Session:
        if threading.current_thread() is threading.main_thread():
            for signum in FORWARDED:
                self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def argv(self, *args: str) -> list[str]:
        chdir = [f"-chdir={self.chdir}"] if self.chdir else []
        return [self.terraform_bin, *chdir, *args]

    def stream(self, *args: str, automation: bool = False) -> Finished:
        """Run with tfguard's stdin, stdout and stderr: terraform's output appears as it runs.

        `automation` sets TF_IN_AUTOMATION, so terraform does not suggest commands to run
        next (`terraform apply "TMP/plan.tfplan"` for a file tfguard is about to remove).
        """
        env = without_env_args(os.environ)
        if automation:
            env["TF_IN_AUTOMATION"] = "1"
        return self._run(self.argv(*args), capture=False, env=env)[0]

    def capture(self, *args: str) -> tuple[Finished, bytes, bytes]:
        """Run with stdout and stderr captured (`show -json`); stdin is closed."""
        return self._run(self.argv(*args), capture=True, env=without_env_args(os.environ))

    def _run(
        self, argv: list[str], capture: bool, env: dict[str, str]
    ) -> tuple[Finished, bytes, bytes]:
        pipe = subprocess.PIPE if capture else None
        stdout = pipe if capture else (2 if self.stdout_to_stderr else None)
        before = len(self.received)
        self._starting = True
        try:
            try:
                child = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL if capture else None,
                    stdout=stdout,
                    stderr=pipe,
                    start_new_session=True,
                    env=env,
                )
            except FileNotFoundError:
                raise TerraformError(
                    f"`{self.terraform_bin}` was not found "
                    "(choose one with --terraform-bin or TFGUARD_TERRAFORM_BIN)"
                ) from None
            except OSError as exc:
                raise TerraformError(f"cannot run `{self.terraform_bin}`: {exc.strerror}") from None
            self._child = child
            self._starting = False
            if len(self.received) > before:  # a signal came while the child was starting
                self._forward(child, self.received[-1])
            out, err = child.communicate()
        finally:
            self._child = None
            self._starting = False
        interrupted = len(self.received) > before
        return Finished(child.returncode, interrupted), out or b"", err or b""

    def _on_signal(self, signum: int, frame: object) -> None:
        self.received.append(signum)
        child = self._child
        if child is not None:
            self._forward(child, signum)
        elif not self._starting:
            raise KeyboardInterrupt

    @staticmethod
    def _forward(child: subprocess.Popen[bytes], signum: int) -> None:
        if child.poll() is not None:
            return
        sent = signal.SIGTERM if signum == signal.SIGHUP else signum
        try:
            os.killpg(child.pid, sent)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(sent)


def exec_binary(binary: str, argv0: str, args: Sequence[str]) -> NoReturn:
    """Replace this process with `binary` (the shim's pass-through): same stdin, stdout, stderr,
    environment and exit code, nothing left of tfguard in between."""
    try:
        os.execv(binary, [argv0, *args])
    except OSError as exc:
        raise TerraformError(f"cannot run {binary}: {exc.strerror}") from None
