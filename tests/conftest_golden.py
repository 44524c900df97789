"""The `--update-golden` pytest option: rewrite tests/golden/* instead of comparing.

A plugin, not part of tests/conftest.py: load it with `-p tests.conftest_golden`

    .venv/bin/python -m pytest tests/test_report_formats.py -p tests.conftest_golden --update-golden

(or set TFGUARD_UPDATE_GOLDEN=1). Adding `pytest_plugins = ["tests.conftest_golden"]` to
tests/conftest.py makes the option always available.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden report files under tests/golden/ instead of comparing.",
    )
