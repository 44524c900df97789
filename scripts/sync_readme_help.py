"""Rewrite the `tfguard check --help` block in README.md from the real CLI (run after CLI changes;
tests/test_readme.py fails while the two differ)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    help_text = subprocess.run(
        [sys.executable, "-m", "tfguard", "check", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    text = README.read_text()
    block = re.compile(r"```\nUsage: tfguard check.*?```", re.DOTALL)
    README.write_text(block.sub(lambda _: "```\n" + help_text.rstrip() + "\n```", text, count=1))


if __name__ == "__main__":
    main()
