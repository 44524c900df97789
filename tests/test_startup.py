"""`tfguard check` on a JSON plan imports only what judging it needs: start-up is most of a
small plan's check (benchmarks/README.md), so the heavy dependencies of other steps and other
commands stay out until they are used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import plan_document, resource_change

PROBE = """
import json, sys
from tfguard import cli
code = cli.run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

NOT_NEEDED = (
    "jsonschema",  # the plan's top level is valid: the quick check in schemas answers
    "git",  # no config, no approval file, no base ref: git is never asked
    "urllib.request",  # no hosting platform is asked
    "rich",  # --format json
    "hcl2",  # rule packs come from the warm cache
    "tfguard.git.provenance",
    "tfguard.git.prevent_destroy",
    "tfguard.platform.context",
    "tfguard.terraform.wrapper",
    "tfguard.runtask",
    "tfguard.cli.wrap",
    "tfguard.cli.approvals",
    "tfguard.scaffold",
    "tfguard.terraform.run",  # a JSON plan: terraform is not run
    "tfguard.read.hcldata",  # no approval file
    "tarfile",  # no protected ref
    "tfguard.platform.http",  # no hosting platform is asked (nor urllib.error's tempfile)
    "importlib.resources",  # the schemas are read from beside their module
)


def _check(tmp_path: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, "TFGUARD_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TFGUARD_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


def test_check_of_a_json_plan_imports_only_what_it_needs(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    change = resource_change("aws_db_instance.main", ["delete"], before={"identifier": "db"})
    plan.write_text(json.dumps(plan_document(change)))
    args = (str(plan), "--format", "json", "--output", str(tmp_path / "report.json"))
    _check(tmp_path, *args)  # fills the rule-pack cache
    result = _check(tmp_path, *args)
    assert result["code"] == 1  # judged: the database delete blocks
    modules = set(result["modules"])  # type: ignore[call-overload]
    loaded = sorted(
        name for name in NOT_NEEDED if any(m == name or m.startswith(f"{name}.") for m in modules)
    )
    assert loaded == []
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["destructive"] == 1


def test_an_invalid_plan_is_still_refused_with_jsonschema_s_words(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "resource_changes": {}}))
    env = {**os.environ, "TFGUARD_CACHE_DIR": "off"}
    proc = subprocess.run(
        [sys.executable, "-m", "tfguard", "check", str(plan)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "not a valid plan: resource_changes: {} is not of type 'array'" in proc.stderr
