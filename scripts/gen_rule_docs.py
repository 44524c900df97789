#!/usr/bin/env python3
"""Write docs/rules.md, the rule catalogue, and the README's "What tfguard knows about your data"
section from the built-in rule packs (rules/*.hcl).

    .venv/bin/python scripts/gen_rule_docs.py           # rewrite docs/rules.md
    .venv/bin/python scripts/gen_rule_docs.py --check   # exit 1 if it is out of date

Run it after changing a pack; tests/test_report_formats.py fails while the file is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tfguard.catalogue import DOCS_PATH, knowledge_summary, markdown_catalogue  # noqa: E402
from tfguard.read import rulebook  # noqa: E402

README = REPO / "README.md"
BEGIN, END = "<!-- BEGIN GENERATED: knowledge -->\n", "<!-- END GENERATED: knowledge -->"


def generate() -> str:
    return markdown_catalogue(rulebook.load())


def readme(text: str) -> str:
    """README.md with the generated section replaced by the current one."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + BEGIN + knowledge_summary(rulebook.load()) + END + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    target = REPO / DOCS_PATH
    text = generate()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    readme_now = README.read_text(encoding="utf-8")
    if args.check:
        if readme(readme_now) != readme_now:
            print("README.md knowledge section is out of date", file=sys.stderr)
            return 1
        if current != text:
            print(f"{DOCS_PATH} is out of date: run scripts/gen_rule_docs.py", file=sys.stderr)
            return 1
        print(f"{DOCS_PATH} is up to date")
        return 0
    if readme(readme_now) != readme_now:
        README.write_text(readme(readme_now), encoding="utf-8")
        print("wrote README.md knowledge section")
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {DOCS_PATH}")
    else:
        print(f"{DOCS_PATH} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
