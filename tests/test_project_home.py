"""One setting for the project's home: links, SARIF, recipes and install lines all agree with it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tfguard import HOME, REPOSITORY
from tfguard.catalogue import DOCS_URL
from tfguard.report.sarif import INFORMATION_URI

ROOT = Path(__file__).resolve().parent.parent
TEXT_FILES = [
    ROOT / "README.md",
    ROOT / "action.yml",
    ROOT / "pyproject.toml",
    *sorted((ROOT / "examples").rglob("*.y*ml")),
    *sorted((ROOT / "examples").rglob("*.md")),
    *sorted((ROOT / ".github").rglob("*.yml")),
]
# `uses: X/tfguard@…`, `github.com/X/tfguard`: any owner spelt in a doc or recipe
MENTION = re.compile(r"(?:uses:\s*|github\.com/)([\w.-]+/tfguard)\b")


def test_code_derives_links_from_the_one_setting() -> None:
    assert f"https://github.com/{REPOSITORY}" == HOME
    assert DOCS_URL.startswith(HOME + "/")
    assert INFORMATION_URI == HOME


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_and_recipes_name_the_same_home(path: Path) -> None:
    text = path.read_text()
    assert "OWNER/" not in text, f"{path.name} still holds a placeholder owner"
    assert {m.group(1) for m in MENTION.finditer(text)} <= {REPOSITORY}


def test_the_home_can_be_changed_in_one_command(tmp_path: Path) -> None:
    for name in ("scripts/set_project_home.py", "tfguard/__init__.py", "README.md", "examples"):
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    script = tmp_path / "scripts" / "set_project_home.py"
    done = subprocess.run(
        [sys.executable, "-I", str(script), "acme/tfguard"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert 'REPOSITORY = "acme/tfguard"' in (tmp_path / "tfguard" / "__init__.py").read_text()
    recipe = (tmp_path / "examples" / "ci" / "github-actions.yml").read_text()
    assert "uses: acme/tfguard@" in recipe and f"{REPOSITORY}@" not in recipe
