"""The `--update-golden` pytest option: rewrite tests/golden/* instead of comparing.

tests/conftest.py loads this plugin, so `pytest --update-golden` (or TFGUARD_UPDATE_GOLDEN=1)
always works.
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
