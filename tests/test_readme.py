"""The README stays true: its --help block is the real one and its commands exist."""

from __future__ import annotations

import re

from tests.helpers import REPO

README = (REPO / "README.md").read_text()


def test_check_help_in_readme_is_current(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    help_text = run("check", "--help").stdout
    block = re.search(r"```\n(Usage: tfguard check.*?)```", README, re.DOTALL)
    assert block, "README lost its `tfguard check --help` block"
    assert block.group(1).strip() == help_text.strip()


def test_quick_start_example_exists() -> None:
    for path in re.findall(r"tfguard check (examples/[\w./-]+\.json)", README):
        assert (REPO / path).is_file(), path


def test_knowledge_section_is_generated_from_the_packs() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "gen_rule_docs.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.readme(README) == README, "run scripts/gen_rule_docs.py"
