"""Running terraform (or tofu). The only module that starts subprocesses."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tfguard.errors import TerraformError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def show_json(plan_file: Path, terraform_bin: str) -> bytes:
    """`terraform show -json PLAN`, run in the current directory (the initialised workspace)."""
    argv = [terraform_bin, "show", "-no-color", "-json", str(plan_file)]
    try:
        done = subprocess.run(argv, capture_output=True, check=False, stdin=subprocess.DEVNULL)
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
            f"{done.returncode}: {last_line(done.stderr)}"
        )
    return done.stdout


def last_line(stderr: bytes) -> str:
    """The most telling line of terraform's error output, without colour or box drawing."""
    lines = [
        _ANSI.sub("", line).strip(" │╷╵\t")
        for line in stderr.decode("utf-8", "replace").splitlines()
    ]
    errors = [line for line in lines if line.startswith("Error:")]
    meaningful = [line for line in lines if line]
    return (errors or meaningful or ["no error output"])[0]
