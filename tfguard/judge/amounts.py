"""Values as comparable amounts: numbers, numeric strings, durations and retention settings.

`magnitude` reads one value as a number ("604800000", "86400s", "P7D" …). `kept` reads a
retention setting as how much it keeps, in one base unit per kind (seconds for time, else the
unit itself), so that settings written in days, hours, milliseconds, ISO 8601 or Go durations,
as numbers or strings, or as named tiers compare; `FOREVER` stands for the values that keep
everything (CloudWatch's 0, Kafka's -1, an expiration that is not set).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, time, timezone
from typing import Any

from tfguard.model import Retention, Sensitive

FOREVER = math.inf

_SECONDS = re.compile(r"\A(\d+(?:\.\d+)?)s\Z")
_ISO_DURATION = re.compile(
    r"\AP(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\Z"
)
_DAY = 86400.0
_YEAR = 365.25 * _DAY
_ISO_UNITS = (_YEAR, _YEAR / 12, 7 * _DAY, _DAY, 3600.0, 60.0, 1.0)
_GO_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_GO_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": _DAY}

TIME_UNITS: dict[str, float] = {
    "ms": 0.001,
    "seconds": 1.0,
    "minutes": 60.0,
    "hours": 3600.0,
    "days": _DAY,
    "weeks": 7 * _DAY,
    "months": _YEAR / 12,
    "years": _YEAR,
}
OTHER_UNITS = ("count", "bytes")
DATE = "date"
"""A calendar date (S3 lifecycle `expiration.date`): the amount is its Unix time, so an earlier
date keeps less."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def duration_seconds(text: str) -> float | None:
    """Seconds in "86400s" (Google), "72h" / "1h30m" (Go) or "P7D" / "PT0S" (ISO 8601)."""
    seconds = _SECONDS.match(text)
    if seconds:
        return float(seconds.group(1))
    iso = _ISO_DURATION.match(text)
    if iso and text not in ("P", "PT") and not text.endswith("T"):
        return sum(float(p) * unit for p, unit in zip(iso.groups(), _ISO_UNITS, strict=True) if p)
    parts = _GO_PART.findall(text)
    if parts and "".join(n + u for n, u in parts) == text:
        return sum(float(n) * _GO_UNITS[u] for n, u in parts)
    return None


def magnitude(value: Any) -> float | None:
    """A comparable number: numbers, numeric strings ("604800000", as Kafka configs write them),
    Google durations ("86400s") and ISO 8601 durations ("P7D", "PT0S", as Azure writes them)."""
    if _number(value):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        return duration_seconds(text)


class Unreadable(str):
    """Why a retention value cannot be read as an amount (it is unknown, hidden or odd)."""


UNKNOWN_VALUE = Unreadable("known only after apply")
HIDDEN_VALUE = Unreadable("sensitive")


def unit_factor(unit: str) -> float | None:
    """The base amount of one `unit` ("days", "DAYS", "weeks" …); None when it is not a unit."""
    name = unit.strip().lower()
    if name in TIME_UNITS or name in OTHER_UNITS:
        return TIME_UNITS.get(name, 1.0)
    if name + "s" in TIME_UNITS:
        return TIME_UNITS[name + "s"]
    return None


def kept(
    value: Any, spec: Retention, unit: Any = None, unknown: bool = False
) -> float | Unreadable:
    """How much a setting with this value keeps, in the base unit (FOREVER for unlimited).

    `unit` is the value of `spec.unit_from` when the pack names one."""
    if unknown:
        return UNKNOWN_VALUE
    if isinstance(value, Sensitive) or isinstance(unit, Sensitive):
        return HIDDEN_VALUE
    if _unlimited(value, spec):
        return FOREVER
    if spec.unit == DATE:
        when = _date_seconds(value)
        return Unreadable(f"{value!r} is not a date") if when is None else when
    factor = unit_factor(str(unit)) if spec.unit_from is not None else unit_factor(spec.unit)
    if factor is None:
        return Unreadable(f"unit {unit!r} is not one tfguard knows")
    named = dict(spec.named)
    if isinstance(value, str) and value in named:
        return named[value] * factor
    if spec.unit in TIME_UNITS and isinstance(value, str):
        seconds = duration_seconds(value.strip())
        if seconds is not None:
            return seconds
    amount = None if value is None else magnitude(value)
    if amount is None:
        return Unreadable("null" if value is None else f"{value!r} is not an amount")
    if amount < 0:  # -1 means "inherit" or "no limit" to some providers: the pack must say
        return Unreadable(f"{value!r} is not an amount")
    return amount * factor


def _date_seconds(value: Any) -> float | None:
    """Unix time of "2026-01-01" or an RFC 3339 timestamp ("2026-01-01T00:00:00Z"), UTC when
    no offset is given."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _unlimited(value: Any, spec: Retention) -> bool:
    if value is None:
        return None in spec.unlimited
    amount = magnitude(value)
    return any(
        v == value or (v is not None and amount is not None and magnitude(v) == amount)
        for v in spec.unlimited
    )


def keeps_less(before: float | Unreadable, after: float | Unreadable, spec: Retention) -> bool:
    """The new setting keeps less than the old one, or cannot be shown not to (fail closed).

    A new value that keeps everything never keeps less; an old one that cannot be read is
    compared as if it kept everything, so any limit at all counts as keeping less. Callers
    ask only when the two values differ."""
    if after == FOREVER:
        return False
    if isinstance(after, Unreadable) or isinstance(before, Unreadable):
        return True
    return after < before if spec.keeps_less == "smaller" else after > before


def describe(amount: float | Unreadable, spec: Retention) -> str:
    """An amount as a person reads it: "35 days", "36 hours", "forever", "(sensitive)"."""
    if isinstance(amount, Unreadable):
        return f"({amount})"
    if amount == FOREVER:
        return "never" if spec.unit == DATE else "forever"
    if spec.unit == DATE:
        moment = datetime.fromtimestamp(amount, tz=timezone.utc)
        return moment.date().isoformat() if moment.time() == time() else moment.isoformat()
    if spec.unit in OTHER_UNITS:
        return _plural(amount, "byte" if spec.unit == "bytes" else "")
    for name in ("years", "days", "hours", "minutes", "seconds"):
        size = TIME_UNITS[name]
        if amount >= size and (amount / size).is_integer():
            return _plural(amount / size, name[:-1])
    return _plural(amount * 1000, "millisecond") if amount < 1 else _plural(amount, "second")


def _plural(amount: float, noun: str) -> str:
    number = f"{amount:g}" if not amount.is_integer() else str(int(amount))
    if not noun:
        return number
    return f"{number} {noun}" + ("" if amount == 1 else "s")
