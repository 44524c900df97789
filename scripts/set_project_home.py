"""Point every reference to the project's home at OWNER/NAME (for a fork or a new organisation).

    python scripts/set_project_home.py OWNER/NAME

Rewrites `tfguard.REPOSITORY` (the one setting rule-doc links and SARIF derive from) and every
`github.com/<home>` and `uses: <home>@` line in the README, the recipes, the Action, pyproject and
the golden files. tests/test_project_home.py fails while any of them disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tfguard import REPOSITORY  # noqa: E402

FILES = [
    "tfguard/__init__.py",
    "README.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "action.yml",
    "pyproject.toml",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").rglob("*") if p.is_file()),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "golden").glob("*")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github").rglob("*.yml")),
]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not re.fullmatch(r"[A-Za-z0-9][\w.-]*/[\w.-]+", argv[0]):
        print(__doc__, file=sys.stderr)
        return 2
    new = argv[0]
    for name in FILES:
        path = ROOT / name
        if not path.is_file():
            continue
        text = path.read_text()
        updated = text.replace(f'REPOSITORY = "{REPOSITORY}"', f'REPOSITORY = "{new}"')
        updated = re.sub(
            rf"(github\.com/|uses: |\bgit\+https://github\.com/){re.escape(REPOSITORY)}\b",
            lambda m: m.group(1) + new,
            updated,
        )
        if updated != text:
            path.write_text(updated)
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
