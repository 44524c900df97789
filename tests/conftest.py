"""Shared builders: real plan-JSON dicts, and a `run` fixture that runs the CLI in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tfguard import cli

pytest_plugins = ["tests.conftest_golden"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def resource_change(
    address: str,
    actions: list[str],
    before: Any = None,
    after: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One `resource_changes` entry as `terraform show -json` writes it."""
    parts = address.split(".")
    while parts[0] == "module":
        parts = parts[2:]
    mode = "data" if parts[0] == "data" else "managed"
    resource_type, name = parts[-2], parts[-1].split("[")[0]
    change: dict[str, Any] = {
        "actions": actions,
        "before": before,
        "after": after,
        "after_unknown": extra.pop("after_unknown", {}),
        "before_sensitive": extra.pop("before_sensitive", False if before is None else {}),
        "after_sensitive": extra.pop("after_sensitive", False if after is None else {}),
    }
    for key in ("replace_paths", "importing"):
        if key in extra:
            change[key] = extra.pop(key)
    entry: dict[str, Any] = {
        "address": address,
        "mode": mode,
        "type": resource_type,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/" + resource_type.split("_")[0],
        "change": change,
    }
    if address.startswith("module."):
        entry["module_address"] = ".".join(address.split(".")[:-2])
    entry.update(extra)
    return entry


def plan_document(*changes: dict[str, Any], **top: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": list(changes),
        "configuration": {"root_module": {}},
        "complete": True,
        "errored": False,
    }
    document.update(top)
    return document


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def write(*changes: dict[str, Any], name: str | None = None, **top: Any) -> Path:
        path = tmp_path / (name or f"plan{next(counter)}.json")
        path.write_text(json.dumps(plan_document(*changes, **top)))
        return path

    return write


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(scope="session")
def rule_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rule-cache")


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, rule_cache: Path
) -> Callable[..., Result]:
    """Run `tfguard ARGS...` in-process and return exit code, stdout and stderr."""
    monkeypatch.setenv("TFGUARD_CACHE_DIR", str(rule_cache))
    monkeypatch.delenv("TFGUARD_TERRAFORM_BIN", raising=False)

    def invoke(*args: str | Path) -> Result:
        capsys.readouterr()
        code = cli.run([str(a) for a in args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return invoke
