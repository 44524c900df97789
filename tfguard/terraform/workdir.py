"""A terraform working directory: its data directory, what it says about the backend and
workspace, and where a checked plan is kept."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

from tfguard.errors import TerraformError
from tfguard.judge import emptystate
from tfguard.terraform.args import UsageError


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


def keep_path(out: Path | None, terraform_out: str | None, chdir: str | None) -> Path | None:
    """Where the checked plan is kept: `--out` as given, or terraform's `-out`, which terraform
    reads relative to `-chdir`."""
    if out is not None:
        return out
    if terraform_out is None:
        return None
    keep = Path(terraform_out)
    return Path(chdir) / keep if chdir and not keep.is_absolute() else keep
