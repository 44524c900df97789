"""A terraform working directory: its data directory, what it says about the backend and
workspace, and where a checked plan is kept."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from pathlib import Path

from tfguard import atomic
from tfguard.errors import TerraformError, UsageError
from tfguard.judge import emptystate


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


BLOCKED_PLAN = "blocked.tfplan"
"""The one blocked plan kept per working directory, under `<data dir>/tfguard/`."""


def blocked_plan(workdir: Path, environ: Mapping[str, str]) -> Path:
    """Where a blocked plan waits for its approval: under terraform's data directory
    (.terraform: git-ignored almost everywhere, and a plan holds secrets)."""
    return data_dir(workdir, environ) / "tfguard" / BLOCKED_PLAN


def forget_blocked(workdir: Path, environ: Mapping[str, str]) -> list[Path]:
    """Remove the kept blocked plan of `workdir` (a newer plan supersedes it), and what earlier
    versions kept there (one `plan-STAMP.tfplan` and its JSON per run). Returns what went."""
    directory = blocked_plan(workdir, environ).parent
    removed: list[Path] = []
    for pattern in (BLOCKED_PLAN, "plan-*.tfplan", "plan-*.json"):
        for path in sorted(directory.glob(pattern)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def keep(plan_file: Path, dest: Path) -> Path:
    """Copy the checked (binary) plan to `dest`, readable by the owner only: it holds every value
    of the plan, sensitive ones included. Its JSON rendering never touches the disk."""
    if dest.suffix == ".json":
        raise UsageError(
            f"{dest}: a kept plan is terraform's binary plan; name it e.g. plan.tfplan"
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        atomic.write(dest, plan_file.read_bytes(), mode=0o600)
    except OSError as exc:
        raise TerraformError(f"{dest}: cannot keep the plan: {exc.strerror}") from None
    return dest


def display(path: Path, base: Path | None = None) -> str:
    """`path` relative to `base` (the current directory) when it is below it."""
    try:
        return str(path.resolve().relative_to((base or Path.cwd()).resolve()))
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
