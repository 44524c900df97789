"""The real clock, in one place (tests replace `now`; no flag or variable can)."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)
